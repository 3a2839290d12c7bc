"""SQLite settings an import gives its connection while a file is written, and only then."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters.pipeline import IMPORT_CACHE_KIB, ingest
from tests.adapters.conftest import example

MEMORY = 2  # PRAGMA temp_store: 0 default (a file), 2 memory


def _pragmas(dbapi_connection: Any) -> tuple[int, int]:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA cache_size")
        (size,) = cursor.fetchone()
        cursor.execute("PRAGMA temp_store")
        (store,) = cursor.fetchone()
    finally:
        cursor.close()
    return size, store


async def _pooled(engine: AsyncEngine) -> tuple[int, int]:
    async with engine.connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None
        ((size,),) = await driver.execute_fetchall("PRAGMA cache_size")
        ((store,),) = await driver.execute_fetchall("PRAGMA temp_store")
    return size, store


async def test_a_file_is_written_with_a_larger_cache_and_journals_in_memory_then_reset(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's page cache and temporary files")
    before = await _pooled(engine)
    seen: list[tuple[int, int]] = []

    def written(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("INSERT INTO import_batch"):
            seen.append(_pragmas(conn.connection.dbapi_connection))

    event.listen(engine.sync_engine, "after_cursor_execute", written)
    try:
        (report,) = await ingest(engine, "hr-officers", [example("hr-officers", "officers.csv")])
    finally:
        event.remove(engine.sync_engine, "after_cursor_execute", written)
    assert report.status == "COMPLETED" and report.inserted > 0
    assert seen == [(-IMPORT_CACHE_KIB, MEMORY)]
    after = await _pooled(engine)  # the pool's connection as it was
    assert after == before and before[1] != MEMORY and before[0] != -IMPORT_CACHE_KIB
