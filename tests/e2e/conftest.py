"""A running `hub serve` on the small demo fixture, with a key of each role, for the
end-to-end tests (browser and sockets); one per test module."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hub.config import Settings
from hub.demo.fixture import load_fixture
from hub.store import create_engine, upgrade
from tests.browser import chromium, create_key, start_hub

__all__ = ["DemoHub", "chromium", "demo_hub"]


@dataclass(frozen=True)
class DemoHub:
    """A served hub: its URL, its database and a key of each role (force keys: Scotland)."""

    url: str
    database_url: str
    keys: dict[str, str]
    log: Path


async def _prepare(database_url: str) -> None:
    engine = create_engine(Settings(database_url=database_url))
    try:
        await upgrade(engine)
        await load_fixture(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def demo_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoHub]:
    """`hub serve` over an SQLite database holding the fixture operation."""
    folder = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite+aiosqlite:///{folder / 'hub.db'}"
    asyncio.run(_prepare(database_url))
    keys = {
        "coordinator": create_key(database_url, "coordinator"),
        "partner": create_key(database_url, "partner", "police-scotland"),
        "stakeholder": create_key(database_url, "stakeholder"),
    }
    with start_hub(database_url, folder) as server:
        yield DemoHub(server.url, database_url, keys, server.log)
