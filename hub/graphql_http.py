"""GraphQL over HTTP: POST /graphql with JSON, answered as the GraphQL-over-HTTP spec says.

Requests are authenticated (API key) and rate limited first, read with a size cap, executed
against the schema with a per-request context within a time limit, and every error leaves with
a stable `extensions.code`; unexpected errors are masked and logged with a correlation id.
Personal fields withheld from the key get a FORBIDDEN_FIELD error each, and an operation that
consulted personal data is written to the audit log before its answer leaves.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.exceptions import MissingQueryError
from strawberry.federation import Schema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult

from hub.config import Settings
from hub.errors import HubError
from hub.graphiql import PAGE_HEADERS
from hub.ops import correlation
from hub.ops.metrics import count_driver_statement
from hub.ops.requests import Observed
from hub.plan import PATH_HEADER, compiled_result, persisted_query, plan_headers
from hub.resolvers.context import RequestContext
from hub.resolvers.reader import Reader
from hub.security.audit import needs_audit, write_audit
from hub.security.errors import SecurityError
from hub.security.gate import Gate, read_purpose
from hub.security.principal import Role
from hub.security.state import RequestSecurity

log = logging.getLogger("hub.graphql")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
#: PostgreSQL's SQLSTATE for a statement cancelled by `statement_timeout`.
QUERY_CANCELED = "57014"
#: graphql-core's hints at names of the schema ("Did you mean 'x'?"), which the hub never gives.
SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


class RequestError(HubError):
    """The HTTP request cannot be executed at all (bad JSON, no query, too large...)."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(code, message)
        self.status = status


