"""Async engines and sessions for SQLite (embedded) and PostgreSQL (shared)."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from hub.config import Settings
from hub.ops.metrics import watch_engine
from hub.store.gids import ID_KEY_OPTION

log = logging.getLogger("hub.store")

#: A pooled PostgreSQL connection idle for longer than this is pinged before it is used.
PING_IDLE_S = 1.0


def is_sqlite(url: str | URL) -> bool:
    """Whether the URL names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(settings: Settings) -> AsyncEngine:
    """An engine for the configured database, with the hub's connection settings applied
    (its statements counted per request for the metrics)."""
    url = make_url(settings.database_url)
    engine = _sqlite_engine(url, settings) if is_sqlite(url) else _postgres_engine(url, settings)
    watch_engine(engine)
    return engine


def _postgres_engine(url: URL, settings: Settings) -> AsyncEngine:
    engine = create_async_engine(
        url,
        echo=settings.echo_sql,
        execution_options=_options(settings),
        pool_size=settings.pool_size,
        pool_timeout=10,
        connect_args={
            "timeout": 10,
            "server_settings": {
                "statement_timeout": str(settings.statement_timeout_ms),
                "application_name": "mutual-aid-hub",
            },
        },
    )
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Ping a connection before use only if it sat idle in the pool for `PING_IDLE_S`.

    SQLAlchemy's `pool_pre_ping` pings on every checkout (on asyncpg BEGIN, a `;` and
    ROLLBACK: three round trips, more than a compiled read's one statement). A connection in
    steady use was just seen working; one idle (perhaps across a server restart) is checked,
    and a dead one is replaced before anyone uses it. A disconnect seen later still
    invalidates the whole pool (SQLAlchemy's own handling).
    """

    @event.listens_for(engine.sync_engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < PING_IDLE_S:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:  # the pool replaces it and tries again
            raise exc.DisconnectionError("a pooled connection did not answer") from error


def _options(settings: Settings) -> dict[str, Any]:
    """Every connection of the engine carries the id key, for the writers that make ids."""
    if settings.id_key is None:
        return {}
    return {ID_KEY_OPTION: settings.id_key.get_secret_value().encode()}


def _sqlite_engine(url: URL, settings: Settings) -> AsyncEngine:
    database = url.database or ""
    if database not in ("", ":memory:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        url,
        echo=settings.echo_sql,
        connect_args={"timeout": 30},
        execution_options=_options(settings),
        # As many connections as PostgreSQL's pool keeps: below the load, extra connections
        # were opened and closed (a thread, pragmas and functions each) for every few requests.
        pool_size=settings.pool_size,
        # A connection SQLAlchemy ended the transaction of needs no second ROLLBACK on its
        # return (on aiosqlite a hand-off to its thread): a compiled read opens none, and an
        # orphan transaction is ended before the next BEGIN (`_on_begin`).
        pool_reset_on_return=None,
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, open transactions, so SAVEPOINT works (the
        # documented pysqlite workaround), then turn on what SQLite leaves off by default.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # SQLAlchemy begins only when it knows of no transaction; if SQLite still has one (a
        # statement cut short, a connection handed back mid-transaction), BEGIN would fail with
        # "cannot start a transaction within a transaction". Nothing can rely on such an
        # orphan, so end it and start afresh.
        if connection.connection.driver_connection.in_transaction:
            log.warning("rolling back a SQLite transaction SQLAlchemy did not know of")
            connection.exec_driver_sql("ROLLBACK")
        connection.exec_driver_sql("BEGIN")

    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit (nothing is lazy-loaded later)."""
    return async_sessionmaker(engine, expire_on_commit=False)
