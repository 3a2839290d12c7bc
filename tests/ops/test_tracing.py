"""OpenTelemetry traces, read from an in-memory exporter: a server span per request with the
SQL statements under it, the trace id as the correlation id, nothing when tracing is off."""

from __future__ import annotations

from pathlib import Path

from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, format_trace_id
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.app import create_app
from hub.config import Settings
from hub.demo.fixture import load_fixture
from hub.ops.tracing import SampledTracing
from tests.client import graph_client

OFFICERS = "query Traced { officers(first: 3) { nodes { givenName serviceNumber } } }"
AUDIT = "query TracedAudit { auditLog(first: 5) { nodes { operationName requestId } } }"


async def test_a_request_is_one_trace_whose_id_is_the_correlation_id(
    settings: Settings, engine: AsyncEngine
) -> None:
    await load_fixture(engine, requests=2)
    traced = settings.model_copy(update={"tracing": True, "trace_sample_ratio": 1.0})
    async with graph_client(traced) as graph:
        exporter = InMemorySpanExporter()
        graph.app.state.tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
        data = await graph.data(OFFICERS)
        assert data["officers"]["nodes"]
        spans = exporter.get_finished_spans()
        server = [s for s in spans if s.kind is SpanKind.SERVER]
        assert len(server) == 1
        trace_id = server[0].context.trace_id
        assert server[0].attributes is not None
        assert server[0].attributes["hub.operation"] == "Traced"
        assert server[0].attributes["hub.outcome"] == "OK"
        statements = [s for s in spans if s.kind is SpanKind.CLIENT]
        assert statements and {s.context.trace_id for s in statements} == {trace_id}
        for span in statements:  # the SQL text with placeholders, never a value
            attributes = dict(span.attributes or {})
            assert not any("param" in name for name in attributes), attributes
        audit = (await graph.data(AUDIT))["auditLog"]["nodes"]
        ids = [n["requestId"] for n in audit if n["operationName"] == "Traced"]
        assert ids == [format_trace_id(trace_id)]


CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


async def test_the_caller_s_traceparent_decides_whether_a_request_is_traced(
    settings: Settings, engine: AsyncEngine
) -> None:
    """With no share of requests traced, a caller's sampled trace still continues through the
    hub; an unsampled one records no span (not even its statements'), and its trace id
    is the request's correlation id."""
    await load_fixture(engine, requests=2)
    traced = settings.model_copy(update={"tracing": True, "trace_sample_ratio": 0.0})
    async with graph_client(traced) as graph:
        exporter = InMemorySpanExporter()
        graph.app.state.tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
        assert (await graph.data(OFFICERS))["officers"]["nodes"]
        assert exporter.get_finished_spans() == ()
        for flags in ("01", "00"):
            parent = f"00-{CALLER_TRACE}-00f067aa0ba902b7-{flags}"
            response = await graph.post(OFFICERS, headers={**graph.headers, "traceparent": parent})
            assert response.status_code == 200 and "errors" not in response.json()
        spans = exporter.get_finished_spans()
        assert {format_trace_id(s.context.trace_id) for s in spans} == {CALLER_TRACE}
        assert len([s for s in spans if s.kind is SpanKind.SERVER]) == 1
        assert [s for s in spans if s.kind is SpanKind.CLIENT]
        audit = (await graph.data(AUDIT))["auditLog"]["nodes"]
        ids = [n["requestId"] for n in audit if n["operationName"] == "Traced"]
        assert ids.count(CALLER_TRACE) == 2 and len(set(ids)) == 2


def test_tracing_is_off_by_default(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}"))
    assert app.state.tracer_provider is None
    assert not any(m.cls is SampledTracing for m in app.user_middleware)
    traced = create_app(
        Settings(database_url="sqlite+aiosqlite://", tracing=True, trace_sample_ratio=1.0)
    )
    assert any(m.cls is SampledTracing for m in traced.user_middleware)
