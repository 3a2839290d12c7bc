"""The example queries GraphiQL preloads all run and return data on the fixture operation."""

from __future__ import annotations

import pytest

from hub.schema.examples import EXAMPLES
from tests.client import Graph


@pytest.mark.parametrize("name", sorted(EXAMPLES))
async def test_each_example_query_returns_data(graph: Graph, name: str) -> None:
    data = await graph.data(EXAMPLES[name])
    (value,) = data.values()
    assert value, f"{name} returned nothing"
