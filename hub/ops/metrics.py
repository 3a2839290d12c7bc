"""Prometheus metrics: what the hub counts, and GET /metrics that shows them.

One process keeps its metrics in memory; the request metrics, counted on every request, in
plain numbers (`hub.ops.request_counts`) shown when /metrics is read. Under `hub serve --workers
N` each worker is a process of its own, so the hub turns on prometheus-client's multiprocess
mode: every worker writes its values to files in `PROMETHEUS_MULTIPROC_DIR`, and whichever
worker answers /metrics adds them up (docs/operations.md); the request metrics are then
prometheus-client's own, written to those files as each request is counted.
"""

from __future__ import annotations

import hmac
import os
import tempfile
from collections.abc import Awaitable, Callable, MutableMapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response

from hub.config import Settings
from hub.ops.request_counts import RequestCollector, RequestCounts

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: Distinct operation names a process labels its metrics with; later names count as "other",
#: so clients naming every request differently cannot grow the metrics without bound.
MAX_OPERATION_NAMES = 200
LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STATEMENT_BUCKETS = (0, 1, 2, 3, 5, 10, 20, 50, 100, 250)

#: Whether the workers of `hub serve --workers N` share their metrics through files: decided
#: as this module is imported, as prometheus-client decides how it keeps its values.
SHARED = bool(os.environ.get(MULTIPROC_ENV))
REQUEST_NAMES = (
    "hub_graphql_requests",
    "hub_graphql_request_seconds",
    "hub_graphql_request_sql_statements",
)
REQUEST_DOCS = (
    "GraphQL requests over HTTP, by operation name, outcome (OK or the first error's code) "
    "and the path that answered (compiled, general, or none when refused before execution).",
    "Time from a request's arrival to its answer, by operation name and path.",
    "SQL statements one GraphQL request ran (its reads, keys, rate limits and audit), by path.",
)
# Written to only in multiprocess mode (their files are what /metrics reads there): one
# process shows `REQUEST_COUNTS` instead, so these are in no registry.
REQUESTS = Counter(
    REQUEST_NAMES[0], REQUEST_DOCS[0], ["operation", "outcome", "path"], registry=None
)
LATENCY = Histogram(
    REQUEST_NAMES[1], REQUEST_DOCS[1], ["operation", "path"], buckets=LATENCY_BUCKETS, registry=None
)
STATEMENTS = Histogram(
    REQUEST_NAMES[2], REQUEST_DOCS[2], ["path"], buckets=STATEMENT_BUCKETS, registry=None
)
RATE_LIMITED = Counter("hub_rate_limit_refusals", "Requests refused for a key's rate limit.")
AUDIT_WRITES = Counter(
    "hub_audit_writes", "Audit records written (reads of personal data), by result.", ["result"]
)
IMPORT_ROWS = Counter(
    "hub_import_rows",
    "Source records of imports, by adapter, force and what became of them "
    "(read, written: inserted or updated, rejected).",
    ["adapter", "force", "kind"],
)
IMPORT_SECONDS = Histogram(
    "hub_import_seconds",
    "Time to import one file, by adapter and force.",
    ["adapter", "force"],
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)
IMPORT_FILES = Counter(
    "hub_import_files",
    "Files imported, by adapter, force and status.",
    ["adapter", "force", "status"],
)
POOL_IN_USE = Gauge(
    "hub_db_connections_in_use",
    "Database connections checked out of a pool (read, security, stakeholder).",
    ["pool"],
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "hub_db_pool_size",
    "Connections a pool keeps open (it may open a few more for a burst).",
    ["pool"],
    multiprocess_mode="livesum",
)
SUBSCRIPTIONS = Gauge(
    "hub_subscription_connections",
    "Open WebSocket connections on /graphql (subscriptions).",
    multiprocess_mode="livesum",
)

_statements: ContextVar[list[int] | None] = ContextVar("hub_sql_statements", default=None)
_operation_names: set[str] = set()
#: In multiprocess mode, the labelled series of each (operation label, outcome, path) seen:
#: looking a series up through `labels()` costs more than counting in it.
_series: dict[tuple[str, str, str], tuple[Counter, Histogram, Histogram]] = {}


