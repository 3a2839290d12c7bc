"""The duty system as an ASGI app: POST /graphql for the gateway, GET /healthz for probes."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from force_duty.schema import build_schema


async def healthz(_request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def create_app() -> Starlette:
    """The subgraph behind /graphql; GraphiQL on GET for people trying it out."""
    graphql = GraphQL(build_schema(), allow_queries_via_get=False)
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ]
    return Starlette(routes=routes)
