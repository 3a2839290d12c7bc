"""What the engine promises on each database: SQLite's pragmas, and savepoints that work."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.store import create_engine, is_sqlite
from hub.store.models import Region


def region(code: str) -> dict[str, object]:
    return {
        "code": code,
        "label": code.title(),
        "description": "",
        "country": "england",
        "effective_from": date(2024, 1, 1),
    }


async def test_sqlite_connections_use_wal_and_enforce_foreign_keys(tmp_path: Path) -> None:
    engine = create_engine(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}"))
    try:
        async with engine.connect() as connection:
            journal_mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
            foreign_keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
    finally:
        await engine.dispose()
    assert (journal_mode, foreign_keys) == ("wal", 1)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite+aiosqlite:///var/hub.db", True),
        ("sqlite+aiosqlite://", True),
        ("postgresql+asyncpg://hub@db/hub", False),
    ],
)
def test_is_sqlite(url: str, expected: bool) -> None:
    assert is_sqlite(url) is expected


async def test_a_rolled_back_savepoint_keeps_the_outer_work(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(Region), [region("kept")])
        savepoint = await connection.begin_nested()
        await connection.execute(insert(Region), [region("undone")])
        await savepoint.rollback()
        await connection.execute(insert(Region), [region("after")])
    assert await _codes(engine, "kept", "undone", "after") == {"kept", "after"}


async def test_a_failed_batch_rolls_back_to_its_savepoint_only(engine: AsyncEngine) -> None:
    # The ingest pattern: one savepoint per batch; a batch that breaks a constraint is undone
    # and the transaction goes on (PostgreSQL would otherwise refuse every later statement).
    async with engine.begin() as connection:
        await connection.execute(insert(Region), [region("first")])
        with pytest.raises(IntegrityError):
            async with connection.begin_nested():
                await connection.execute(insert(Region), [region("second")])
                await connection.execute(insert(Region), [region("first")])
        await connection.execute(insert(Region), [region("third")])
    assert await _codes(engine, "first", "second", "third") == {"first", "third"}


async def test_a_rolled_back_transaction_undoes_its_released_savepoints(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        async with connection.begin_nested():
            await connection.execute(insert(Region), [region("released")])
        await transaction.rollback()
    assert await _codes(engine, "released") == set()


async def _codes(engine: AsyncEngine, *codes: str) -> set[str]:
    async with engine.connect() as connection:
        result = await connection.execute(select(Region.code).where(Region.code.in_(codes)))
        return set(result.scalars())
