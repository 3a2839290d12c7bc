"""Traces with OpenTelemetry: a span per HTTP request (ASGI) and per SQL statement
(SQLAlchemy), exported over OTLP/HTTP when `HUB_OTLP_ENDPOINT` is set. Off by default.

Each app has its own tracer provider (`app.state.tracer_provider`, None when tracing is off);
the hub never sets OpenTelemetry's global provider, so two apps in one process stay apart.
A span's statement attribute is the SQL text with its placeholders: parameters, which can be
personal data, are never recorded.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from opentelemetry import trace

from hub import __version__
from hub.config import Settings

if TYPE_CHECKING:  # the SDK and instrumentations load only when tracing is on
    from opentelemetry.sdk.trace import TracerProvider
    from sqlalchemy.ext.asyncio import AsyncEngine
    from starlette.applications import Starlette

SERVICE = "mutual-aid-hub"


def tracer_provider(settings: Settings) -> TracerProvider | None:
    """The app's tracer provider when tracing is on, exporting to the OTLP endpoint if any."""
    if not settings.tracing:
        return None
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    resource = Resource.create({"service.name": SERVICE, "service.version": __version__})
    if os.environ.get("OTEL_TRACES_SAMPLER"):  # the SDK reads OpenTelemetry's own variables
        provider = TracerProvider(resource=resource)
    else:
        from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

        sampler = ParentBased(TraceIdRatioBased(settings.trace_sample_ratio))
        provider = TracerProvider(resource=resource, sampler=sampler)
    if settings.otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=settings.otlp_endpoint)
        provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def trace_app(app: Starlette, provider: TracerProvider | None) -> None:
    """A server span around every HTTP request and WebSocket of the app (OpenTelemetry's ASGI
    middleware, without its spans per message received and sent, which cost more than the
    request; no spans for the health checks and the metrics scrapes)."""
    if provider is None:
        return
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

    app.add_middleware(
        OpenTelemetryMiddleware,  # type: ignore[arg-type]
        tracer_provider=provider,
        exclude_spans=["receive", "send"],
        excluded_urls="/healthz,/readyz,/metrics",
    )


def trace_engine(engine: AsyncEngine, provider: TracerProvider | None) -> None:
    """A client span for every statement the engine runs (inside the request's span)."""
    if provider is None:
        return
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.instrumentation.sqlalchemy.version import __version__ as sqlalchemy_version
    from opentelemetry.metrics import NoOpMeterProvider

    tracer = trace.get_tracer(EngineTracer.__module__, sqlalchemy_version, provider)
    meter = NoOpMeterProvider().get_meter(EngineTracer.__module__)
    usage = meter.create_up_down_counter("db.client.connections.usage")
    EngineTracer(tracer, engine.sync_engine, usage)  # type: ignore[no-untyped-call]


def annotate(**attributes: str | int) -> None:
    """Add the hub's facts about a request (operation name, path, outcome) to its span."""
    span = trace.get_current_span()
    if span.is_recording():
        for name, value in attributes.items():
            span.set_attribute(f"hub.{name}", value)
