"""Root fields fetch the relationships a query selects before the resolvers ask for them.

A resolver that finds its records fetched answers at once; one that does not waits for a
batch. These tests count the waits (the cost prefetching removes) and check that answers
with aliases, fragments, interfaces and bad arguments are what they were without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hub.resolvers.loaders import Loaders
from tests.client import Graph
from tests.helpers import count_statements
from tests.resolvers.test_statement_counts import DEEP_PAGE


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The relationships resolvers had to wait for, as `one:Type` or `many:relation`."""
    log: list[str] = []
    one_now, many_now = Loaders.one_now, Loaders.many_now

    def one(self: Loaders, type_name: str, pk: int | None) -> Any:
        found = one_now(self, type_name, pk)
        if hasattr(found, "__await__"):
            log.append(f"one:{type_name}")
        return found

    def many(self: Loaders, relation: str, parent: int, limit: int | None = None) -> Any:
        found = many_now(self, relation, parent, limit)
        if hasattr(found, "__await__"):
            log.append(f"many:{relation}")
        return found

    monkeypatch.setattr(Loaders, "one_now", one)
    monkeypatch.setattr(Loaders, "many_now", many)
    yield log


async def test_a_deep_page_never_waits_for_a_relationship(graph: Graph, waits: list[str]) -> None:
    data = await graph.data(DEEP_PAGE, {"first": 30})
    assert len(data["mutualAidRequests"]["nodes"]) == 30
    assert waits == []


async def test_one_record_by_key_and_by_id_never_waits(graph: Graph, waits: list[str]) -> None:
    page = await graph.data("{ mutualAidRequests(first: 1) { nodes { id reference } } }")
    first = page["mutualAidRequests"]["nodes"][0]
    query = """query ($ref: String!, $id: ID!) {
      mutualAidRequest(reference: $ref) { requestingForce { region { code } } }
      node(id: $id) { ... on MutualAidRequest { commitments { providingForce { code } } } }
      nodes(ids: [$id]) { ...Deployed }
    }
    fragment Deployed on MutualAidRequest { deployments(first: 3) { officer { force { code } } } }
    """
    data = await graph.data(query, {"ref": first["reference"], "id": first["id"]})
    assert data["mutualAidRequest"]["requestingForce"]["region"]["code"]
    assert data["node"]["commitments"]
    assert len(data["nodes"][0]["deployments"]) == 3
    assert waits == []


async def test_aliases_with_different_limits_get_their_own_rows(graph: Graph) -> None:
    # The general path's prefetching (this document also compiles to one statement).
    graph.headers = {**graph.headers, "x-hub-plan": "general"}
    query = """{ mutualAidRequests(first: 5) { nodes {
      few: deployments(first: 2) { id }
      more: deployments(first: 7) { id location { code } }
      all: deployments { id }
    } } }"""
    with count_statements(graph.engine) as log:
        data = await graph.data(query)
    for request in data["mutualAidRequests"]["nodes"]:
        ids = [d["id"] for d in request["all"]]
        assert [d["id"] for d in request["few"]] == ids[:2]
        assert [d["id"] for d in request["more"]] == ids[:7]
    # The page, then one statement per limit, and one for the locations of `more`.
    assert len([s for s in log.statements if "FROM deployment" in s]) == 3, log.statements


async def test_a_bad_limit_deep_down_is_reported_at_its_path(graph: Graph) -> None:
    response = await graph.post(
        "{ mutualAidRequests(first: 2) { nodes { reference deployments(first: 100000) { id } } } }"
    )
    errors = response.json()["errors"]
    assert {e["extensions"]["code"] for e in errors} == {"PAGE_SIZE_EXCEEDED"}
    assert errors[0]["path"][:3] == ["mutualAidRequests", "nodes", 0]


async def test_lists_and_management_information_never_wait(graph: Graph, waits: list[str]) -> None:
    query = """{
      forces { code region { code forces { code } } }
      officerDutyDays(groupBy: [FORCE, DAY]) { force { code region { code } } day }
      officers(first: 20) { edges { node { force { code } capabilities { code } } } }
    }"""
    data = await graph.data(query)
    assert data["officerDutyDays"] and data["officers"]["edges"]
    assert waits == []


async def test_entities_never_wait_and_a_bad_representation_stays_null(
    graph: Graph, waits: list[str]
) -> None:
    page = await graph.data("{ officers(first: 5) { nodes { id } } }")
    representations: list[dict[str, Any]] = [
        {"__typename": "Officer", "id": node["id"]} for node in page["officers"]["nodes"]
    ]
    representations.append({"__typename": "Officer", "id": "not-an-id"})
    query = """query ($r: [_Any!]!) { _entities(representations: $r) {
      ... on Officer { id force { code region { code } } capabilities { code } }
    } }"""
    data = await graph.data(query, {"r": representations})
    entities = data["_entities"]
    assert [e["id"] for e in entities[:5]] == [n["id"] for n in page["officers"]["nodes"]]
    assert entities[5] is None
    assert all(e["force"]["region"]["code"] for e in entities[:5])
    assert waits == []
