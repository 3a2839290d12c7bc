"""Bring a database to the hub's schema with Alembic, then load the standard's code lists."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.errors import HubError
from hub.standard import load_vocabulary
from hub.store.seed import sync_vocabulary

SCRIPT_LOCATION = "hub.store:migrations"
# Key of the PostgreSQL advisory lock that keeps two processes from migrating at once.
MIGRATION_LOCK = int.from_bytes(b"hub-db", "big")
# Alembic keeps the running migration in module globals, so one process runs one at a time.
_running: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Migrate the schema to `revision` and, at the head, upsert the code lists: all or nothing."""
    vocabulary = load_vocabulary()
    lock = _running.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    async with lock, migrating(engine) as connection:
        at_head = await connection.run_sync(_upgrade, revision)
        if at_head:
            await sync_vocabulary(connection, vocabulary)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at, or None before the first migration."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current_revision)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code: no alembic.ini is needed to migrate."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@asynccontextmanager
async def migrating(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection in a transaction fit for changing the schema, committed on success.

    SQLite: foreign keys are off while the schema changes, as SQLite's own procedure for
    altering a table asks (https://sqlite.org/lang_altertable.html#otheralter), because batch
    migrations drop and recreate tables, and a DROP would otherwise cascade to other tables;
    `PRAGMA foreign_key_check` must find nothing before the commit.
    PostgreSQL: an advisory lock serialises concurrent upgrades and the statement timeout is
    lifted for this transaction only.
    """
    async with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            async with connection.begin():
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                )
                await connection.execute(text("SET LOCAL statement_timeout = 0"))
                yield connection
            return
        await connection.run_sync(_sqlite_pragma, "PRAGMA foreign_keys=OFF")
        try:
            async with connection.begin():
                yield connection
                await _check_foreign_keys(connection)
        finally:
            await connection.run_sync(_sqlite_pragma, "PRAGMA foreign_keys=ON")


def _upgrade(connection: Connection, revision: str) -> bool:
    config = alembic_config(connection)
    command.upgrade(config, revision)
    heads = ScriptDirectory.from_config(config).get_heads()
    return set(MigrationContext.configure(connection).get_current_heads()) == set(heads)


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _sqlite_pragma(connection: Connection, pragma: str) -> None:
    # Straight to the driver: outside any transaction, where SQLite honours this pragma.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(pragma)
    finally:
        cursor.close()


async def _check_foreign_keys(connection: AsyncConnection) -> None:
    violations = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
    if violations:
        tables = sorted({str(row[0]) for row in violations})
        raise HubError(
            "MIGRATION_BROKE_FOREIGN_KEYS",
            f"{len(violations)} rows would refer to missing rows; nothing was changed",
            tables=", ".join(tables),
        )
