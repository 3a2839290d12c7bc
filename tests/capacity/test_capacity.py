"""Capacity over GraphQL HTTP, checked against the same figures counted the slow way."""

from __future__ import annotations

from datetime import date

import pytest

from tests.capacity import brute
from tests.capacity.brute import Store
from tests.client import Graph
from tests.helpers import count_statements

START, END = date(2021, 10, 31), date(2021, 11, 6)
DAILY = """
query Daily($capability: String!, $level: CapacityLevel!, $from: Date!, $to: Date!) {
  capacity(capability: $capability, startsOn: $from, endsOn: $to, level: $level) {
    day force { code } region { code } capability { code }
    capable deployed committed unavailable busy pending available
  }
}
"""
FIELDS = ("capable", "deployed", "committed", "unavailable", "busy", "pending", "available")


async def test_daily_capacity_matches_the_brute_force_count_at_every_level(
    graph: Graph, store: Store
) -> None:
    for capability in ("PUBLIC_ORDER_L2", "FIREARMS_AFO"):
        await _check_daily(graph, store, capability)
    await _check_levels(graph)
    await _check_statements(graph)


async def _check_daily(graph: Graph, store: Store, capability: str) -> None:
    forces = store.code_of("force")
    expected = {
        (forces[force], day.isoformat()): counts
        for (force, day), counts in brute.daily(
            store, store.id_of("capability", capability), START, END
        ).items()
    }
    variables = {
        "capability": capability,
        "level": "FORCE",
        "from": "2021-10-31",
        "to": "2021-11-06",
    }
    rows = (await graph.data(DAILY, variables))["capacity"]
    got = {(row["force"]["code"], row["day"]): {name: row[name] for name in FIELDS} for row in rows}
    assert got == expected
    assert any(row["pending"] for row in rows) and any(row["unavailable"] for row in rows)
    assert all(row["capability"]["code"] == capability for row in rows)


async def _check_levels(graph: Graph) -> None:
    variables = {"capability": "PUBLIC_ORDER_L2", "from": "2021-11-01", "to": "2021-11-03"}
    levels = {}
    for level in ("FORCE", "REGION", "NATIONAL"):
        levels[level] = (await graph.data(DAILY, {**variables, "level": level}))["capacity"]
    by_region: dict[tuple[str, str], int] = {}
    national: dict[str, int] = {}
    for row in levels["FORCE"]:
        key = (row["region"]["code"], row["day"])
        by_region[key] = by_region.get(key, 0) + row["available"]
        national[row["day"]] = national.get(row["day"], 0) + row["available"]
    assert {(r["region"]["code"], r["day"]): r["available"] for r in levels["REGION"]} == by_region
    assert {r["day"]: r["available"] for r in levels["NATIONAL"]} == national
    assert all(r["force"] is None for r in levels["REGION"] + levels["NATIONAL"])


PROVIDERS = """
query Providers($input: CapacityProvidersInput!) {
  capacityProviders(input: $input) {
    force { code } region { code } distanceKm headquarters { town source }
    officersAvailable unitsAvailable canSend establishment officersAway shareAway
  }
}
"""


async def test_providers_and_the_national_picture_match_the_brute_force_count(
    graph: Graph, store: Store
) -> None:
    await _check_providers(graph, store)
    await _check_national(graph, store)
    await _check_stakeholder(graph)


async def _check_providers(graph: Graph, store: Store) -> None:
    start, end = date(2021, 11, 2), date(2021, 11, 4)
    capability = store.id_of("capability", "PUBLIC_ORDER_L2")
    forces = store.code_of("force")
    free = {forces[f]: n for f, n in brute.free_in_window(store, capability, start, end).items()}
    ask = {
        "requestingForce": "police-scotland",
        "capability": "PUBLIC_ORDER_L2",
        "startsOn": "2021-11-02",
        "endsOn": "2021-11-04",
        "quantity": 2,
        "unit": "PO serial",
        "includeShort": True,
    }
    rows = (await graph.data(PROVIDERS, {"input": ask}))["capacityProviders"]
    assert {row["force"]["code"]: row["officersAvailable"] for row in rows} == {
        code: n for code, n in free.items() if code != "police-scotland"
    }
    distances = [row["distanceKm"] for row in rows]
    assert distances == sorted(distances) and distances[0] > 0
    ids = {code: pk for pk, code in forces.items()}
    for row in rows:
        assert row["unitsAvailable"] == row["officersAvailable"] // 8
        assert row["canSend"] == (row["unitsAvailable"] >= 2)
        assert row["officersAway"] == brute.away_peak(store, ids[row["force"]["code"]], start, end)
        assert row["shareAway"] == pytest.approx(
            row["officersAway"] / row["establishment"], abs=1e-4
        )
        assert row["headquarters"]["source"].startswith("https://")
    assert any(row["officersAway"] for row in rows)
    only = await graph.data(PROVIDERS, {"input": {**ask, "includeShort": False}})
    assert [r["force"]["code"] for r in only["capacityProviders"]] == [
        r["force"]["code"] for r in rows if r["canSend"]
    ]