def error_entry(error: GraphQLError) -> dict[str, Any]:
    """One entry of `errors`, with a stable code; unexpected errors are masked and logged."""
    entry: dict[str, Any] = {"message": error.message}
    if error.locations:
        entry["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        entry["path"] = error.path
    original = error.original_error
    if isinstance(original, HubError):
        entry["message"] = original.message
        entry["extensions"] = original.extensions()
    elif isinstance(original, DBAPIError) and _sqlstate(original) == QUERY_CANCELED:
        entry["message"] = "a database statement took longer than the statement timeout"
        entry["extensions"] = {"code": "STATEMENT_TIMEOUT"}
    elif original is not None and not isinstance(original, GraphQLError):
        correlation_id = correlation.current() or uuid.uuid4().hex
        log.error("unexpected error %s at %s", correlation_id, error.path, exc_info=original)
        entry["message"] = f"Internal error; quote {correlation_id} when reporting it."
        entry["extensions"] = {"code": "INTERNAL_SERVER_ERROR", "correlationId": correlation_id}
    else:
        entry["extensions"] = {"code": _request_error_code(error)}
    entry["message"] = SUGGESTION.sub("", entry["message"])
    return entry


def _sqlstate(error: DBAPIError) -> str | None:
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return None if state is None else str(state)


def masked_entries(security: RequestSecurity) -> list[dict[str, Any]]:
    """One FORBIDDEN_FIELD error per personal field withheld from the principal."""
    return [
        {
            "message": f"{masked.field} is personal data this key may not see",
            "path": list(masked.path),
            "extensions": {"code": "FORBIDDEN_FIELD"},
        }
        for masked in security.masked
    ]


def _request_error_code(error: GraphQLError) -> str:
    if error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if error.message.startswith("Variable "):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused once it passes `limit` bytes (whatever Content-Length says)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise RequestError("BODY_TOO_LARGE", f"the body is over {limit} bytes", 413)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError("BODY_TOO_LARGE", f"the body is over {limit} bytes", 413)
        chunks.append(chunk)
    return b"".join(chunks)


def parse_params(body: bytes, content_type: str) -> tuple[str, dict[str, Any] | None, str | None]:
    """The query, variables and operation name of a GraphQL-over-HTTP POST body."""
    if content_type.split(";")[0].strip().lower() != JSON:
        raise RequestError("UNSUPPORTED_MEDIA_TYPE", "send the request as application/json", 415)
    try:
        params = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise RequestError("BAD_REQUEST", "the body is not valid JSON", 400) from error
    if not isinstance(params, dict):
        raise RequestError("BAD_REQUEST", "the body must be one JSON object (no batches)", 400)
    query = persisted_query(params.get("query"), params.get("extensions"))
    variables = params.get("variables")
    operation_name = params.get("operationName")
    if not isinstance(query, str) or not query.strip():
        raise RequestError("BAD_REQUEST", "`query` must be a non-empty string", 400)
    if variables is not None and not isinstance(variables, dict):
        raise RequestError("BAD_REQUEST", "`variables` must be an object", 400)
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestError("BAD_REQUEST", "`operationName` must be a string", 400)
    extensions = params.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise RequestError("BAD_REQUEST", "`extensions` must be an object", 400)
    # A NUL can only come from the escape `\u0000` (JSON forbids raw control characters).
    if b"\\u0000" in body and _holds_nul([variables, operation_name]):
        raise RequestError(
            "BAD_USER_INPUT", "text may not contain the NUL character (\\u0000)", 400
        )
    return query, variables, operation_name


def _holds_nul(value: object) -> bool:
    """Whether any text in a JSON value holds a NUL character (no record holds one, and
    PostgreSQL cannot store one); iterative, as JSON may nest a thousand deep."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _media_type(request: Request) -> str:
    accept = request.headers.get("accept", "")
    if GRAPHQL_RESPONSE in accept:
        return GRAPHQL_RESPONSE
    return JSON


def json_response(
    payload: dict[str, Any],
    status: int,
    media_type: str = JSON,
    headers: dict[str, str] | None = None,
) -> Response:
    """A JSON response serialised with orjson."""
    return Response(
        orjson.dumps(payload), status_code=status, media_type=media_type, headers=headers
    )


class GraphQLEndpoint:
    """The /graphql endpoint: GraphiQL for browsers on GET, execution on POST."""

    def __init__(self, schema: Schema, settings: Settings, graphiql_html: str) -> None:
        self.schema = schema
        self.settings = settings
        self.graphiql_html = graphiql_html
        self.metrics = settings.metrics_token is not None

    async def get(self, request: Request) -> Response:
        """GraphiQL for a browser; queries over GET are refused (they would land in logs)."""
        if self.settings.graphiql and "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(self.graphiql_html, headers=PAGE_HEADERS)
        error = {"message": "send GraphQL requests as POST", "extensions": {"code": "BAD_REQUEST"}}
        return Response(
            orjson.dumps({"errors": [error]}),
            status_code=405,
            media_type=JSON,
            headers={"Allow": "POST"},
        )

    async def post(self, request: Request) -> Response:
        """Execute one GraphQL operation for an authenticated, admitted caller."""
        observed = Observed(self.metrics)
        try:
            answer = await self._answer(request, observed.correlation_id)
        except Exception:  # counted and logged too (uvicorn logs its stack)
            _finish(observed, _Answer(Response(status_code=500), None, "UNHANDLED", False))
            raise
        _finish(observed, answer)
        return answer.response

    async def _answer(self, request: Request, correlation_id: str) -> _Answer:
        media_type = _media_type(request)
        security: RequestSecurity | None = None
        try:
            security = await self._secure(request, correlation_id)
            body = await read_body(request, self.settings.max_body_bytes)
            query, variables, operation_name = parse_params(
                body, request.headers.get("content-type", "")
            )
            result = await self._execute(request, security, query, variables, operation_name)
            payload, status = self._payload(result, security, media_type)
            if "data" in payload and needs_audit(security):
                await write_audit(request.app.state.security_engine, security)
        except (RequestError, SecurityError) as error:
            entry = {"message": error.message, "extensions": error.extensions()}
            headers = error.headers if isinstance(error, SecurityError) else {}
            response = json_response({"errors": [entry]}, error.status, media_type, headers)
            return _Answer(response, security, error.code, executed=False)
        response = json_response(payload, status, media_type, plan_headers(security))
        return _Answer(response, security, _outcome(payload), executed=True)

    async def _secure(self, request: Request, correlation_id: str) -> RequestSecurity:
        gate: Gate = request.app.state.gate
        principal = await gate.authorize(request)
        purpose = read_purpose(request)
        return RequestSecurity(principal, purpose, request_id=correlation_id)

    async def _execute(
        self,
        request: Request,
        security: RequestSecurity,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
    ) -> ExecutionResult:
        timeout = self.settings.operation_timeout_ms / 1000
        state = request.app.state
        stakeholder = security.principal.role is Role.STAKEHOLDER
        engine = state.stakeholder_engine if stakeholder else state.engine
        try:
            async with asyncio.timeout(timeout):
                compiled = await compiled_result(
                    self.schema,
                    self.settings,
                    engine,
                    _Secured(self.settings, security),
                    query,
                    variables,
                    operation_name,
                    request.headers,
                )
                if compiled is not None:
                    count_driver_statement()  # its one statement ran on the driver itself
                    return compiled
                async with (
                    engine.connect() as connection,
                    Reader(connection) as reader,  # the connection closes once it is idle
                ):
                    context = RequestContext(
                        settings=self.settings, reader=reader, security=security
                    )
                    return await self.schema.execute(
                        query,
                        variable_values=variables,
                        context_value=context,
                        operation_name=operation_name,
                    )
        except TimeoutError as error:
            raise SecurityError(
                "OPERATION_TIMEOUT",
                f"the operation took over {self.settings.operation_timeout_ms} ms",
                504,
            ) from error
        except (CannotGetOperationTypeError, InvalidOperationTypeError, MissingQueryError) as error:
            # The operation limits refuse these first; strawberry's own checks stay a backstop.
            raise RequestError("BAD_REQUEST", "the request has no operation to run", 400) from error

    def _payload(
        self, result: ExecutionResult, security: RequestSecurity, media_type: str
    ) -> tuple[dict[str, Any], int]:
        payload: dict[str, Any] = {}
        errors = [error_entry(error) for error in result.errors or ()]
        errors.extend(masked_entries(security))
        if errors:
            payload["errors"] = errors
        # Execution began (so `data` is present, perhaps null) unless a request error stopped it.
        if result.data is not None or not any(error.path is None for error in result.errors or ()):
            payload["data"] = result.data
        status = 200
        if "data" not in payload and media_type == GRAPHQL_RESPONSE:
            status = _status_of(result.errors or [])
        return payload, status


def _outcome(payload: dict[str, Any]) -> str:
    """OK, or the code of the response's first error."""
    errors = payload.get("errors")
    if not errors:
        return "OK"
    return str(errors[0].get("extensions", {}).get("code", "ERROR"))


@dataclass(slots=True)
class _Secured:
    """What the compiled path's checks read of a request (the general path: its context)."""

    settings: Settings
    security: RequestSecurity


@dataclass(frozen=True, slots=True)
class _Answer:
    """A request's response, with what its metrics and log line need."""

    response: Response
    security: RequestSecurity | None
    outcome: str
    executed: bool


def _finish(observed: Observed, answer: _Answer) -> None:
    """Metrics, a log line and span attributes for the answered request."""
    security = answer.security
    principal = None if security is None else security.principal
    path = "none"
    if security is not None and answer.executed:
        path = "compiled" if security.caches.get(PATH_HEADER) else "general"
    observed.finish(
        status=answer.response.status_code,
        outcome=answer.outcome,
        path=path,
        operation=None if security is None else security.operation_name,
        operation_type=None if security is None else security.operation_type,
        role=None if principal is None else principal.role.value,
        key_id=None if principal is None else principal.key_id,
    )


def _status_of(errors: list[GraphQLError]) -> int:
    """The HTTP status of an operation refused before execution (graphql-response+json)."""
    for error in errors:
        if isinstance(error.original_error, SecurityError):
            return error.original_error.status
    return 400
