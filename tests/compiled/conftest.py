"""The fixture operation in each test database, and a coordinator's client of its graph."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.demo.fixture import FixtureCounts, load_fixture
from tests.client import Graph, graph_client


@pytest.fixture
async def fixture_counts(engine: AsyncEngine) -> FixtureCounts:
    """The fixture operation, written into the test's migrated database."""
    return await load_fixture(engine, requests=12)


@pytest.fixture
async def graph(settings: Settings, fixture_counts: FixtureCounts) -> AsyncIterator[Graph]:
    """A coordinator's client of the hub serving the fixture operation."""
    async with graph_client(settings) as client:
        yield client
