"""Stakeholders' reads go to the read replica when one is configured; everyone else's do not."""

from __future__ import annotations

from pathlib import Path

from hub.config import Settings
from hub.demo.fixture import load_fixture
from hub.store import create_engine, upgrade
from tests.client import graph_client

COUNT = "{ mutualAidRequests { totalCount } }"


async def _database(path: Path, requests: int) -> str:
    url = f"sqlite+aiosqlite:///{path}"
    engine = create_engine(Settings(database_url=url))
    try:
        await upgrade(engine)
        await load_fixture(engine, requests=requests)
    finally:
        await engine.dispose()
    return url


async def test_stakeholder_reads_use_the_replica(tmp_path: Path) -> None:
    # Two different databases stand in for a primary and a replica that is behind it.
    primary = await _database(tmp_path / "primary.db", requests=3)
    replica = await _database(tmp_path / "replica.db", requests=5)
    settings = Settings(database_url=primary, stakeholder_database_url=replica)
    async with graph_client(settings) as graph:
        coordinator = await graph.data(COUNT)
        stakeholder_key = await graph.key("stakeholder")
        response = await graph.http.post(
            "/graphql",
            json={"query": COUNT},
            headers={"authorization": f"Bearer {stakeholder_key}"},
        )
    assert coordinator["mutualAidRequests"]["totalCount"] == 3
    assert response.json()["data"]["mutualAidRequests"]["totalCount"] == 5


async def test_without_a_replica_everyone_reads_the_primary(tmp_path: Path) -> None:
    primary = await _database(tmp_path / "primary.db", requests=2)
    async with graph_client(Settings(database_url=primary), role="stakeholder") as graph:
        data = await graph.data(COUNT)
    assert data["mutualAidRequests"]["totalCount"] == 2
