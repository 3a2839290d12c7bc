"""Subscriptions over WebSocket on /graphql, by the graphql-transport-ws protocol only.

The connection is authenticated like an HTTP request, by `Authorization: Bearer KEY` on the
upgrade request or, since browsers cannot set headers on a WebSocket, in the `connection_init`
payload (`{"Authorization": "Bearer KEY"}` or `{"apiKey": "KEY"}`), and counted against the
key's rate limit once; a refused key closes the socket with 4403. Only subscription operations
are run over it (queries and mutations go over HTTP, with their audit and error handling).
"""

from __future__ import annotations

import uuid
from contextlib import suppress
from datetime import timedelta
from typing import Any

from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
    _OperationStreamClosed,  # strawberry's signal that the client completed the operation
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ErrorMessage,
)
from strawberry.types.unset import UNSET, UnsetType
from strawberry.utils.aio import aclosing

from hub.config import Settings
from hub.errors import HubError
from hub.resolvers.workflow_events import SubscriptionContext
from hub.security.errors import SecurityError
from hub.security.gate import Gate
from hub.security.state import RequestSecurity


class _Handler(BaseGraphQLTransportWSHandler[SubscriptionContext, None]):
    """graphql-transport-ws, with the hub's refusals answered by code (the access guard
    refuses queries and mutations here: they belong on HTTP, with their audit)."""

    async def run_operation(self, operation: Operation[SubscriptionContext, None]) -> None:
        """As strawberry does, but a refusal (limits, access policy) is answered with an
        `error` message carrying its code, instead of failing the operation's task."""
        try:
            stream = await self.schema.stream(
                operation.query,
                variable_values=operation.variables,
                context_value=self.context,
                root_value=self.root_value,
                operation_name=operation.operation_name,
            )
            async with aclosing(stream):
                await self._send_result_stream(operation, stream)
            await operation.send_operation_message({"id": operation.id, "type": "complete"})
        except _OperationStreamClosed:
            return
        except HubError as error:
            refusal = GraphQLError(error.message, extensions=error.extensions())
            message = ErrorMessage(id=operation.id, type="error", payload=[refusal.formatted])
            with suppress(Exception):
                await operation.send_operation_message(message)
            self.operations.pop(operation.id, None)


def connection_authorization(params: object) -> str | None:
    """The `Authorization` value a `connection_init` payload carries, if any (an unusable
    value is returned as is, to be refused: it never falls back to anonymous)."""
    if not isinstance(params, dict):
        return None
    for name in ("Authorization", "authorization"):
        if name in params:
            value = params[name]
            return value if isinstance(value, str) else ""
    if "apiKey" in params:
        key = params["apiKey"]
        return f"Bearer {key}" if isinstance(key, str) else ""
    return None


class SubscriptionEndpoint(GraphQL[SubscriptionContext, None]):
    """The WebSocket side of /graphql."""

    graphql_transport_ws_handler_class = _Handler

    def __init__(self, schema: Any, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide=None,
            allow_queries_via_get=False,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=10),
        )
        self.settings = settings

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> SubscriptionContext:
        return SubscriptionContext(
            settings=self.settings, engine=request.app.state.engine, connection=request
        )

    async def on_ws_connect(self, context: SubscriptionContext) -> UnsetType | dict[str, object]:
        gate: Gate = context.connection.app.state.gate
        try:
            principal = await gate.authorize(
                context.connection, connection_authorization(context.connection_params)
            )
        except SecurityError as error:
            raise ConnectionRejectionError(
                {"code": error.code, "message": error.message}
            ) from error
        context.security = RequestSecurity(
            principal, request_id=uuid.uuid4().hex, transport="websocket"
        )
        unset: UnsetType = UNSET
        return unset
