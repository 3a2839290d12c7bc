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
    """A client of the hub serving the fixture operation, called with a coordinator key.

    These tests measure the SQL of deliberately deep pages, far over the default operation
    cost limit, so the limit is lifted here (tests/security tests the limit itself).
    """
    async with graph_client(settings.model_copy(update={"max_cost": 10**9})) as client:
        yield client
