"""Variables on the compiled path: coerced without graphql-core where a simple rule gives the
same values, and the operation limits' decision remembered only for variables alike in what
the limits read (an integer's value, a list's length)."""

from __future__ import annotations

from typing import Any

import pytest

from hub.config import Settings
from hub.demo.fixture import FixtureCounts
from tests.client import Graph, graph_client
from tests.compiled.harness import both

LOOKUP = """query L($reference: String!) {
  mutualAidRequest(reference: $reference) { reference requestingForce { code } } }"""
ENTITIES = """query E($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Officer { id rank { code } } } }"""
PAGE = """query P($n: Int, $withForce: Boolean!) {
  officers(first: $n) { nodes { id force @include(if: $withForce) { code } } } }"""
NODES = "query N($ids: [ID!]!) { nodes(ids: $ids) { id } }"


async def _officer_ids(graph: Graph) -> list[str]:
    data = await graph.data("{ officers(first: 3) { nodes { id } } }")
    return [node["id"] for node in data["officers"]["nodes"]]


def _cases(reference: str, ids: list[str]) -> dict[str, tuple[str, dict[str, Any] | None]]:
    one = {"__typename": "Officer", "id": ids[0]}
    return {
        "text": (LOOKUP, {"reference": reference}),
        "a number for text": (LOOKUP, {"reference": 5}),
        "null for non-null": (LOOKUP, {"reference": None}),
        "missing": (LOOKUP, {}),
        "no variables at all": (LOOKUP, None),
        "extra variable": (LOOKUP, {"reference": reference, "other": [1, 2]}),
        "representations": (ENTITIES, {"representations": [one, {**one, "id": ids[1]}]}),
        "one representation, not a list": (ENTITIES, {"representations": one}),
        "a null representation": (ENTITIES, {"representations": [one, None]}),
        "representations not objects": (ENTITIES, {"representations": ["x", 3]}),
        "an int page": (PAGE, {"n": 2, "withForce": True}),
        "a float page": (PAGE, {"n": 2.0, "withForce": False}),
        "a page over 32 bits": (PAGE, {"n": 2**31, "withForce": True}),
        "a boolean as text": (PAGE, {"n": 2, "withForce": "yes"}),
        "a true int as boolean": (PAGE, {"n": True, "withForce": True}),
        "ids": (NODES, {"ids": ids}),
        "an id given as a number": (NODES, {"ids": [7]}),
    }


CASE_NAMES = sorted(_cases("R", ["a", "b"]))


@pytest.mark.parametrize("name", CASE_NAMES)
async def test_both_paths_agree_whatever_the_variables(graph: Graph, name: str) -> None:
    data = await graph.data("{ mutualAidRequests(first: 1) { nodes { reference } } }")
    reference = data["mutualAidRequests"]["nodes"][0]["reference"]
    query, variables = _cases(reference, await _officer_ids(graph))[name]
    for _ in range(2):  # the second time, from the entry's cache
        result = await both(graph, query, variables)
        assert (result.compiled, result.compiled_status) == (
            result.general,
            result.general_status,
        )


async def test_the_cost_limit_is_applied_to_every_page_size(
    settings: Settings, fixture_counts: FixtureCounts
) -> None:
    # officers(first: n) { nodes { id } } costs 2n: 10 fits under 50, 100 does not.
    limited = settings.model_copy(update={"max_cost": 50})
    query = "query P($n: Int) { officers(first: $n) { nodes { id } } }"
    async with graph_client(limited) as graph:
        for n, allowed in [(10, True), (10, True), (100, False), (10, True), (100, False)]:
            response = await graph.post(query, {"n": n})
            body = response.json()
            if allowed:
                assert "errors" not in body, body
                assert len(body["data"]["officers"]["nodes"]) == min(n, fixture_counts.officers)
            else:
                assert body["errors"][0]["extensions"]["code"] == "COST_LIMIT_EXCEEDED"
