"""A GraphQL client over the real ASGI app (lifespan, HTTP layer and all), for the tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from hub.app import create_app
from hub.config import Settings


@dataclass
class Graph:
    """Posts GraphQL to the app the way a partner system would."""

    app: Starlette
    http: httpx.AsyncClient

    @property
    def engine(self) -> AsyncEngine:
        engine: AsyncEngine = self.app.state.engine
        return engine

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
        """The raw HTTP response to a GraphQL request."""
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return await self.http.post("/graphql", json=body)

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
async def graph_client(settings: Settings) -> AsyncIterator[Graph]:
    """The hub app for `settings`, started, with an HTTP client bound to it."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            yield Graph(app, http)
