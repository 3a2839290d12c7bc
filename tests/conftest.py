"""Fixtures every test of the hub can use.

- `database_url`: each test that asks for it runs twice, on a fresh SQLite file (`sqlite`) and on
  an emptied PostgreSQL database (`postgres`, marked `postgres`). PostgreSQL is
  `HUB_TEST_POSTGRES_URL`, by default the local server's `test` database; if it cannot be
  reached the test is skipped, or fails when `HUB_REQUIRE_POSTGRES=1` (as in CI). Its `public`
  schema is dropped and recreated before each test, so tests must not run in parallel.
- `settings`: `Settings` for that database.
- `engine`: an `AsyncEngine` on that database, migrated and seeded with the code lists.

To count the SQL statements a piece of code issues, see `tests.helpers.count_statements`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from hub.config import Settings
from hub.store import create_engine, upgrade

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database: a SQLite file, or the emptied PostgreSQL test database."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}"
    url = os.environ.get("HUB_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        await _empty_postgres(url)
    except (OSError, DBAPIError) as error:
        reason = f"PostgreSQL at {url} is unreachable: {error}"
        if os.environ.get("HUB_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return url


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings for the test's database, whatever the environment says."""
    return Settings(database_url=database_url)


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """An engine on a migrated database holding the code lists; disposed after the test."""
    engine = create_engine(settings)
    try:
        await upgrade(engine)
        yield engine
    finally:
        await engine.dispose()


async def _empty_postgres(url: str) -> None:
    engine = create_async_engine(url, poolclass=NullPool, connect_args={"timeout": 5})
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            await connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        await engine.dispose()
