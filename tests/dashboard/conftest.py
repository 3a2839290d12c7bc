"""The fixture operation and its graph (as the resolvers' tests use them), and a served hub
holding it for the browser tests, with a key of each role."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hub.config import Settings
from hub.dashboard import DIST
from hub.demo.fixture import load_fixture
from hub.store import create_engine, upgrade
from tests.browser import chromium, create_key, start_hub
from tests.resolvers.conftest import fixture_counts, graph

__all__ = ["DashboardHub", "chromium", "dashboard_hub", "fixture_counts", "graph"]

#: A location name a spreadsheet would run as a formula (the CSV export must neutralise it).
FORMULA_NAME = '=HYPERLINK("http://example.org","Clyde")'
ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artefacts" / "dashboard"


@dataclass(frozen=True)
class DashboardHub:
    """A served hub: its URL, its SQLite file, a key of each role and the server's log."""

    url: str
    database: Path
    keys: dict[str, str]
    log: Path

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.database) as connection:
            return connection.execute(sql).fetchall()


async def _prepare(database_url: str) -> None:
    engine = create_engine(Settings(database_url=database_url))
    try:
        await upgrade(engine)
        await load_fixture(engine)
    finally:
        await engine.dispose()


def _built() -> None:
    if not (DIST / "index.html").is_file():
        reason = "the dashboard is not built (`make dashboard`)"
        if os.environ.get("HUB_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def dashboard_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DashboardHub]:
    """`hub serve` over the fixture operation, one accommodation renamed as a formula; callers
    without a key are served as stakeholders (as in the demo)."""
    _built()
    folder = tmp_path_factory.mktemp("dashboard")
    database = folder / "hub.db"
    database_url = f"sqlite+aiosqlite:///{database}"
    asyncio.run(_prepare(database_url))
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE location SET name = ? WHERE id = (SELECT min(location_id) "
            "FROM accommodation_booking)",
            (FORMULA_NAME,),
        )
    keys = {
        "coordinator": create_key(database_url, "coordinator"),
        "partner": create_key(database_url, "partner", "police-scotland"),
        "donor": create_key(database_url, "partner", "metropolitan"),
        "stakeholder": create_key(database_url, "stakeholder"),
        "ingest": create_key(database_url, "ingest", "police-scotland"),
    }
    # Every test signs in again and loads every chart with the same keys: lift the per-key
    # rate limits so that the tests, run one after another, never meet them.
    limits = {f"rate_limit_{role}": "10000" for role in ("coordinator", "partner", "stakeholder")}
    with start_hub(database_url, folder, anonymous_role="stakeholder", **limits) as server:
        yield DashboardHub(server.url, database, keys, server.log)
