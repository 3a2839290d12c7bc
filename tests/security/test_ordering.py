"""Sorting by personal data is reading it: a list's order tells how its records sort by the
field, so ordering officers by name or service number is allowed only to keys that may read
them, on the compiled path and the general path alike (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.security.conftest import Hub

ORDERED = """
query ($field: OfficerOrderField!, $forces: [String!]) {
  officers(first: 100, orderBy: {field: $field}, filter: {forces: $forces}) {
    nodes { id force { code } }
  }
}"""
#: The same order written in the document, which the compiled path takes (not a variable).
LITERAL = "{ officers(first: 100, orderBy: {field: %s}) { nodes { id } } }"
DEFAULT = "{ officers(first: 100) { nodes { id } } }"
NAMES = "{ officers(first: 100) { nodes { id serviceNumber familyName force { code } } } }"
PATHS = ({}, {"x-hub-plan": "general"})


async def _post(hub: Hub, caller: str, query: str, **extra: Any) -> dict[str, Any]:
    """The answer on both paths (the compiled path first, then the general one), which must
    be the same bytes."""
    answers = []
    for headers in PATHS:
        key = {"authorization": f"Bearer {hub.keys[caller]}", "x-purpose": "TEST: ordering"}
        response = await hub.graph.http.post(
            "/graphql",
            json={"query": query, **extra},
            headers={**key, **headers, "accept": "application/json"},
        )
        answers.append(response)
    assert answers[0].content == answers[1].content
    body: dict[str, Any] = answers[0].json()
    return body


async def _everyone(hub: Hub) -> list[dict[str, Any]]:
    body = await _post(hub, "coordinator", NAMES)
    people: list[dict[str, Any]] = body["data"]["officers"]["nodes"]
    assert len(people) > 20 and len({p["force"]["code"] for p in people}) > 1
    return people


@pytest.mark.parametrize("field", ["FAMILY_NAME", "SERVICE_NUMBER"])
async def test_a_stakeholder_may_not_sort_officers_by_personal_data(hub: Hub, field: str) -> None:
    for query, variables in ((ORDERED, {"field": field}), (LITERAL % field, None)):
        body = await _post(hub, "stakeholder", query, variables=variables)
        assert body["data"] is None
        (error,) = body["errors"]
        assert error["extensions"] == {"code": "FORBIDDEN_FIELD", "argument": "orderBy.field"}
    # Leaving the field out of `orderBy` sorts by id, which tells nothing.
    body = await _post(
        hub, "stakeholder", "{ officers(orderBy: {direction: DESC}) { totalCount } }"
    )
    assert body["data"]["officers"]["totalCount"] > 20
    assert await hub.audit_rows() == 0


async def test_officers_come_in_the_order_of_their_opaque_ids_by_default(hub: Hub) -> None:
    people = await _everyone(hub)
    by_number = [p["id"] for p in sorted(people, key=lambda p: p["serviceNumber"])]
    by_name = [p["id"] for p in sorted(people, key=lambda p: p["familyName"])]
    for caller in ("stakeholder", "partner-donor", "coordinator"):
        listed = [n["id"] for n in (await _post(hub, caller, DEFAULT))["data"]["officers"]["nodes"]]
        assert listed == sorted(listed) == sorted(p["id"] for p in people)
        assert listed not in (by_number, by_name)
        explicit = await _post(hub, caller, LITERAL % "ID")
        assert [n["id"] for n in explicit["data"]["officers"]["nodes"]] == listed


async def test_a_partner_sorts_by_name_its_own_forces_officers_only(hub: Hub) -> None:
    people = await _everyone(hub)
    met = [p for p in people if p["force"]["code"] == "metropolitan"]
    names = {p["id"]: p["familyName"] for p in met}
    for forces in (None, ["metropolitan"], ["metropolitan", "greater-manchester"]):
        variables = {"field": "FAMILY_NAME", "forces": forces}
        body = await _post(hub, "partner-donor", ORDERED, variables=variables)
        nodes = body["data"]["officers"]["nodes"]
        assert {n["force"]["code"] for n in nodes} == {"metropolitan"}
        assert len(nodes) == len(met)
    # Another force's officers only: nothing the partner may sort is left.
    variables = {"field": "SERVICE_NUMBER", "forces": ["greater-manchester"]}
    body = await _post(hub, "partner-donor", ORDERED, variables=variables)
    assert body == {"data": {"officers": {"nodes": []}}}
    # The coordinator sorts every force's officers, in that order.
    body = await _post(hub, "coordinator", ORDERED, variables={"field": "FAMILY_NAME"})
    listed = [n["id"] for n in body["data"]["officers"]["nodes"]]
    assert len(listed) == len(people)
    theirs = [i for i in listed if i in names]
    assert sorted(theirs) == sorted(names)
    # In family-name order; officers of the same family name in the hub's own tie order (the
    # rows' internal keys), which the ids do not show.
    assert [names[i] for i in theirs] == sorted(names.values())
