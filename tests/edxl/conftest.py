"""EDXL-RM tests: one hub per database for the whole package (each test's requests are its
own), a key per workflow caller, and the hub's CLI on the same store.

The package's PostgreSQL database is one of its own on the test server, created here and
dropped afterwards: the run's database (`tests/postgres.py`) is emptied by other packages'
tests, which pytest-xdist may run between two of these."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from lxml import etree
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner, Result

from hub.cli import app
from hub.config import Settings
from hub.store import create_engine, upgrade
from tests.client import Graph, graph_client
from tests.postgres import DEFAULT_POSTGRES_URL
from tests.workflow.conftest import CALLERS, Workflow

XSD_DIR = Path(__file__).resolve().parents[2] / "adapters/edxl-rm-schemas/external/edxl-rm/1.0"
_runner = CliRunner()
_schemas: dict[str, Any] = {}


async def hub_cli(settings: Settings, *args: str) -> Result:
    """`hub ARGS...` against the test's database, off the event loop (it runs its own)."""
    env = {"HUB_DATABASE_URL": settings.database_url}
    return await asyncio.to_thread(_runner.invoke, app, list(args), env=env)


def valid_against_oasis(xml: str) -> list[str]:
    """What lxml finds wrong with a message against the OASIS XSD of its root element."""
    root = etree.fromstring(xml.encode())
    name = etree.QName(root).localname
    if name not in _schemas:
        _schemas[name] = etree.XMLSchema(etree.parse(str(XSD_DIR / f"EDXL-RM{name}.xsd")))
    schema = _schemas[name]
    if schema.validate(root.getroottree()):
        return []
    return [str(error) for error in schema.error_log]


@pytest_asyncio.fixture(
    scope="package",
    loop_scope="package",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
async def served_hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Settings, Graph]]:
    """A migrated hub on SQLite or PostgreSQL, served over HTTP."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('edxl') / 'hub.db'}"
        async for served in _served(url):
            yield served
        return
    name = f"hub_test_edxl_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        await _admin(f'CREATE DATABASE "{name}"')
    except (OSError, DBAPIError) as error:
        reason = f"PostgreSQL at {_server()} is unreachable: {error}"
        if os.environ.get("HUB_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        url = _server().set(database=name).render_as_string(hide_password=False)
        async for served in _served(url):
            yield served
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server() -> Any:
    return make_url(os.environ.get("HUB_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))


async def _admin(statement: str) -> None:
    engine = create_async_engine(
        _server(), poolclass=NullPool, connect_args={"timeout": 5}, isolation_level="AUTOCOMMIT"
    )
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()


async def _served(url: str) -> AsyncIterator[tuple[Settings, Graph]]:
    settings = Settings(database_url=url)
    engine = create_engine(settings)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    async with graph_client(settings) as graph:
        yield settings, graph


@pytest_asyncio.fixture(loop_scope="package")
async def hub(served_hub: tuple[Settings, Graph]) -> tuple[Settings, Workflow]:
    """The package's hub with new keys per test (each key has its own rate limit)."""
    settings, graph = served_hub
    keys = {name: await graph.key(role, force) for name, (role, force) in CALLERS.items()}
    return settings, Workflow(graph, keys)
