"""Traces with OpenTelemetry: a span per HTTP request (ASGI) and per SQL statement
(SQLAlchemy), exported over OTLP/HTTP when `HUB_OTLP_ENDPOINT` is set. Off by default.

Each app has its own tracer provider (`app.state.tracer_provider`, None when tracing is off);
the hub never sets OpenTelemetry's global provider, so two apps in one process stay apart.
A span's statement attribute is the SQL text with its placeholders: parameters, which can be
personal data, are never recorded.

Whether a request is traced is decided once, as it arrives (`SampledTracing`): a caller's
`traceparent` decides if it has one, else a share of `HUB_TRACE_SAMPLE_RATIO`. Only a traced
request goes through OpenTelemetry's ASGI middleware, and only statements run under a
recording span get one, so an untraced request makes no span at all.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from opentelemetry import trace

from hub import __version__
from hub.config import Settings
from hub.ops import correlation

if TYPE_CHECKING:  # the SDK and instrumentations load only when tracing is on
    from opentelemetry.sdk.trace import TracerProvider
    from sqlalchemy.ext.asyncio import AsyncEngine
    from starlette.applications import Starlette

SERVICE = "mutual-aid-hub"
#: Requests never traced: health checks and metrics scrapes.
UNTRACED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
#: W3C trace context: version, trace id, parent span id, flags (bit 0: sampled).
TRACEPARENT = re.compile(rb"[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})")
INVALID_TRACE_ID = b"0" * 32
#: Pool events OpenTelemetry's SQLAlchemy instrumentation counts connections by.
POOL_EVENTS = frozenset({"connect", "close", "checkin", "checkout"})

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _sampler_from_environment() -> bool:
    """Whether OpenTelemetry's own variables choose the sampler (then they decide alone)."""
    return bool(os.environ.get("OTEL_TRACES_SAMPLER"))


def tracer_provider(settings: Settings) -> TracerProvider | None:
    """The app's tracer provider when tracing is on, exporting to the OTLP endpoint if any."""
    if not settings.tracing:
        return None
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    resource = Resource.create({"service.name": SERVICE, "service.version": __version__})
    if _sampler_from_environment():  # the SDK reads OpenTelemetry's own variables
        provider = TracerProvider(resource=resource)
    else:
        from opentelemetry.sdk.trace.sampling import ALWAYS_ON, ParentBased

        # SampledTracing chose the request: record what reaches the SDK.
        provider = TracerProvider(resource=resource, sampler=ParentBased(ALWAYS_ON))
    if settings.otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=settings.otlp_endpoint)
        provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


class SampledTracing:
    """Sends a request OpenTelemetry's ASGI middleware chose as it arrived (its server span,
    without the spans per message received and sent), and every other request straight on."""

    def __init__(self, app: ASGIApp, provider: TracerProvider, ratio: float) -> None:
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
        from opentelemetry.metrics import NoOpMeterProvider

        self.app = app
        self.traced = OpenTelemetryMiddleware(
            app,
            tracer_provider=provider,
            meter_provider=NoOpMeterProvider(),  # the hub's metrics are Prometheus'
            exclude_spans=["receive", "send"],
        )
        self.ratio = ratio
        # With OTEL_TRACES_SAMPLER the SDK's sampler decides, so every request goes to it.
        self.sdk_decides = _sampler_from_environment()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan" and self._sampled(scope):
            await self.traced(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    def _sampled(self, scope: Scope) -> bool:
        if scope["path"] in UNTRACED_PATHS:
            return False
        if self.sdk_decides:
            return True
        for name, value in scope["headers"]:
            if name == b"traceparent":
                match = TRACEPARENT.fullmatch(value.strip())
                if match is None or match[1] == INVALID_TRACE_ID:
                    break  # OpenTelemetry ignores it too: a new trace
                if int(match[2], 16) & 1:  # the caller traces it
                    return True
                correlation.inherit(match[1].decode())  # the caller's trace, not sampled
                return False
        return random.random() < self.ratio


def trace_app(app: Starlette, provider: TracerProvider | None, ratio: float) -> None:
    """A server span around each traced HTTP request and WebSocket of the app."""
    if provider is None:
        return
    app.add_middleware(SampledTracing, provider=provider, ratio=ratio)  # type: ignore[arg-type]


def trace_engine(engine: AsyncEngine, provider: TracerProvider | None) -> None:
    """A client span for every statement the engine runs inside a traced request's span."""
    if provider is None:
        return
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.instrumentation.sqlalchemy.version import __version__ as sqlalchemy_version
    from opentelemetry.metrics import NoOpMeterProvider

    class TracedStatements(EngineTracer):  # type: ignore[misc]
        """OpenTelemetry's statement spans, made only under a recording span; without its
        connection-use counter (the hub's pool metrics are Prometheus')."""

        def _before_cur_exec(self, *args: Any) -> tuple[Any, Any]:
            if not trace.get_current_span().is_recording():
                return args[2], args[3]  # the statement and its parameters, unchanged
            return super()._before_cur_exec(*args)  # type: ignore[no-untyped-call,no-any-return]

        @classmethod
        def _register_event_listener(
            cls, target: Any, identifier: str, *args: Any, **kw: Any
        ) -> None:
            if identifier not in POOL_EVENTS:
                super()._register_event_listener(target, identifier, *args, **kw)  # type: ignore[no-untyped-call]

    tracer = trace.get_tracer(EngineTracer.__module__, sqlalchemy_version, provider)
    meter = NoOpMeterProvider().get_meter(EngineTracer.__module__)
    usage = meter.create_up_down_counter("db.client.connections.usage")
    TracedStatements(tracer, engine.sync_engine, usage)  # type: ignore[no-untyped-call]


def annotate(outcome: str, path: str, operation: str) -> None:
    """Add the hub's facts about a request (operation name, path, outcome) to its span, when
    it has one that records."""
    span = trace.get_current_span()
    if span.is_recording():
        span.set_attributes({"hub.outcome": outcome, "hub.path": path, "hub.operation": operation})
