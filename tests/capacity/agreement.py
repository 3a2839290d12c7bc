"""The hub's capacity over GraphQL held to the brute-force count (`brute.py`) of the tables,
for the tests that change the data and check that the counts kept ahead follow."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from tests.capacity import brute
from tests.capacity.brute import Store
from tests.client import Graph

START, END = date(2021, 10, 31), date(2021, 11, 8)
CAPABILITIES = ("PUBLIC_ORDER_L2", "FIREARMS_AFO")
DAILY = """
query Daily($capability: String!) {
  capacity(capability: $capability, startsOn: "2021-10-31", endsOn: "2021-11-08") {
    day force { code } capable deployed committed unavailable busy pending available
  }
}
"""
FIELDS = ("capable", "deployed", "committed", "unavailable", "busy", "pending", "available")
PROVIDERS = """
query Providers($capability: String!) {
  capacityProviders(input: {requestingForce: "police-scotland", capability: $capability,
      startsOn: "2021-11-01", endsOn: "2021-11-05", quantity: 1, unit: "OFFICER",
      includeShort: true}) { force { code } officersAvailable officersAway }
}
"""
WINDOW = (date(2021, 11, 1), date(2021, 11, 5))  # PROVIDERS' dates
DUTY_DAYS = """
{ officerDutyDays(groupBy: [FORCE, DAY]) { force { code } day officerDutyDays officers } }
"""

Daily = dict[tuple[str, str], dict[str, Any]]


async def daily(graph: Graph, store: Store, code: str) -> tuple[Daily, Daily]:
    """The daily capacity of one capability from START to END: the hub's answer, and the
    brute-force count, both by (force code, day)."""
    forces = store.code_of("force")
    capability = store.id_of("capability", code)
    expected = {
        (forces[force], day.isoformat()): counts
        for (force, day), counts in brute.daily(store, capability, START, END).items()
    }
    rows = (await graph.data(DAILY, {"capability": code}))["capacity"]
    got = {(r["force"]["code"], r["day"]): {f: r[f] for f in FIELDS} for r in rows}
    return got, expected


def duty_days(store: Store) -> dict[tuple[str, str], tuple[int, int]]:
    """Deployments not cancelled and the officers among them, by (force code, day), counted
    from the deployments (every officer, erased and withdrawn ones too)."""
    forces = store.code_of("force")
    force_of = {row["id"]: forces[row["force_id"]] for row in store.rows["officer"]}
    deployments: dict[tuple[str, str], int] = defaultdict(int)
    officers: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row in store.rows["deployment"]:
        if row["status"] != "CANCELLED":
            key = (force_of[row["officer_id"]], str(row["duty_date"])[:10])
            deployments[key] += 1
            officers[key].add(row["officer_id"])
    return {key: (count, len(officers[key])) for key, count in deployments.items()}


async def matches_brute_force(graph: Graph, engine: AsyncEngine) -> None:
    """Daily capacity and capacityProviders of two capabilities, and the duty-days by force
    and day (counted ahead in `duty_day`), equal the brute-force count."""
    store = await Store.read(engine)
    rows = (await graph.data(DUTY_DAYS))["officerDutyDays"]
    got = {(r["force"]["code"], r["day"]): (r["officerDutyDays"], r["officers"]) for r in rows}
    assert got == duty_days(store)
    ids = {code: pk for pk, code in store.code_of("force").items()}
    for code in CAPABILITIES:
        got, expected = await daily(graph, store, code)
        assert got == expected, code
        free = brute.free_in_window(store, store.id_of("capability", code), *WINDOW)
        rows = (await graph.data(PROVIDERS, {"capability": code}))["capacityProviders"]
        for row in rows:
            force = ids[row["force"]["code"]]
            assert row["officersAvailable"] == free[force], (code, row)
            assert row["officersAway"] == brute.away_peak(store, force, *WINDOW), (code, row)


async def recount(*args: str) -> str:
    """`hub capacity recount` with `args`, as a user runs it (it must succeed); its output."""
    result = await asyncio.to_thread(CliRunner().invoke, app, ["capacity", "recount", *args])
    assert result.exit_code == 0, result.output
    return result.output