def operation_label(name: str | None) -> str:
    """The label of an operation name: "-" for none, "other" past the cap."""
    if not name:
        return "-"
    if name in _operation_names:
        return name
    if len(_operation_names) >= MAX_OPERATION_NAMES:
        return "other"
    _operation_names.add(name)
    return name


def count_statements() -> list[int]:
    """Count the SQL statements the current request runs from here on (one-element list)."""
    counter = [0]
    _statements.set(counter)
    return counter


def count_driver_statement() -> None:
    """Count a statement run on the driver directly, outside SQLAlchemy's events (a compiled
    read's one statement)."""
    counter = _statements.get()
    if counter is not None:
        counter[0] += 1


def _record_in_files(
    operation: str | None, outcome: str, path: str, seconds: float, statements: int
) -> None:
    """Count one GraphQL request in prometheus-client's metrics (multiprocess mode)."""
    key = (operation_label(operation), outcome, path)
    series = _series.get(key)
    if series is None:
        label = key[0]
        series = (
            REQUESTS.labels(label, outcome, path),
            LATENCY.labels(label, path),
            STATEMENTS.labels(path),
        )
        _series[key] = series
    requests, latency, counted = series
    requests.inc()
    latency.observe(seconds)
    counted.observe(statements)


REQUEST_COUNTS = RequestCounts(LATENCY_BUCKETS, STATEMENT_BUCKETS, operation_label)
#: Count one GraphQL request: (operation name, outcome, path, seconds, statements).
record_request: Callable[[str | None, str, str, float, int], None]
if SHARED:
    record_request = _record_in_files
else:
    record_request = REQUEST_COUNTS.record
    REGISTRY.register(RequestCollector(REQUEST_COUNTS, REQUEST_NAMES, REQUEST_DOCS))


def record_import(
    adapter: str, force: str | None, status: str, read: int, written: int, rejected: int, s: float
) -> None:
    """Count one imported file."""
    force_label = force or "-"
    for kind, rows in (("read", read), ("written", written), ("rejected", rejected)):
        IMPORT_ROWS.labels(adapter, force_label, kind).inc(rows)
    IMPORT_SECONDS.labels(adapter, force_label).observe(s)
    IMPORT_FILES.labels(adapter, force_label, status).inc()


def watch_engine(engine: AsyncEngine) -> None:
    """Count the statements each request runs on this engine."""

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _counted(*_args: Any) -> None:
        counter = _statements.get()
        if counter is not None:
            counter[0] += 1


def watch_pool(name: str, engine: AsyncEngine) -> None:
    """Show how many of this pool's connections are in use."""
    pool = engine.sync_engine.pool
    size = getattr(pool, "size", None)
    POOL_SIZE.labels(name).set(size() if callable(size) else 0)
    in_use = POOL_IN_USE.labels(name)
    event.listen(pool, "checkout", lambda *_args: in_use.inc())
    event.listen(pool, "checkin", lambda *_args: in_use.dec())


ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]


class ConnectionCounter:
    """The WebSocket endpoint `app`, counted in `hub_subscription_connections` while open."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        SUBSCRIPTIONS.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            SUBSCRIPTIONS.dec()


def share_between_workers() -> Path:
    """Before `hub serve --workers N` starts its workers: multiprocess mode, in the folder
    `PROMETHEUS_MULTIPROC_DIR` names (emptied first) or else a new temporary folder."""
    named = os.environ.get(MULTIPROC_ENV)
    folder = Path(named) if named else Path(tempfile.mkdtemp(prefix="hub-metrics-"))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROC_ENV] = str(folder)
    return folder


def _registry() -> CollectorRegistry:
    if not os.environ.get(MULTIPROC_ENV):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


class MetricsEndpoint:
    """GET /metrics for a scraper that sends `Authorization: Bearer HUB_METRICS_TOKEN`.

    Without a token configured the hub shows no metrics (404): the GraphQL port is public.
    """

    def __init__(self, settings: Settings) -> None:
        token = settings.metrics_token
        self._expected = None if token is None else f"Bearer {token.get_secret_value()}".encode()

    async def get(self, request: Request) -> Response:
        """The metrics in Prometheus' text format."""
        if self._expected is None:
            return Response("Not Found", status_code=404, media_type="text/plain")
        sent = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(sent, self._expected):
            return Response(
                "send the metrics token: Authorization: Bearer HUB_METRICS_TOKEN",
                status_code=401,
                media_type="text/plain",
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )
        return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)
