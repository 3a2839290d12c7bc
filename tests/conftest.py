"""Fixtures every test of the hub can use.

- `database_url`: each test that asks for it runs twice, on a fresh SQLite file (`sqlite`) and on
  an emptied PostgreSQL database (`postgres`, marked `postgres`). PostgreSQL is the server of
  `HUB_TEST_POSTGRES_URL` (by default the local server's `test` database); if it cannot be
  reached the test is skipped, or fails when `HUB_REQUIRE_POSTGRES=1` (as in CI). Each test run
  creates a database of its own on that server (`hub_test_<pid>_<random>`, see `tests/postgres.py`)
  and drops it when the run ends, so two runs on one server never meet. Its `public` schema is
  dropped and recreated before each test.
- `settings`: `Settings` for that database, with the run's id key (`HUB_ID_KEY`).
- `engine`: an `AsyncEngine` on that database, migrated and seeded with the code lists.

To count the SQL statements a piece of code issues, see `tests.helpers.count_statements`.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.store import create_engine, upgrade
from tests.postgres import drop_run_database, empty_postgres, migrated_postgres, postgres_url

# The federation's id key of this run (every Settings() reads it), as the demo makes its own.
os.environ.setdefault("HUB_ID_KEY", secrets.token_urlsafe(32))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Drop the run's own database, if a test created it."""
    drop_run_database()


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database: a SQLite file, or the emptied PostgreSQL test database."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}"
    url = postgres_url()
    try:
        await empty_postgres(url)
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


async def _migrate(url: str) -> None:
    engine = create_engine(Settings(database_url=url))
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


_sqlite_template: list[Path] = []


async def _migrated_sqlite(path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Copy a SQLite file migrated once per run (a migration per test took most of its time)."""
    if not _sqlite_template:
        template = tmp_path_factory.mktemp("template") / "hub.db"
        await _migrate(f"sqlite+aiosqlite:///{template}")
        _sqlite_template.append(template)
    shutil.copyfile(_sqlite_template[0], path)


@pytest.fixture
async def engine(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[AsyncEngine]:
    """An engine on a migrated database holding the code lists (a copy of a database migrated
    once per run, which is what `upgrade` would make); disposed after the test."""
    path = settings.sqlite_path()
    if path is not None and not path.exists():
        await _migrated_sqlite(path, tmp_path_factory)
    elif path is None and settings.database_url.startswith("postgresql"):
        await migrated_postgres(settings.database_url, _migrate)
    engine = create_engine(settings)
    try:
        if path is None and not settings.database_url.startswith("postgresql"):
            await upgrade(engine)
        yield engine
    finally:
        await engine.dispose()
