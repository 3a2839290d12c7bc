"""Federation's `_entities` looks up one record per representation: one operation may name at
most `HUB_MAX_REPRESENTATIONS` of them (1,000), or it is refused before anything is looked up,
on the compiled path and the general path alike (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from hub.config import Settings
from tests.client import auth_headers, graph_client
from tests.helpers import count_statements
from tests.security.conftest import Hub

ENTITIES = """query ($r: [_Any!]!) { _entities(representations: $r) { ... on Force { code } } }"""
TWICE = """query ($a: [_Any!]!, $b: [_Any!]!) {
  a: _entities(representations: $a) { ... on Force { code } }
  b: _entities(representations: $b) { ... on Force { code } }
}"""
PATHS = ({}, {"x-hub-plan": "general"})


def _forces(count: int) -> list[dict[str, str]]:
    return [{"__typename": "Force", "code": "metropolitan"}] * count


async def _both_paths(hub: Hub, query: str, variables: dict[str, Any]) -> list[httpx.Response]:
    answers = []
    for path in PATHS:
        headers = {**auth_headers(hub.keys["partner-donor"], None), **path}
        answers.append(
            await hub.graph.http.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            )
        )
    return answers


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (ENTITIES, {"r": _forces(1_001)}),
        (ENTITIES, {"r": _forces(10_000)}),
        (TWICE, {"a": _forces(600), "b": _forces(600)}),  # the limit is for the operation
    ],
)
async def test_too_many_representations_are_refused_before_any_lookup(
    hub: Hub, query: str, variables: dict[str, Any]
) -> None:
    await hub.post("partner-donor", "{ __typename }", purpose=None)  # the key is known now
    with count_statements(hub.graph.engine) as log:
        answers = await _both_paths(hub, query, variables)
    assert log.statements == []
    assert answers[0].content == answers[1].content
    assert answers[0].status_code == 200  # `application/json`: the error travels in the body
    body = answers[0].json()
    assert "data" not in body or body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "PAGE_SIZE_EXCEEDED", "argument": "representations"}
    given = sum(len(value) for value in variables.values())
    assert f"at most 1000 representations, not {given}" in error["message"]
    strict = await hub.post(
        "partner-donor", query, variables, accept="application/graphql-response+json"
    )
    assert strict.status_code == 400 and strict.json() == body


async def test_as_many_representations_as_allowed_are_looked_up(hub: Hub) -> None:
    for answer in await _both_paths(hub, ENTITIES, {"r": _forces(1_000)}):
        assert answer.json() == {"data": {"_entities": [{"code": "metropolitan"}] * 1_000}}


async def test_the_limit_is_a_setting(settings: Settings, engine: Any) -> None:
    from hub.demo.fixture import load_fixture

    await load_fixture(engine, requests=1)
    async with graph_client(settings.model_copy(update={"max_representations": 3})) as graph:
        for count, ok in ((3, True), (4, False)):
            body = (await graph.post(ENTITIES, {"r": _forces(count)})).json()
            codes = [error["extensions"]["code"] for error in body.get("errors", [])]
            assert codes == ([] if ok else ["PAGE_SIZE_EXCEEDED"]), body
