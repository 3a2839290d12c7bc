"""The saved example queries return data on the generated demo operation, not only the fixture."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.demo.exports import write_exports
from hub.demo.generate import generate
from hub.demo.run import ingest_exports
from hub.schema.examples import EXAMPLES
from tests.client import graph_client


async def test_every_example_returns_data_on_the_small_demo(
    tmp_path: Path, settings: Settings, engine: AsyncEngine
) -> None:
    operation = generate("small")
    write_exports(operation, tmp_path)
    results = await ingest_exports(engine, tmp_path)
    assert all(result.failed == 0 for result in results)
    assert sum(result.rejected for result in results) == len(operation.bad_rows)
    async with graph_client(settings.model_copy(update={"max_cost": 10**9})) as graph:
        for name, query in sorted(EXAMPLES.items()):
            data = await graph.data(query)
            (value,) = data.values()
            assert value, f"{name} returned nothing"
