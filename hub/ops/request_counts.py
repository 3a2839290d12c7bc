"""The request metrics of one process, counted in plain numbers and shown at scrape time.

prometheus-client's counters and histograms take a lock for each observation and search a
histogram's buckets in Python: several locks and a score of calls for every GraphQL request,
about 5% of the lightest read. Here a request adds to the numbers of its (operation, outcome,
path) series, with the bucket found by `bisect` (C), and `RequestCollector` turns them into
the same three families when `/metrics` is read: the counter of requests, the latency
histogram by (operation, path) and the statements histogram by path, each series with its
`_created` time as prometheus-client writes it.

No lock: requests are counted by the thread that answers them, the event loop's (one per
process), and `/metrics` is answered by that thread too. A histogram's count is the sum of
its buckets, so a reader in another thread would never see the two disagree.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from prometheus_client.metrics_core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from prometheus_client.samples import Sample
from prometheus_client.utils import floatToGoString

RequestKey = tuple[str, str, str]


class Series:
    """One (operation label, outcome, path): counts by bucket (not cumulative, the last one
    past every bound) and sums, of latency and of statements."""

    __slots__ = ("created", "latency", "latency_sum", "statements", "statements_sum")

    def __init__(self, latency_buckets: int, statement_buckets: int) -> None:
        self.created = time.time()
        self.latency = [0] * (latency_buckets + 1)
        self.latency_sum = 0.0
        self.statements = [0] * (statement_buckets + 1)
        self.statements_sum = 0


class RequestCounts:
    """Counts requests; `label` turns an operation name as sent into its label ("-" for
    none, "other" past the cap)."""

    def __init__(
        self,
        latency_bounds: Sequence[float],
        statement_bounds: Sequence[float],
        label: Callable[[str | None], str],
    ) -> None:
        self.latency_bounds = tuple(latency_bounds)
        self.statement_bounds = tuple(statement_bounds)
        self.label = label
        #: By label: the series shown.
        self.series: dict[RequestKey, Series] = {}
        #: By the operation name as sent: the same series, found without labelling it again.
        self.seen: dict[tuple[str | None, str, str], Series] = {}

    def record(
        self, operation: str | None, outcome: str, path: str, seconds: float, statements: int
    ) -> None:
        """Count one request (the hot path: a dictionary look-up, two bisects, four adds)."""
        series = self.seen.get((operation, outcome, path))
        if series is None:
            series = self._series(operation, outcome, path)
        series.latency[bisect_left(self.latency_bounds, seconds)] += 1
        series.latency_sum += seconds
        series.statements[bisect_left(self.statement_bounds, statements)] += 1
        series.statements_sum += statements

    def _series(self, operation: str | None, outcome: str, path: str) -> Series:
        label = self.label(operation)
        key = (label, outcome, path)
        series = self.series.get(key)
        if series is None:
            series = Series(len(self.latency_bounds), len(self.statement_bounds))
            self.series[key] = series
        if label == (operation or "-"):  # names past the cap are labelled again each time
            self.seen[(operation, outcome, path)] = series
        return series


class RequestCollector(Collector):
    """The request metrics of `counts`, as prometheus-client's registry asks for them."""

    def __init__(self, counts: RequestCounts, names: tuple[str, str, str], docs: Sequence[str]):
        self.counts = counts
        self.names = names
        self.docs = tuple(docs)

    def collect(self) -> Iterator[Metric]:
        counts = self.counts
        requests_name, latency_name, statements_name = self.names
        requests = CounterMetricFamily(
            requests_name, self.docs[0], labels=("operation", "outcome", "path")
        )
        latency: dict[tuple[str, str], _Sum] = {}
        statements: dict[tuple[str], _Sum] = {}
        for (operation, outcome, path), series in list(counts.series.items()):
            requests.add_metric((operation, outcome, path), sum(series.latency), series.created)
            _add(latency, (operation, path), series.latency, series.latency_sum, series.created)
            _add(statements, (path,), series.statements, series.statements_sum, series.created)
        yield requests
        yield _histogram(
            latency_name, self.docs[1], ("operation", "path"), latency, counts.latency_bounds
        )
        yield _histogram(
            statements_name, self.docs[2], ("path",), statements, counts.statement_bounds
        )


class _Sum:
    """Series of a coarser histogram added up: bucket counts, sum, the earliest creation."""

    __slots__ = ("buckets", "created", "total")

    def __init__(self, size: int, created: float) -> None:
        self.buckets = [0] * size
        self.total = 0.0
        self.created = created


def _add(
    into: dict[Any, _Sum], key: tuple[str, ...], buckets: list[int], total: float, created: float
) -> None:
    found = into.get(key)
    if found is None:
        found = into[key] = _Sum(len(buckets), created)
    for index, count in enumerate(buckets):
        found.buckets[index] += count
    found.total += total
    found.created = min(found.created, created)


def _histogram(
    name: str,
    doc: str,
    labels: tuple[str, ...],
    sums: dict[Any, _Sum],
    bounds: tuple[float, ...],
) -> HistogramMetricFamily:
    family = HistogramMetricFamily(name, doc, labels=labels)
    edges = [floatToGoString(bound) for bound in bounds] + ["+Inf"]  # type: ignore[no-untyped-call]
    for values, found in sums.items():
        cumulative = 0
        buckets = []
        for edge, count in zip(edges, found.buckets, strict=True):
            cumulative += count
            buckets.append((edge, float(cumulative)))
        family.add_metric(values, buckets, found.total)
        family.samples.append(
            Sample(f"{name}_created", dict(zip(labels, values, strict=True)), found.created)
        )
    return family
