"""A batch's look-ups and upserts go to the driver itself inside a transaction (bulk.driver_rows):
on PostgreSQL to asyncpg, not through SQLAlchemy's cursor; errors still come as SQLAlchemy's."""

from __future__ import annotations

import re
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest
from hub.adapters.write.bulk import driver_rows
from tests.adapters.conftest import example

BULK = re.compile(r"^(WITH k\(|INSERT INTO (planning_unit|duty_unit|officer)\b)")


async def test_a_batchs_statements_go_to_asyncpg_not_through_sqlalchemy(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLAlchemy's cursor costs a statement its execution context, result and row objects
    (about 0.1 ms of the importing process's CPU); the roster's look-ups and upserts are
    asyncpg's `fetch`, none seen by SQLAlchemy."""
    if engine.dialect.driver != "asyncpg":
        pytest.skip("asyncpg is PostgreSQL's driver (SQLite's: test_driver_calls)")
    through_sqlalchemy: list[str] = []
    to_asyncpg: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if BULK.match(statement):
            through_sqlalchemy.append(statement)

    real = asyncpg.Connection.fetch

    async def fetch(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        if BULK.match(query):
            to_asyncpg.append(query)
        return await real(self, query, *args, **kwargs)

    monkeypatch.setattr(asyncpg.Connection, "fetch", fetch)
    event.listen(engine.sync_engine, "before_cursor_execute", seen)
    try:
        (report,) = await ingest(
            engine, "duty-roster-xml", [example("duty-roster-xml", "roster.xml")]
        )
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", seen)
    assert report.status == "COMPLETED" and report.inserted > 0
    assert through_sqlalchemy == []
    assert sum(q.startswith("WITH k(") for q in to_asyncpg) >= 3, to_asyncpg
    assert any(q.startswith("INSERT INTO duty_unit") for q in to_asyncpg), to_asyncpg


async def test_a_driver_statement_fails_as_sqlalchemys_would(engine: AsyncEngine) -> None:
    """A duplicate key in a statement given to the driver is SQLAlchemy's IntegrityError, with
    the statement; after a rollback the connection goes on."""
    mark = "?" if engine.dialect.paramstyle == "qmark" else "$1"
    insert = f"INSERT INTO driver_keys (k) VALUES ({mark})"
    async with engine.connect() as connection:
        await connection.exec_driver_sql("CREATE TEMPORARY TABLE driver_keys (k TEXT PRIMARY KEY)")
        await connection.commit()
        await connection.begin()
        assert list(await driver_rows(connection, insert, ("a",))) == []
        with pytest.raises(IntegrityError) as raised:
            await driver_rows(connection, insert, ("a",))
        assert raised.value.statement == insert
        await connection.rollback()
        await connection.begin()
        await driver_rows(connection, insert, ("b",))
        rows = await driver_rows(connection, "SELECT k FROM driver_keys", ())
        assert [tuple(row) for row in rows] == [("b",)]
        await connection.rollback()
