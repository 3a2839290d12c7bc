"""The README's example query runs and returns data, as a newcomer would paste it."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.demo.fixture import load_fixture
from tests.client import graph_client

README = Path(__file__).resolve().parents[1] / "README.md"


async def test_the_readme_example_query_returns_data(
    settings: Settings, engine: AsyncEngine
) -> None:
    blocks = re.findall(r"```graphql\n(.*?)```", README.read_text(), re.DOTALL)
    assert blocks, "the README shows no example query"
    await load_fixture(engine, requests=4)
    async with graph_client(settings) as graph:
        for block in blocks:
            data = await graph.data(block)
            assert data and all(value for value in data.values()), data
