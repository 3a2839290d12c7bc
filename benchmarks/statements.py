"""Count the SQL statements an engine runs (as tests/helpers.py does): before_cursor_execute,
transaction control left out, an executemany counted once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_only

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@contextmanager
def count_statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """The statements `engine` executes inside the `with` block."""
    log: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            log.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield log
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


@asynccontextmanager
async def count_driver_statements(engine: AsyncEngine) -> AsyncIterator[list[str]]:
    """The statements the database driver runs for connections checked out of `engine` in the
    block (SQLite's trace callback, asyncpg's query logger): also those of a compiled read,
    which runs on the driver without SQLAlchemy, and on SQLite those of the connection light
    compiled reads run on (`hub.plan._inline`); transaction control left out."""
    from hub.plan._inline import inline_connection

    log: list[str] = []
    traced: list[Any] = []
    sqlite = engine.dialect.name == "sqlite"
    inline = inline_connection(engine)

    def record(statement: str) -> None:
        text = statement.strip()
        if text not in (";", "SELECT 1") and not text.upper().startswith(TRANSACTION_CONTROL):
            log.append(statement)

    def logger(query: Any) -> None:
        record(query.query)

    def on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        driver = dbapi_connection.driver_connection
        if sqlite:
            await_only(driver.set_trace_callback(record))
        else:
            driver.add_query_logger(logger)
        traced.append(driver)

    event.listen(engine.sync_engine, "checkout", on_checkout)
    if inline is not None:
        inline.set_trace_callback(record)
    try:
        yield log
    finally:
        event.remove(engine.sync_engine, "checkout", on_checkout)
        if inline is not None:
            inline.set_trace_callback(None)
        for driver in traced:
            if sqlite:
                await driver.set_trace_callback(None)
            else:
                driver.remove_query_logger(logger)
