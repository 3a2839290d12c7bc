"""The `import_rejects` rule: rejected lines of old imports, which may quote personal data."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.store import models as m


async def erase_rejects(connection: AsyncConnection, cutoff: date) -> dict[str, int]:
    """Delete the rejected lines of imports that finished before `cutoff`; the imports'
    own records (their counts of rows read, written and rejected) stay."""
    batch, reject = m.ImportBatch, m.ImportReject
    old = select(batch.id).where(
        batch.finished_at < datetime(cutoff.year, cutoff.month, cutoff.day, tzinfo=UTC)
    )
    count = (
        await connection.execute(
            select(func.count()).select_from(reject).where(reject.batch_id.in_(old))
        )
    ).scalar_one()
    if count:
        await connection.execute(delete(reject).where(reject.batch_id.in_(old)))
    return {"ImportReject": int(count)} if count else {}
