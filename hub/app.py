"""The Starlette application: /graphql (HTTP, and WebSocket for subscriptions), /ingest,
/healthz, /readyz and /metrics, built from settings."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from hub.config import Settings
from hub.dashboard import Dashboard
from hub.graphiql import Assets, render_page
from hub.graphql_http import GraphQLEndpoint
from hub.ops.logging import lean_records
from hub.ops.metrics import ConnectionCounter, MetricsEndpoint, watch_pool
from hub.ops.tracing import trace_app, trace_engine, tracer_provider
from hub.plan import load_trusted_documents
from hub.schema import build_schema
from hub.schema.examples import EXAMPLES
from hub.schema.subscription_ws import SubscriptionEndpoint
from hub.security.gate import Gate
from hub.security.upload import IngestEndpoint
from hub.store.engine import create_engine

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider


def create_app(settings: Settings | None = None) -> Starlette:
    """The hub as an ASGI app; the database engine lives as long as the app runs."""
    settings = settings or Settings()
    lean_records()
    schema = build_schema()
    assets = Assets()
    graphql = GraphQLEndpoint(schema, settings, render_page(assets, EXAMPLES))
    tracing = tracer_provider(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Reads use one pool; keys, rate limits and the audit log their own, so they reach
        # the primary database even when reads move to a replica, and are never starved.
        app.state.engine = create_engine(settings)
        security_settings = settings.model_copy(update={"pool_size": 2})
        app.state.security_engine = create_engine(security_settings)
        app.state.gate = Gate(settings, app.state.security_engine)
        replica = settings.stakeholder_database_url
        app.state.stakeholder_engine = (
            create_engine(settings.model_copy(update={"database_url": replica}))
            if replica
            else app.state.engine
        )
        load_trusted_documents(settings)
        _observe(app, tracing)
        # What start-up made lives as long as the process: keep the collector off it.
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
            await app.state.engine.dispose()
            await app.state.security_engine.dispose()
            await app.state.stakeholder_engine.dispose()
            if tracing is not None:
                tracing.shutdown()

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        try:
            async with request.app.state.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # any failure means "not ready"
            return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "up"})

    routes = [
        Route("/graphql", graphql.get, methods=["GET"]),
        Route("/graphql", graphql.post, methods=["POST"]),
        Route("/graphiql/{name}", assets.serve, methods=["GET"]),
        WebSocketRoute("/graphql", ConnectionCounter(SubscriptionEndpoint(schema, settings))),
        Route("/ingest", IngestEndpoint(settings).post, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", MetricsEndpoint(settings).get, methods=["GET"]),
        *Dashboard().routes(),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.tracer_provider = tracing
    trace_app(app, tracing, settings.trace_sample_ratio)
    return app


def _observe(app: Starlette, tracing: TracerProvider | None) -> None:
    """Metrics of the app's connection pools, and a span per statement when tracing."""
    pools = {"read": app.state.engine, "security": app.state.security_engine}
    if app.state.stakeholder_engine is not app.state.engine:
        pools["stakeholder"] = app.state.stakeholder_engine
    for name, engine in pools.items():
        watch_pool(name, engine)
        trace_engine(engine, tracing)
