"""Batches the reader process prepares for the writer (`hub.adapters.check.prepare`): the same
rows, reports and rejects, and the records' opaque ids made by the reader, not the writer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest, pipeline
from hub.adapters import sources as reading
from hub.adapters.write import chunk
from hub.store.gids import fill_gids, id_key_of
from tests.adapters.conftest import example

GID_TABLES = ("officer", "deployment")


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every file of an import goes through the reader process."""
    monkeypatch.setattr(reading, "MIN_BYTES", 0)
    monkeypatch.setattr(reading, "FIRST_HERE_BYTES", 0)
    try:
        yield
    finally:
        reading.shutdown_reader()


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The opaque ids the writer makes in this process."""
    calls: list[int] = []
    opaque_id = chunk.opaque_id

    def counted(*args: Any) -> str:
        calls.append(1)
        return opaque_id(*args)

    monkeypatch.setattr(chunk, "opaque_id", counted)
    return calls


def _reader_key(monkeypatch: pytest.MonkeyPatch, key: bytes) -> None:
    """Imports send the reader this id key (the importing engine's, unless a test says)."""
    open_sources = reading.open_sources
    monkeypatch.setattr(
        pipeline, "open_sources", lambda planned, pool, *_: open_sources(planned, pool, key)
    )


async def _engine_key(engine: AsyncEngine) -> bytes:
    async with engine.connect() as connection:
        return id_key_of(connection)


async def _import_roster(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    await ingest(engine, "hr-officers", [example("hr-officers", "officers.csv")])
    (report,) = await ingest(engine, "duty-roster-xml", [example("duty-roster-xml", "roster.xml")])
    assert report.status == "COMPLETED" and report.inserted > 0
    return await _gids(engine)


async def _gids(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        return [
            (table, *row)
            for table in GID_TABLES
            for row in (await connection.execute(text(f"SELECT id, gid FROM {table} ORDER BY id")))
        ]


async def _made_again(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    """The gids the hub makes for the stored records (`fill_gids`), the stored ones cleared."""
    async with engine.begin() as connection:
        for table in GID_TABLES:
            await connection.execute(text(f"UPDATE {table} SET gid = NULL"))
        await fill_gids(connection)
    return await _gids(engine)


async def test_the_reader_makes_the_gids_with_the_importing_engines_key(
    engine: AsyncEngine, reader: None, made: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _reader_key(monkeypatch, await _engine_key(engine))
    stored = await _import_roster(engine)
    assert len(stored) > 10
    assert made == []  # none made by the writer
    assert stored == await _made_again(engine)


async def test_gids_made_with_another_key_are_made_again_by_the_writer(
    engine: AsyncEngine, reader: None, made: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _reader_key(monkeypatch, b"not the engine's key")
    stored = await _import_roster(engine)
    assert len(made) == len(stored)
    assert stored == await _made_again(engine)


CASES = {
    "repeat and duplicate key": ["1,Ash,Al,PC,", "1,Ash,Al,PC,", "1,Oak,Al,PC,", "2,Elm,Bo,PC,"],
    "a duplicate key then its first again": ["1,Ash,Al,PC,", "1,Oak,Al,PC,", "1,Ash,Al,PC,"],
}


@pytest.mark.parametrize("lines", CASES.values(), ids=CASES.keys())
async def test_a_batch_deduplicated_by_the_reader_gives_the_same_report(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[str]
) -> None:
    path = tmp_path / "officers.csv"
    header = "Collar No,Surname,Forename(s),Rank,Skills"
    path.write_text("\r\n".join([header, *lines]) + "\r\n", encoding="cp1252")
    reports = []
    for min_bytes in (reading.MIN_BYTES, 0):  # read here, then by the reader
        monkeypatch.setattr(reading, "MIN_BYTES", min_bytes)
        try:
            (report,) = await ingest(engine, "hr-officers", [path], dry_run=True)
            assert (reading._reader is not None) == (min_bytes == 0)
        finally:
            reading.shutdown_reader()
        reports.append(
            (
                report.inserted,
                report.unchanged,
                report.repeated,
                report.rejected,
                [(r.line, r.code, r.message) for r in report.rejects],
                [(d.line, d.code) for d in report.duplicates],
            )
        )
    assert reports[0] == reports[1]
    assert reports[0][4][0][1] == "DUPLICATE_KEY"


async def test_a_prepared_batch_the_database_refuses_is_written_one_by_one(
    engine: AsyncEngine, reader: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _reader_key(monkeypatch, await _engine_key(engine))
    await _import_roster(engine)
    path = tmp_path / "shifts.csv"
    shifts = example("shift-codes-csv", "shifts.csv").read_text("utf-8")
    # the same unit and start as another unit-shift: the unique constraint refuses it
    path.write_text(shifts + "GMP-PSU-02;1-Nov-21;N;ZONE-BLUE;7734\r\n", encoding="utf-8")
    (report,) = await ingest(engine, "shift-codes-csv", [path])
    assert (report.read, report.inserted, report.rejected) == (7, 8, 1)
    assert [(r.line, r.code) for r in report.rejects] == [(11, "DB_CONSTRAINT")]
