"""The request's reader when resolvers are cancelled (graphql-core cancels the siblings of a
field that failed): a statement runs to its end, so the connection stays usable, and once the
request is over the reader takes no more statements."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import literal, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.resolvers.reader import Reader, ReaderClosed

#: A statement that takes a moment on either database.
SLOW = {
    "postgresql": "SELECT 1 AS one FROM pg_sleep(0.3)",
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) "
    "SELECT count(*) AS one FROM c",
}


async def test_a_cancelled_statement_leaves_the_connection_usable(engine: AsyncEngine) -> None:
    async with engine.connect() as connection, Reader(connection) as reader:
        slow = asyncio.create_task(reader.rows(text(SLOW[engine.dialect.name])))
        await asyncio.sleep(0.05)  # the statement is under way
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        assert connection.in_transaction()
        rows = await reader.rows(select(literal(1).label("one")))
        assert rows[0].one == 1


async def test_the_reader_takes_no_statement_once_the_request_is_over(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        async with Reader(connection) as reader:
            await reader.rows(select(literal(1).label("one")))
        with pytest.raises(ReaderClosed):
            await reader.rows(select(literal(1).label("one")))
