"""What the hub records of each imported file: metrics and one log line (counts, no values)."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable
from typing import Protocol, TypeVar

from hub.ops import correlation
from hub.ops.metrics import record_import

log = logging.getLogger("hub.imports")


class FileReport(Protocol):
    """The parts of an import report (hub.adapters' ImportReport) the metrics read."""

    @property
    def batch_uid(self) -> str: ...
    @property
    def adapter(self) -> str: ...
    @property
    def force(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def dry_run(self) -> bool: ...
    @property
    def read(self) -> int: ...
    @property
    def inserted(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def rejected(self) -> int: ...


Report = TypeVar("Report", bound=FileReport)


async def observe_import(work: Awaitable[Report]) -> Report:
    """Await the import of one file; count it in the metrics and log it. Outside a request
    (`hub ingest`, `hub demo`) the run takes a correlation id of its own."""
    if correlation.current() is None:
        correlation.begin()
    started = time.perf_counter()
    report = await work
    seconds = time.perf_counter() - started
    written = 0 if report.dry_run else report.inserted + report.updated
    status = "DRY_RUN" if report.dry_run else report.status
    record_import(
        report.adapter, report.force, status, report.read, written, report.rejected, seconds
    )
    log.info(
        "import %s",
        status,
        extra={
            "adapter": report.adapter,
            "force": report.force,
            "batch": report.batch_uid,
            "file_status": status,
            "read": report.read,
            "written": written,
            "rejected": report.rejected,
            "duration_ms": round(seconds * 1000, 3),
        },
    )
    return report
