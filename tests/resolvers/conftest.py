"""A fixture operation loaded into each test database, and a client for its graph."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.demo.fixture import FixtureCounts, load_fixture
from tests.client import Graph, graph_client

FIXTURE_REQUESTS = 30


@pytest.fixture
async def fixture_counts(engine: AsyncEngine) -> FixtureCounts:
    """The fixture operation, written into the test's migrated database."""
    return await load_fixture(engine, requests=FIXTURE_REQUESTS)


@pytest.fixture
async def graph(settings: Settings, fixture_counts: FixtureCounts) -> AsyncIterator[Graph]:
    """A client of the hub serving the fixture operation."""
    async with graph_client(settings) as client:
        yield client
