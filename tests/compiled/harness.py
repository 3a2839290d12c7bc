"""Run one document through both paths and compare what a client receives."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_only

from hub.plan import PATH_HEADER
from hub.plan._inline import inline_connection
from hub.store.models import AuditRecord
from tests.client import Graph


@dataclass
class Both:
    """The two answers to one request, and how many statements the compiled one ran."""

    general: Any
    compiled: Any
    general_status: int
    compiled_status: int
    statements: list[str]
    general_audit: int = 0
    compiled_audit: int = 0
    #: The bodies as sent: an answer must not tell, even in its bytes, which path gave it.
    general_bytes: bytes = b""
    compiled_bytes: bytes = b""

    @property
    def compiled_path(self) -> bool:
        """Whether the compiled answer came from one statement (the compiled path), as the
        database saw it: no BEGIN, nothing else."""
        return len(self.statements) == 1 and self.statements[0].lstrip().startswith(
            ("SELECT json", "SELECT CAST(json", "WITH")
        )


@asynccontextmanager
async def driver_statements(engine: AsyncEngine) -> AsyncIterator[list[str]]:
    """The statements the database driver runs for connections checked out of `engine` in
    the block (SQLite's trace callback, asyncpg's query logger), and on SQLite those of the
    connection light plans run on, BEGIN included; not the pool's liveness pings."""
    log: list[str] = []
    traced: list[Any] = []
    inline = inline_connection(engine)

    def record(statement: str) -> None:
        if statement.strip() not in (";", "SELECT 1"):
            log.append(statement)

    def on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        driver = dbapi_connection.driver_connection
        if engine.dialect.name == "sqlite":
            await_only(driver.set_trace_callback(record))
        else:
            driver.add_query_logger(_logger)
        traced.append(driver)

    def _logger(query: Any) -> None:
        record(query.query)

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
            if engine.dialect.name == "sqlite":
                await driver.set_trace_callback(None)
            else:
                driver.remove_query_logger(_logger)


async def both(
    graph: Graph,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Both:
    """POST the document on the general path, then as it comes (compiled when it compiles)."""
    sent = dict(graph.headers if headers is None else headers)
    audited = await _audit_rows(graph)
    general = await graph.post(query, variables, headers={**sent, PATH_HEADER: "general"})
    general_audit = await _audit_rows(graph) - audited
    async with driver_statements(graph.engine) as log:
        compiled = await graph.post(query, variables, headers=sent)
    return Both(
        general.json(),
        compiled.json(),
        general.status_code,
        compiled.status_code,
        list(log),
        general_audit,
        await _audit_rows(graph) - audited - general_audit,
        general.content,
        compiled.content,
    )


async def _audit_rows(graph: Graph) -> int:
    async with graph.app.state.security_engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(AuditRecord)) or 0)
