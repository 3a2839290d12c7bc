"""The request metrics counted in plain numbers: shown exactly as prometheus-client's own
counter and histograms would show them, and counted without calling prometheus-client."""

from __future__ import annotations

import sys
from collections import Counter as Calls
from types import FrameType
from typing import Any

import pytest
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.ops import metrics
from hub.ops.request_counts import RequestCollector, RequestCounts
from tests.client import graph_client

#: (operation, outcome, path, seconds, statements): on a bound, between, past the last, none.
REQUESTS = [
    ("Q1", "OK", "compiled", 0.002, 1),
    ("Q1", "OK", "compiled", 0.0021, 0),
    ("Q1", "FORBIDDEN_FIELD", "compiled", 0.5, 3),
    (None, "RATE_LIMITED", "none", 20.0, 1000),
    ("Q2", "OK", "general", 0.01, 250),
    ("Q2", "OK", "compiled", 0.0001, 4),
    ("Q2", "OK", "compiled", 0.0001, 4),
]


def _lines(registry: CollectorRegistry) -> list[str]:
    """The exposition's lines, sorted, without the values of `_created` (times of creation)."""
    lines = generate_latest(registry).decode().splitlines()
    return sorted(line.rsplit(" ", 1)[0] if "_created{" in line else line for line in lines)


def test_the_exposition_is_prometheus_clients_own() -> None:
    theirs = CollectorRegistry()
    counter = Counter(
        metrics.REQUEST_NAMES[0],
        metrics.REQUEST_DOCS[0],
        ["operation", "outcome", "path"],
        registry=theirs,
    )
    latency = Histogram(
        metrics.REQUEST_NAMES[1],
        metrics.REQUEST_DOCS[1],
        ["operation", "path"],
        buckets=metrics.LATENCY_BUCKETS,
        registry=theirs,
    )
    statements = Histogram(
        metrics.REQUEST_NAMES[2],
        metrics.REQUEST_DOCS[2],
        ["path"],
        buckets=metrics.STATEMENT_BUCKETS,
        registry=theirs,
    )
    ours = CollectorRegistry()
    counts = RequestCounts(metrics.LATENCY_BUCKETS, metrics.STATEMENT_BUCKETS, lambda n: n or "-")
    ours.register(RequestCollector(counts, metrics.REQUEST_NAMES, metrics.REQUEST_DOCS))
    for operation, outcome, path, seconds, count in REQUESTS:
        label = operation or "-"
        counter.labels(label, outcome, path).inc()
        latency.labels(label, path).observe(seconds)
        statements.labels(path).observe(count)
        counts.record(operation, outcome, path, seconds, count)
    assert _lines(ours) == _lines(theirs)
    assert len(list(text_string_to_metric_families(generate_latest(ours).decode()))) == 6


def test_names_past_the_cap_are_other_and_not_remembered() -> None:
    known = {"A", "B"}
    counts = RequestCounts((1.0,), (1,), lambda n: n if n in known else "other")
    for name in ("A", "C", "D", "C", "A", "B"):
        counts.record(name, "OK", "compiled", 0.1, 1)
    shown = {key: sum(series.latency) for key, series in counts.series.items()}
    assert shown == {
        ("A", "OK", "compiled"): 2,
        ("other", "OK", "compiled"): 3,
        ("B", "OK", "compiled"): 1,
    }
    assert {name for name, _outcome, _path in counts.seen} == {"A", "B"}


QUERY = "query Counted { forces { code } }"
#: prometheus-client's observations: each takes a lock (and a histogram's searches its bounds).
OBSERVATIONS = {"Counter.inc", "Histogram.observe"}


async def test_a_request_is_counted_without_prometheus_clients_observations(
    settings: Settings, engine: AsyncEngine
) -> None:
    if metrics.SHARED:
        pytest.skip("multiprocess mode counts requests in prometheus-client's files")
    counted = settings.model_copy(update={"metrics_token": SecretStr("request-counts-token")})
    calls: Calls[str] = Calls()

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if event == "call" and "prometheus_client" in frame.f_code.co_filename:
            calls[frame.f_code.co_qualname] += 1

    async with graph_client(counted) as graph:
        await graph.data(QUERY)  # plans and pools warm
        answered = _answered("Counted")
        sys.setprofile(profile)
        try:
            await graph.data(QUERY)
        finally:
            sys.setprofile(None)
        scraped = await graph.http.get(
            "/metrics", headers={"authorization": "Bearer request-counts-token"}
        )
    assert not OBSERVATIONS & set(calls), calls
    assert _answered("Counted") == answered + 1
    assert 'hub_graphql_requests_total{operation="Counted",outcome="OK"' in scraped.text


def _answered(operation: str) -> int:
    return sum(
        sum(series.latency)
        for (name, _outcome, _path), series in metrics.REQUEST_COUNTS.series.items()
        if name == operation
    )
