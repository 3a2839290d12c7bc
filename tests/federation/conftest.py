"""A hub serving the fixture operation, for the subgraph tests (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.demo.fixture import load_fixture
from hub.security.keys import create_api_key
from hub.store import models as m
from tests.client import Graph, graph_client

PURPOSE = "Federation tests of the hub's subgraph"


@pytest.fixture
async def graph(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Graph]:
    """A coordinator's client of the hub serving the fixture operation and an import batch."""
    await load_fixture(engine, requests=30)
    async with engine.begin() as connection:
        await connection.execute(
            insert(m.ImportBatch).values(
                uid="3f0c1a52-8a4e-4f7e-9d0e-6b1f2a9c7d10",
                adapter="example",
                file_name="officers.csv",
                checksum="0" * 64,
            )
        )
    key = await create_api_key(engine, role="coordinator", name="federation-tests")
    async with graph_client(settings) as client:
        client.http.headers.update({"Authorization": f"Bearer {key}", "X-Purpose": PURPOSE})
        yield client
