"""A GraphQL client over the real ASGI app (lifespan, HTTP layer and all), for the tests.

By default the client calls with a coordinator key and a purpose (`X-Purpose`), as a
national coordination tool would; pass `role=None` for an anonymous client, or create keys of
other roles with `Graph.key` and send them per request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from hub.app import create_app
from hub.config import Settings
from hub.security.keys import create_api_key

DEFAULT_PURPOSE = "TEST: automated test of the hub"


def auth_headers(key: str | None, purpose: str | None = DEFAULT_PURPOSE) -> dict[str, str]:
    """The headers that send a key and a purpose (either may be left out)."""
    headers = {}
    if key is not None:
        headers["authorization"] = f"Bearer {key}"
    if purpose is not None:
        headers["x-purpose"] = purpose
    return headers


@dataclass
class Graph:
    """Posts GraphQL to the app the way a partner system would."""

    app: Starlette
    http: httpx.AsyncClient
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def engine(self) -> AsyncEngine:
        engine: AsyncEngine = self.app.state.engine
        return engine

    async def key(
        self,
        role: str,
        force: str | None = None,
        allowed_operations: Sequence[str] | None = None,
    ) -> str:
        """A new API key of this role (and force)."""
        return await create_api_key(
            self.engine,
            role=role,
            name=f"test {role} {force or ''}".strip(),
            force=force,
            allowed_operations=allowed_operations,
        )

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """The raw HTTP response to a GraphQL request (`headers` replace the defaults)."""
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        sent = self.headers if headers is None else headers
        return await self.http.post("/graphql", json=body, headers=sent)

    async def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The JSON result of a GraphQL request answered with HTTP 200."""
        response = await self.post(query, variables)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of a GraphQL request that must succeed without errors."""
        result = await self.execute(query, variables)
        assert "errors" not in result, result["errors"]
        data: dict[str, Any] = result["data"]
        return data


@asynccontextmanager
async def graph_client(
    settings: Settings, *, role: str | None = "coordinator", purpose: str | None = DEFAULT_PURPOSE
) -> AsyncIterator[Graph]:
    """The hub app for `settings`, started, with an HTTP client bound to it.

    The client sends a new key of `role` (none when `role` is None) and `purpose`.
    """
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            graph = Graph(app, http)
            key = None if role is None else await graph.key(role)
            graph.headers = auth_headers(key, purpose)
            yield graph
