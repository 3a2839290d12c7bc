"""Setting and clearing officers' availability over GraphQL HTTP, and capacity following it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.store import models as m
from hub.store.gids import fill_gids
from tests.client import Graph, auth_headers

SET = """
mutation Set($input: SetOfficerAvailabilityInput!, $key: String) {
  setOfficerAvailability(input: $input, idempotencyKey: $key) {
    id version availabilityStatus availableFrom availableTo
  }
}
"""
CLEAR = """
mutation Clear($input: ClearOfficerAvailabilityInput!) {
  clearOfficerAvailability(input: $input) { id version availabilityStatus availableFrom }
}
"""
CAPACITY = """
{ capacity(capability: "CBRN", startsOn: "2021-11-01", endsOn: "2021-11-03", forces: ["kent"])
  { day capable unavailable available } }
"""


@pytest.fixture
async def officers(engine: AsyncEngine) -> dict[str, str]:
    """One CBRN officer in Kent and one in Essex: their global ids by force."""
    async with engine.begin() as connection:
        forces = dict((await connection.execute(select(m.Force.code, m.Force.id))).all())
        cbrn = await connection.scalar(select(m.Capability.id).where(m.Capability.code == "CBRN"))
        for code in ("kent", "essex"):
            pk = await connection.scalar(
                insert(m.Officer)
                .values(
                    force_id=forces[code],
                    service_number="A1",
                    given_name="Test",
                    family_name="Officer",
                    rank="PC",
                )
                .returning(m.Officer.id)
            )
            await connection.execute(
                insert(m.officer_capability).values(officer_id=pk, capability_id=cbrn)
            )
        await fill_gids(connection)
        rows = await connection.execute(
            select(m.Force.code, m.Officer.gid).join(m.Force, m.Force.id == m.Officer.force_id)
        )
        return {code: str(gid) for code, gid in rows}


async def _as(graph: Graph, key: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await graph.post(query, variables, headers=auth_headers(key))
    result: dict[str, Any] = response.json()
    return result


def _code(result: dict[str, Any]) -> str:
    (error,) = result["errors"]
    return str(error["extensions"]["code"])


async def test_a_force_sets_and_clears_its_officers_availability(
    bare_graph: Graph, officers: dict[str, str]
) -> None:
    graph = bare_graph
    kent, essex = await graph.key("partner", "kent"), await graph.key("partner", "essex")
    window = {"status": "UNAVAILABLE", "availableFrom": "2021-11-02", "availableTo": "2021-11-05"}
    first = {"id": officers["kent"], "expectedVersion": 1, **window}

    before = (await graph.data(CAPACITY))["capacity"]
    assert [row["available"] for row in before] == [1, 1, 1]

    done = await _as(graph, kent, SET, {"input": first, "key": "leave-1"})
    officer = done["data"]["setOfficerAvailability"]
    assert (officer["version"], officer["availabilityStatus"]) == (2, "UNAVAILABLE")
    again = await _as(graph, kent, SET, {"input": first, "key": "leave-1"})
    assert again["data"]["setOfficerAvailability"] == officer  # the first answer, replayed

    after = (await graph.data(CAPACITY))["capacity"]
    assert [(r["unavailable"], r["available"]) for r in after] == [(0, 1), (1, 0), (1, 0)]

    assert _code(await _as(graph, kent, SET, {"input": first})) == "VERSION_CONFLICT"
    reversed_window = {**first, "expectedVersion": 2, "availableTo": "2021-11-01"}
    assert _code(await _as(graph, kent, SET, {"input": reversed_window})) == "BAD_USER_INPUT"
    other = {**first, "id": officers["essex"], "expectedVersion": 1}
    assert _code(await _as(graph, kent, SET, {"input": other})) == "NOT_FOUND"
    assert _code(await _as(graph, essex, SET, {"input": first})) == "NOT_FOUND"
    stakeholder = await graph.key("stakeholder")
    assert _code(await _as(graph, stakeholder, SET, {"input": first})) == "FORBIDDEN"

    cleared = await graph.data(CLEAR, {"input": {"id": officers["kent"], "expectedVersion": 2}})
    assert cleared["clearOfficerAvailability"]["availabilityStatus"] is None
    assert [r["available"] for r in (await graph.data(CAPACITY))["capacity"]] == [1, 1, 1]

    async with graph.engine.connect() as connection:
        log = (
            await connection.execute(
                text(
                    "SELECT action, status_after, actor_role, officer_gid FROM availability_change"
                )
            )
        ).all()
    assert [tuple(row) for row in log] == [
        ("SET", "UNAVAILABLE", "partner", officers["kent"]),
        ("CLEAR", None, "coordinator", officers["kent"]),
    ]
    with pytest.raises(DBAPIError, match="append-only"):
        async with graph.engine.begin() as connection:
            await connection.execute(text("UPDATE availability_change SET action = 'SET'"))
