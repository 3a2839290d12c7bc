"""The generated capacity data in each test database, and a coordinator's client of it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from tests.capacity.brute import Store
from tests.capacity.data import load_capacity_data
from tests.client import Graph, graph_client


@pytest.fixture
async def store(engine: AsyncEngine) -> Store:
    """The generated data, written, then read back whole for the brute-force counts."""
    await load_capacity_data(engine)
    return await Store.read(engine)


@pytest.fixture
async def graph(settings: Settings, store: Store) -> AsyncIterator[Graph]:
    """A coordinator's client of the hub serving the generated data."""
    async with graph_client(settings) as client:
        yield client


@pytest.fixture
async def bare_graph(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Graph]:
    """A coordinator's client of a hub holding the code lists alone."""
    async with graph_client(settings) as client:
        yield client
