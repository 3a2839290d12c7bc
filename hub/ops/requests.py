"""What the hub records of each GraphQL request once answered: metrics, a log line, its span."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from hub.ops import correlation
from hub.ops.metrics import count_statements, record_request
from hub.ops.tracing import annotate

log = logging.getLogger("hub.requests")
MESSAGE = "graphql %s"


@dataclass
class Observed:
    """One request while it runs: when it began, its correlation id, its statement count;
    `metrics`: whether the hub shows metrics (HUB_METRICS_TOKEN), else it keeps none."""

    metrics: bool = True
    started: float = field(default_factory=time.perf_counter)
    correlation_id: str = field(default_factory=correlation.begin)
    statements: list[int] = field(default_factory=count_statements)

    def finish(
        self,
        *,
        status: int,
        outcome: str,
        path: str,
        operation: str | None,
        operation_type: str | None,
        role: str | None,
        key_id: int | None,
    ) -> None:
        """Count the request, log one line (ids and codes only: no values), annotate its span."""
        seconds = time.perf_counter() - self.started
        statements = self.statements[0]
        if self.metrics:
            record_request(operation, outcome, path, seconds, statements)
        annotate(outcome=outcome, path=path, operation=operation or "-")
        if not log.isEnabledFor(logging.INFO):
            return
        # The record made and handed on directly: `log.info` would also look for the line
        # that called it (a walk up the stack), which no hub log line shows.
        record = log.makeRecord(log.name, logging.INFO, __file__, 0, MESSAGE, (outcome,), None)
        record.__dict__.update(
            status=status,
            outcome=outcome,
            path=path,
            operation=operation,
            operation_type=operation_type,
            role=role,
            key_id=key_id,
            duration_ms=int(seconds * 1_000_000) / 1000,  # round(..., 3) costs more
            statements=statements,
        )
        log.handle(record)