NATIONAL = """
query Picture($from: Date!, $to: Date!, $capabilities: [String!]) {
  nationalPicture(startsOn: $from, endsOn: $to, capabilities: $capabilities) {
    capability { code } day capable available requested committed onDuty uncommitted headroom
  }
}
"""


async def _check_national(graph: Graph, store: Store) -> None:
    start, end = date(2021, 11, 1), date(2021, 11, 4)
    caps = store.code_of("capability")
    expected = {
        (caps[cap], day.isoformat()): counts
        for (cap, day), counts in brute.national(store, start, end).items()
    }
    rows = (await graph.data(NATIONAL, {"from": "2021-11-01", "to": "2021-11-04"}))[
        "nationalPicture"
    ]
    names = ("capable", "available", "requested", "committed", "onDuty")
    got = {(r["capability"]["code"], r["day"]): {n: r[n] for n in names} for r in rows}
    assert got == expected
    for row in rows:
        assert row["uncommitted"] == max(row["requested"] - row["committed"], 0)
        assert row["headroom"] == row["available"] - row["uncommitted"]
    assert any(row["requested"] and row["available"] for row in rows)


async def _check_statements(graph: Graph) -> None:
    """One statement for the figures, one per kind of record they name, whatever the size."""
    queries = [
        (
            DAILY,
            {
                "capability": "PUBLIC_ORDER_L2",
                "level": "FORCE",
                "from": "2021-10-31",
                "to": "2021-11-13",
            },
        ),
        (
            PROVIDERS,
            {
                "input": {
                    "requestingForce": "kent",
                    "capability": "FIREARMS_AFO",
                    "startsOn": "2021-11-01",
                    "endsOn": "2021-11-03",
                    "includeShort": True,
                }
            },
        ),
        (NATIONAL, {"from": "2021-11-01", "to": "2021-11-13", "capabilities": None}),
    ]
    for query, variables in queries:
        with count_statements(graph.engine) as log:
            await graph.data(query, variables)
        # the figures, then forces, regions and capabilities: one batch each
        assert log.count <= 5, log.statements


async def _check_stakeholder(graph: Graph) -> None:
    """Counts only, so stakeholders read them too."""
    key = await graph.key("stakeholder")
    response = await graph.post(
        NATIONAL,
        {"from": "2021-11-01", "to": "2021-11-02", "capabilities": ["PUBLIC_ORDER_L2"]},
        headers={"authorization": f"Bearer {key}"},
    )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    assert len(body["data"]["nationalPicture"]) == 2


BAD = [
    ({"capability": "NOPE", "from": "2021-11-01", "to": "2021-11-02"}, "capabilities"),
    ({"capability": "CBRN", "from": "2021-11-02", "to": "2021-11-01"}, "endsOn"),
    ({"capability": "CBRN", "from": "2021-01-01", "to": "2021-12-31"}, "endsOn"),
]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # checked before any SQL
async def test_bad_arguments_are_refused_with_a_code(bare_graph: Graph) -> None:
    graph = bare_graph
    for variables, argument in BAD:
        result = await graph.execute(DAILY, {**variables, "level": "NATIONAL"})
        (error,) = result["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert error["extensions"]["argument"] == argument
    ask = {"requestingForce": "kent", "capability": "CBRN", "startsOn": "2021-11-01",
           "endsOn": "2021-11-02"}  # fmt: skip
    for change, argument in (
        ({"unit": "Battalion"}, "input.unit"),
        ({"quantity": 0}, "input.quantity"),
        ({"requestingForce": "atlantis"}, "input.requestingForce"),
    ):
        result = await graph.execute(PROVIDERS, {"input": {**ask, **change}})
        (error,) = result["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
