"""Alembic environment of the hub.

`hub.store.migrate.upgrade` hands Alembic a live connection through
`config.attributes["connection"]` (a sync `Connection` from `AsyncConnection.run_sync`), so
migrations run inside the hub's own event loop and transaction. Run from the `alembic` command
line (`alembic -c hub/store/migrations/alembic.ini ...`, for writing revisions), the environment
opens its own engine from `HUB_DATABASE_URL`.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeDecorator

from hub.config import Settings
from hub.store.engine import create_engine, is_sqlite
from hub.store.migrate import migrating
from hub.store.models import Base

target_metadata = Base.metadata


def render_item(kind: str, item: Any, _context: AutogenContext) -> str | Literal[False]:
    """Write the hub's own column types as their SQLAlchemy implementation, so that a
    revision keeps meaning the same when `hub.store.types` changes."""
    if kind == "type" and isinstance(item, TypeDecorator):
        return f"sa.{item.impl_instance!r}"
    return False


def run_migrations(connection: Connection) -> None:
    """Run the migrations on a connection; batch mode on SQLite, whose ALTER TABLE is limited."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_with_own_engine(settings: Settings) -> None:
    """Run the migrations on an engine of their own (the `alembic` command line)."""
    engine = create_engine(settings)
    try:
        async with migrating(engine) as connection:
            await connection.run_sync(run_migrations)
    finally:
        await engine.dispose()


def run_offline(settings: Settings) -> None:
    """Write the migrations as SQL (`alembic upgrade --sql`) instead of running them."""
    context.configure(
        url=settings.database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=is_sqlite(settings.database_url),
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
    elif context.is_offline_mode():
        run_offline(Settings())
    else:
        asyncio.run(run_with_own_engine(Settings()))


main()
