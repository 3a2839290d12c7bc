"""The compiled path answers exactly as the general path (the referee) does."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.queries import Q1, Q2, Q5
from hub.schema.examples import EXAMPLES
from tests.client import Graph
from tests.compiled.harness import both

#: Documents that must compile (and agree).
COMPILED = {
    "Q2": Q2,
    "page": """{ mutualAidRequests(first: 3, orderBy: {field: QUANTITY, direction: DESC}) {
        totalCount edges { cursor node { __typename id reference quantity } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }""",
    "aliases": """query A { a: mutualAidRequests(first: 2) { nodes { ...R } }
        b: mutualAidRequests { nodes { reference r2: reference } } }
        fragment R on MutualAidRequest { reference status @include(if: true) id @skip(if: true)
          capability { code } operation { code name } location { code } }""",
    "empty page": "{ officers(first: 0) { nodes { id } pageInfo { hasNextPage endCursor } } }",
    "officers": """{ officers(first: 5, orderBy: {field: RANK}) { totalCount nodes {
        id detective rank { code label seniority __typename } force { code region { code } }
        capabilities { code } deployments(first: 2) { dutyDate status } } } }""",
    "deployments": """{ deployments(first: 4) { nodes { id dutyDate status
        officer { id } dutyUnit { reference } location { name } } } }""",
    "operations": "{ operations { nodes { code name startsOn endsOn leadForce { code } } } }",
    "force": '{ force(code: "metropolitan") { code name shortName kind region { code } } }',
    "missing": '{ mutualAidRequest(reference: "NOPE") { reference } }',
}


async def _references(graph: Graph) -> list[str]:
    data = await graph.data("{ mutualAidRequests(first: 3) { nodes { reference } } }")
    return [node["reference"] for node in data["mutualAidRequests"]["nodes"]]


async def _officer_ids(graph: Graph) -> list[str]:
    data = await graph.data("{ officers(first: 3) { nodes { id } } }")
    return [node["id"] for node in data["officers"]["nodes"]]


@pytest.mark.parametrize("name", sorted(COMPILED))
async def test_compiled_documents_agree(graph: Graph, name: str) -> None:
    result = await both(graph, COMPILED[name])
    assert result.compiled == result.general
    assert result.compiled_path, result.statements


async def test_q1_by_reference(graph: Graph) -> None:
    for reference in [*await _references(graph), "missing"]:
        result = await both(graph, Q1, {"reference": reference})
        assert result.compiled == result.general
        assert result.compiled_path


async def test_q5_entities(graph: Graph) -> None:
    ids: list[Any] = await _officer_ids(graph)
    ids += ["bm90LWFuLWlk", ids[0]]
    representations = [{"__typename": "Officer", "id": i} for i in ids]
    result = await both(graph, Q5, {"representations": representations})
    assert result.compiled == result.general
    assert result.compiled_path


@pytest.mark.parametrize("name", sorted(EXAMPLES))
async def test_examples_agree(graph: Graph, name: str) -> None:
    result = await both(graph, EXAMPLES[name])
    assert result.compiled == result.general
    assert result.compiled_status == result.general_status
