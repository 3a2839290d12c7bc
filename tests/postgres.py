"""This test run's own PostgreSQL database.

Every run creates a database of its own on the server of `HUB_TEST_POSTGRES_URL` (by default the
local server's `test` database) on first use, named `hub_test_<pid>_<random>`, and drops it when
the run ends (`pytest_sessionfinish` in conftest.py), so two runs on one server never meet; each
pytest-xdist worker (`make test` runs two) is a process of its own and so has a database of its own.
A test that wants a migrated database gets a copy of a template migrated once per run.
Import it as `tests.postgres` everywhere, so that one run holds one name.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Awaitable, Callable

from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
_RUN_DATABASE = f"hub_test_{os.getpid()}_{secrets.token_hex(4)}"
#: A migrated database the run copies for each test that wants one (see `migrated_postgres`).
_TEMPLATE = f"{_RUN_DATABASE}_template"
_created: list[str] = []


def postgres_url() -> str:
    """The URL of this run's own database (created by `empty_postgres`)."""
    return _server_url().set(database=_RUN_DATABASE).render_as_string(hide_password=False)


async def empty_postgres(url: str) -> None:
    """Create the run's database on first use, then drop and recreate its `public` schema."""
    if not _created:
        await _admin(f'CREATE DATABASE "{_RUN_DATABASE}"')
        _created.append(_RUN_DATABASE)
    engine = create_async_engine(url, poolclass=NullPool, connect_args={"timeout": 5})
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            await connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        await engine.dispose()


async def migrated_postgres(url: str, migrate: Callable[[str], Awaitable[None]]) -> None:
    """Make the run's database a copy of a migrated template (migrated with `migrate` on first
    use): CREATE DATABASE ... TEMPLATE copies in a fraction of the time a migration takes."""
    if _TEMPLATE not in _created:
        await _admin(f'CREATE DATABASE "{_TEMPLATE}"')
        _created.append(_TEMPLATE)
        await migrate(_server_url().set(database=_TEMPLATE).render_as_string(hide_password=False))
    await _admin(f'DROP DATABASE IF EXISTS "{_RUN_DATABASE}" WITH (FORCE)')
    await _admin(f'CREATE DATABASE "{_RUN_DATABASE}" TEMPLATE "{_TEMPLATE}"')


def drop_run_database() -> None:
    """Drop the run's databases if this run created them."""
    for name in reversed(_created):
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    _created.clear()


def _server_url() -> URL:
    return make_url(os.environ.get("HUB_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))


async def _admin(statement: str) -> None:
    """One statement on the server's own database, outside a transaction (CREATE/DROP DATABASE)."""
    engine = create_async_engine(
        _server_url(), poolclass=NullPool, connect_args={"timeout": 5}, isolation_level="AUTOCOMMIT"
    )
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()
