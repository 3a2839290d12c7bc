"""An import's files share transactions of `batch_size` records: a small file leaves the
transaction open for the next, inside a savepoint of the next file's own. What each file's
report says stays true: a file undone with its transaction says so, and a file's failure
undoes its own writes only."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from hub.adapters import ingest
from hub.adapters.write import LOCK_CLASS
from hub.store import models as m
from tests.adapters.conftest import example

HEADER = "Collar No,Surname,Forename(s),Rank,Skills"


def _export(folder: Path, name: str, first: int, count: int) -> Path:
    lines = [HEADER] + [f"{first + n},Surname{n},Given{n},PC," for n in range(count)]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    return path


async def _scalar(engine: AsyncEngine, statement: Any) -> Any:
    async with engine.connect() as connection:
        return await connection.scalar(statement)


async def _commits(engine: AsyncEngine, files: list[Path]) -> tuple[int, list[Any]]:
    commits = 0

    def count(_connection: Any) -> None:
        nonlocal commits
        commits += 1

    event.listen(engine.sync_engine, "commit", count)
    try:
        reports = await ingest(engine, "hr-officers", files)
    finally:
        event.remove(engine.sync_engine, "commit", count)
    return commits, reports


async def test_small_files_share_one_transaction(engine: AsyncEngine, tmp_path: Path) -> None:
    alone, _ = await _commits(engine, [_export(tmp_path, "a.csv", 1000, 20)])
    files = [_export(tmp_path, f"{n}.csv", 2000 + 100 * n, 20) for n in range(5)]
    together, reports = await _commits(engine, files)
    assert together <= alone  # five files commit no more often than one
    assert [(r.status, r.inserted) for r in reports] == [("COMPLETED", 20)] * 5
    stored = await _scalar(engine, select(func.count()).select_from(m.Officer))
    assert stored == 120
    statuses = await _scalar(
        engine,
        select(func.count())
        .select_from(m.ImportBatch)
        .where(m.ImportBatch.status == "COMPLETED", m.ImportBatch.inserted == 20),
    )
    assert statuses == 6
    again = await ingest(engine, "hr-officers", files)
    assert [(r.inserted, r.unchanged) for r in again] == [(0, 20)] * 5


async def test_a_file_cancelled_undoes_its_own_writes_only(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    small = _export(tmp_path, "small.csv", 1000, 10)
    big = _export(tmp_path, "big.csv", 5000, 4000)
    reading = asyncio.Event()

    def progress(read: int) -> None:
        if read >= 2000:  # only the big file gets there, inside the shared transaction
            reading.set()

    task = asyncio.create_task(ingest(engine, "hr-officers", [small, big], progress=progress))
    await reading.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    numbers = select(m.Officer.service_number)
    async with engine.connect() as connection:
        stored = set((await connection.scalars(numbers)).all())
        batches = dict(
            (await connection.execute(select(m.ImportBatch.file_name, m.ImportBatch.status))).all()
        )
    assert stored == {str(1000 + n) for n in range(10)}  # the small file's, committed
    assert batches == {"small.csv": "COMPLETED"}  # the big file's batch was undone with it
    (small_again, big_again) = await ingest(engine, "hr-officers", [small, big])
    assert (small_again.unchanged, big_again.inserted) == (10, 4000)


@pytest.mark.postgres
async def test_a_file_waiting_on_a_lost_transaction_says_so(
    database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL: a backend terminated from another connection")
    small = _export(tmp_path, "small.csv", 1000, 10)
    big = _export(tmp_path, "big.csv", 5000, 4000)
    reading = asyncio.Event()
    killer = create_async_engine(database_url, poolclass=NullPool)

    def progress(read: int) -> None:
        if read >= 2000:
            reading.set()

    async def terminate() -> None:
        await reading.wait()
        async with killer.connect() as connection:
            await connection.execute(
                text(
                    "select pg_terminate_backend(pid) from pg_stat_activity"
                    " where datname = current_database() and pid <> pg_backend_pid()"
                )
            )

    try:
        kill = asyncio.create_task(terminate())
        first, second = await ingest(engine, "hr-officers", [small, big], progress=progress)
        await kill
    finally:
        await killer.dispose()
    # the small file was complete, but its records were in the transaction the fault undid
    for report in (first, second):
        assert report.status == "FAILED" and report.error is not None
        assert report.error.code == "DB_UNAVAILABLE", report.error
        assert report.inserted == 0
    assert await _scalar(engine, select(func.count()).select_from(m.Officer)) == 0
    running = select(func.count()).select_from(m.ImportBatch)
    assert await _scalar(engine, running.where(m.ImportBatch.status == "RUNNING")) == 0
    again = await ingest(engine, "hr-officers", [small, big])
    assert [(r.status, r.inserted) for r in again] == [("COMPLETED", 10), ("COMPLETED", 4000)]


@pytest.mark.postgres
async def test_every_batch_lock_is_released(
    database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    """Commits within the import (here every 50 records) and at its end each release the
    advisory locks of all the batches that waited on them."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL: batches' advisory locks")
    mapping = tmp_path / "mapping.yaml"
    text_ = example("hr-officers", "mapping.yaml").read_text("utf-8")
    mapping.write_text(
        text_.replace("force: greater-manchester", "force: greater-manchester\nbatch_size: 50"),
        "utf-8",
    )
    files = [_export(tmp_path, f"{n}.csv", 2000 + 100 * n, 20) for n in range(7)]
    reports = await ingest(engine, mapping, files)
    assert [(r.status, r.inserted) for r in reports] == [("COMPLETED", 20)] * 7
    held = (
        select(func.count())
        .select_from(text("pg_locks"))
        .where(text("locktype = 'advisory' and classid = :class"))
    )
    async with engine.connect() as connection:
        assert await connection.scalar(held, {"class": LOCK_CLASS}) == 0
