"""Small harnesses shared by the tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

# Transaction control is not counted: SQLite's engine emits its own BEGIN, PostgreSQL's does not.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@dataclass
class StatementLog:
    """The SQL statements executed while the log was open, in order."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)

    def __len__(self) -> int:
        return len(self.statements)


@contextmanager
def count_statements(engine: AsyncEngine) -> Iterator[StatementLog]:
    """Record the statements `engine` executes inside the `with` block.

    An executemany counts once; BEGIN, COMMIT, ROLLBACK and savepoints are not counted.

        with count_statements(engine) as log:
            await run_query(...)
        assert log.count <= 3, log.statements
    """
    log = StatementLog()

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            log.statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield log
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


@contextmanager
def sqlite_statements(
    engine: AsyncEngine, keep: Callable[[str], Any] = bool
) -> Iterator[list[str]]:
    """The statements SQLite itself runs (those `keep` is true of) on the connections `engine`
    opens inside the `with` block, as the driver's trace gives them, as they run: values in the
    text, an executemany once a row, and the statements that go to the driver without
    SQLAlchemy (`hub.adapters.write.bulk`), which `count_statements` does not see. Empty the
    pool first (`await engine.dispose()`): connections opened before are not traced."""
    ran: list[str] = []

    def statement(text: str) -> None:
        if keep(text):
            ran.append(text)

    def trace(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.driver_connection._conn.set_trace_callback(statement)

    event.listen(engine.sync_engine, "connect", trace)
    try:
        yield ran
    finally:
        event.remove(engine.sync_engine, "connect", trace)
