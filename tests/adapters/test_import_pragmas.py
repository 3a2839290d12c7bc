"""SQLite settings an import gives its connection while a file is written, and only then."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.adapters import pipeline
from hub.adapters.pipeline import IMPORT_CACHE_KIB, IMPORT_CHECKPOINT_PAGES, ingest
from tests.adapters.conftest import example

MEMORY = 2  # PRAGMA temp_store: 0 default (a file), 2 memory


PRAGMAS = ("cache_size", "temp_store", "wal_autocheckpoint")


async def _settings(connection: AsyncConnection) -> tuple[int, ...]:
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    values = []
    for name in PRAGMAS:
        ((value,),) = await driver.execute_fetchall(f"PRAGMA {name}")
        values.append(value)
    return tuple(values)


async def _pooled(engine: AsyncEngine) -> tuple[int, ...]:
    async with engine.connect() as connection:
        return await _settings(connection)


async def test_an_import_has_a_larger_cache_journals_in_memory_fewer_checkpoints_then_reset(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's page cache and temporary files")
    before = await _pooled(engine)
    seen: list[tuple[int, ...]] = []
    open_batch = pipeline.open_batch

    async def opening(connection: AsyncConnection, *args: Any) -> int:
        seen.append(await _settings(connection))  # as the file's first rows are written
        return await open_batch(connection, *args)

    monkeypatch.setattr(pipeline, "open_batch", opening)
    (report,) = await ingest(engine, "hr-officers", [example("hr-officers", "officers.csv")])
    assert report.status == "COMPLETED" and report.inserted > 0
    assert seen == [(-IMPORT_CACHE_KIB, MEMORY, IMPORT_CHECKPOINT_PAGES)]
    after = await _pooled(engine)  # the pool's connection as it was
    assert after == before
    assert all(a != b for a, b in zip(before, seen[0], strict=True))
