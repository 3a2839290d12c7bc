"""The import batch row and its rejects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.adapters.report import ImportReport, Reject
from hub.adapters.write.bulk import insert_row, update_row
from hub.adapters.write.liveness import runner
from hub.store.models import Capability, Force, ImportBatch, ImportReject
from hub.store.types import utcnow

_BATCH: Table = ImportBatch.__table__  # type: ignore[assignment]


async def reference_ids(connection: AsyncConnection) -> tuple[dict[str, int], dict[str, int]]:
    """Force and capability ids by code (short lists, read once per import)."""
    forces = await connection.execute(select(Force.code, Force.id))
    capabilities = await connection.execute(select(Capability.code, Capability.id))
    return {code: id_ for code, id_ in forces}, {code: id_ for code, id_ in capabilities}


async def open_batch(
    connection: AsyncConnection, report: ImportReport, actor: str, force_id: int | None
) -> int:
    """The import batch row of a file, RUNNING; its id. (Each file of an import opens and
    closes one: the statements go straight to the driver, `insert_row` and `update_row`.)"""
    row = {
        "uid": report.batch_uid,
        "force_id": force_id,
        "adapter": report.adapter[:120],
        "file_name": report.file[:300],
        "checksum": report.checksum,
        "actor": actor[:120],
        "status": "RUNNING",
        "runner": runner(),
        "dry_run": report.dry_run,
        "strict": report.strict,
    }
    return await insert_row(connection, _BATCH, row)


async def close_batch(connection: AsyncConnection, batch_id: int, report: ImportReport) -> None:
    """The batch row COMPLETED (or FAILED) with the report's counts."""
    values = _closing(report, failed=report.status == "FAILED")
    await update_row(connection, _BATCH, batch_id, values)


def _closing(report: ImportReport, *, failed: bool) -> dict[str, Any]:
    """What a batch row is closed with: its status, when, and the report's counts."""
    return {
        "status": "FAILED" if failed else "COMPLETED",
        "finished_at": utcnow(),
        "rows_read": report.read,
        "inserted": report.inserted,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
    }


async def fail_batch(engine: AsyncEngine, report: ImportReport) -> None:
    """Close a batch whose import failed on the database, if the database answers again."""
    try:
        async with engine.begin() as connection:
            await connection.execute(
                update(ImportBatch)
                .where(ImportBatch.uid == report.batch_uid, ImportBatch.status == "RUNNING")
                .values(_closing(report, failed=True))
            )
    except (DBAPIError, OSError):
        pass  # still away: the next import marks the batch INTERRUPTED


async def store_rejects(
    connection: AsyncConnection, batch_id: int, rejects: Sequence[Reject]
) -> None:
    if not rejects:
        return
    rows: list[dict[str, Any]] = [
        {
            "batch_id": batch_id,
            "file": reject.file[:300],
            "line": reject.line,
            "path": reject.path[-500:] if reject.path else None,
            "field": reject.field[:120] if reject.field else None,
            "value": reject.value,
            "code": reject.code[:60],
            "message": reject.message,
        }
        for reject in rejects
    ]
    await connection.execute(insert(ImportReject), rows)
