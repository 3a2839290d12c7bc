"""The import batch row of each file, written straight to the driver (`insert_row`,
`update_row`): every column as SQLAlchemy would have stored it, on both databases."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest
from hub.store.models import Force, ImportBatch
from tests.adapters.conftest import example

OFFICERS = example("hr-officers", "officers.csv")


async def test_a_file_opens_and_closes_its_batch_row_with_every_column(
    engine: AsyncEngine,
) -> None:
    began = datetime.now(UTC)
    (report,) = await ingest(engine, "hr-officers", [OFFICERS], actor="force-it", strict=False)
    ended = datetime.now(UTC)
    assert report.status == "COMPLETED" and report.inserted > 0
    async with engine.connect() as connection:
        (batch,) = (await connection.execute(select(ImportBatch.__table__))).mappings().all()
        force_id = await connection.scalar(select(Force.id).where(Force.code == report.force))
    assert batch["uid"] == report.batch_uid
    assert batch["force_id"] == force_id is not None
    assert (batch["adapter"], batch["file_name"]) == ("hr-officers", "officers.csv")
    assert batch["checksum"] == hashlib.sha256(OFFICERS.read_bytes()).hexdigest()
    assert (batch["actor"], batch["status"]) == ("force-it", "COMPLETED")
    assert batch["runner"]  # the process that ran it (liveness)
    assert batch["dry_run"] is False and batch["strict"] is False
    started, finished = batch["started_at"], batch["finished_at"]
    assert started.tzinfo is not None and finished.tzinfo is not None
    assert began.replace(microsecond=0) <= started <= finished <= ended
    counts = ("rows_read", "inserted", "updated", "unchanged", "rejected")
    assert tuple(batch[name] for name in counts) == (
        report.read,
        report.inserted,
        report.updated,
        report.unchanged,
        report.rejected,
    )
