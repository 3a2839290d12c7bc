"""EDXL-RM tests: one hub per database for the whole package (each test's requests are its
own), a key per workflow caller, and the hub's CLI on the same store."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from lxml import etree
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner, Result

from hub.cli import app
from hub.config import Settings
from hub.store import create_engine, upgrade
from tests.client import graph_client
from tests.postgres import empty_postgres, postgres_url
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
async def hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Settings, Workflow]]:
    """A migrated hub on SQLite or PostgreSQL, served over HTTP, with a key per caller."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('edxl') / 'hub.db'}"
    else:
        url = postgres_url()
        try:
            await empty_postgres(url)
        except (OSError, DBAPIError) as error:
            if os.environ.get("HUB_REQUIRE_POSTGRES") == "1":
                pytest.fail(f"PostgreSQL at {url} is unreachable: {error}")
            pytest.skip(f"PostgreSQL at {url} is unreachable: {error}")
    settings = Settings(database_url=url)
    engine = create_engine(settings)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    async with graph_client(settings) as graph:
        keys = {name: await graph.key(role, force) for name, (role, force) in CALLERS.items()}
        yield settings, Workflow(graph, keys)
