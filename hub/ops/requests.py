"""What the hub records of each GraphQL request once answered: metrics, a log line, its span."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from hub.ops import correlation
from hub.ops.metrics import count_statements, record_request
from hub.ops.tracing import annotate

log = logging.getLogger("hub.requests")


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
        annotate(outcome, path, operation or "-")
        if not log.isEnabledFor(logging.INFO):
            return
        log.handle(
            _line(
                "graphql " + outcome,
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
        )


#: The attributes of the first request line's record, and the time `logging` started.
_template: dict[str, Any] = {}
_started: list[float] = []


def _line(message: str, **fields: Any) -> logging.LogRecord:
    """The record of a request's line, as `Logger.makeRecord` would make it, but its
    attributes copied from one made at the first line and its time set: LogRecord's
    constructor (the file's name split, a Mapping check, the level's name looked up...) cost
    a fifth of the line. A factory set with `logging.setLogRecordFactory` makes that first
    record only."""
    if not _template:
        first = log.makeRecord(log.name, logging.INFO, __file__, 0, "", (), None)
        _template.update(first.__dict__)
        _started.append(first.created - first.relativeCreated / 1000)
    created = time.time()
    record = logging.LogRecord.__new__(logging.LogRecord)
    record.__dict__ = {
        **_template,
        "msg": message,
        "created": created,
        "msecs": int((created - int(created)) * 1000) + 0.0,
        "relativeCreated": (created - _started[0]) * 1000,
        **fields,
    }
    return record
