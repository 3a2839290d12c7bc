"""GraphQL over HTTP: POST /graphql with JSON, answered as the GraphQL-over-HTTP spec says.

Requests are read with a size cap, executed against the schema with a per-request
context, and every error leaves with a stable `extensions.code`; unexpected errors are
masked and logged with a correlation id.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.federation import Schema

from hub.config import Settings
from hub.errors import HubError
from hub.resolvers.context import RequestContext
from hub.resolvers.reader import Reader

log = logging.getLogger("hub.graphql")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MAX_BODY_BYTES = 1_000_000


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
    elif original is not None and not isinstance(original, GraphQLError):
        correlation_id = uuid.uuid4().hex
        log.error("unexpected error %s at %s", correlation_id, error.path, exc_info=original)
        entry["message"] = f"Internal error; quote {correlation_id} when reporting it."
        entry["extensions"] = {"code": "INTERNAL_SERVER_ERROR", "correlationId": correlation_id}
    else:
        entry["extensions"] = {"code": _request_error_code(error)}
    return entry


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
    query = params.get("query")
    variables = params.get("variables")
    operation_name = params.get("operationName")
    if not isinstance(query, str) or not query.strip():
        raise RequestError("BAD_REQUEST", "`query` must be a non-empty string", 400)
    if variables is not None and not isinstance(variables, dict):
        raise RequestError("BAD_REQUEST", "`variables` must be an object", 400)
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestError("BAD_REQUEST", "`operationName` must be a string", 400)
    return query, variables, operation_name


def _media_type(request: Request) -> str:
    accept = request.headers.get("accept", "")
    if GRAPHQL_RESPONSE in accept:
        return GRAPHQL_RESPONSE
    return JSON


def json_response(payload: dict[str, Any], status: int, media_type: str = JSON) -> Response:
    """A JSON response serialised with orjson."""
    return Response(orjson.dumps(payload), status_code=status, media_type=media_type)


class GraphQLEndpoint:
    """The /graphql endpoint: GraphiQL for browsers on GET, execution on POST."""

    def __init__(self, schema: Schema, settings: Settings, graphiql_html: str) -> None:
        self.schema = schema
        self.settings = settings
        self.graphiql_html = graphiql_html

    async def get(self, request: Request) -> Response:
        """GraphiQL for a browser; queries over GET are refused (they would land in logs)."""
        if self.settings.graphiql and "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(self.graphiql_html)
        error = {"message": "send GraphQL requests as POST", "extensions": {"code": "BAD_REQUEST"}}
        return Response(
            orjson.dumps({"errors": [error]}),
            status_code=405,
            media_type=JSON,
            headers={"Allow": "POST"},
        )

    async def post(self, request: Request) -> Response:
        """Execute one GraphQL operation."""
        media_type = _media_type(request)
        try:
            body = await read_body(request, MAX_BODY_BYTES)
            query, variables, operation_name = parse_params(
                body, request.headers.get("content-type", "")
            )
        except RequestError as error:
            entry = {"message": error.message, "extensions": error.extensions()}
            return json_response({"errors": [entry]}, error.status, media_type)
        engine = request.app.state.engine
        async with engine.connect() as connection:
            context = RequestContext(settings=self.settings, reader=Reader(connection))
            result = await self.schema.execute(
                query,
                variable_values=variables,
                context_value=context,
                operation_name=operation_name,
            )
        payload: dict[str, Any] = {}
        if result.errors:
            payload["errors"] = [error_entry(error) for error in result.errors]
        # Execution began (so `data` is present, perhaps null) unless a request error stopped it.
        if result.data is not None or not any(error.path is None for error in result.errors or ()):
            payload["data"] = result.data
        status = 200
        if "data" not in payload and media_type == GRAPHQL_RESPONSE:
            status = 400
        return json_response(payload, status, media_type)
