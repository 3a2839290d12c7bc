"""Duty-days counted ahead per force and day (`duty_day`, issue #14): `officerDutyDays`
grouped by day (and force or region) reads them in its one statement, and answers as the
deployments do; other groupings and filters still read the deployments. The counts follow
the hub's writes (`agreement.matches_brute_force`, run after each kind of write by
test_counted_ahead.py and test_recount.py) and migration 0016 fills them as a recount does."""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from hub.store import current_revision
from hub.store import models as m
from hub.store.capacity import refresh
from hub.store.migrate import alembic_config, migrating
from tests.capacity.agreement import DUTY_DAYS, duty_days, matches_brute_force
from tests.capacity.brute import Store
from tests.client import Graph
from tests.compiled.harness import both

BY_DAY = """query D($filter: DutyDayFilter) {
  byForce: officerDutyDays(groupBy: [FORCE, DAY], filter: $filter) {
    force { code } day officerDutyDays officers }
  byRegion: officerDutyDays(groupBy: [DAY, REGION], filter: $filter) {
    region { code } day officerDutyDays officers }
  byDay: officerDutyDays(groupBy: [DAY], filter: $filter) { day officerDutyDays officers }
}"""
#: The deployment table, and the counts per force and day, named in a statement.
DEPLOYMENT, COUNTS = re.compile(r"\bdeployment\b"), re.compile(r"\bduty_day\b")
FILTERS: list[dict[str, Any] | None] = [
    None,
    {"forces": ["metropolitan", "merseyside"]},
    {"regions": ["london"], "dutyDate": {"start": "2021-11-01", "end": "2021-11-03"}},
]


async def _regions(engine: AsyncEngine) -> dict[str, str]:
    """Region code of each force code."""
    sql = "SELECT f.code, r.code FROM force f JOIN region r ON r.id = f.region_id"
    async with engine.connect() as connection:
        return {force: region for force, region in await connection.execute(text(sql))}


def _expected(
    store: Store, regions: dict[str, str], value: dict[str, Any] | None
) -> dict[str, Any]:
    """BY_DAY's three figures counted from the deployments (`agreement.duty_days`)."""
    value = value or {}
    dates = value.get("dutyDate", {})
    kept = {
        key: counts
        for key, counts in duty_days(store).items()
        if key[0] in value.get("forces", [key[0]])
        and regions[key[0]] in value.get("regions", [regions[key[0]]])
        and dates.get("start", key[1]) <= key[1] <= dates.get("end", key[1])
    }
    by_region: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    by_day: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (force, day), (count, officers) in kept.items():
        # an officer serves one force: officers add up over forces within a day
        for total in (by_region[(day, regions[force])], by_day[day]):
            total[0] += count
            total[1] += officers
    return {
        "byForce": [
            {"force": {"code": f}, "day": d, "officerDutyDays": n, "officers": o}
            for (f, d), (n, o) in sorted(kept.items())
        ],
        "byRegion": sorted(
            (
                {"region": {"code": r}, "day": d, "officerDutyDays": n, "officers": o}
                for (d, r), (n, o) in by_region.items()
            ),
            key=lambda row: (row["day"], row["region"]["code"]),
        ),
        "byDay": [
            {"day": d, "officerDutyDays": n, "officers": o} for d, (n, o) in sorted(by_day.items())
        ],
    }


def _by_code(data: dict[str, Any]) -> dict[str, Any]:
    # the hub orders forces and regions by id; the expected rows by code
    data["byForce"].sort(key=lambda row: (row["force"]["code"], row["day"]))
    data["byRegion"].sort(key=lambda row: (row["day"], row["region"]["code"]))
    return data


async def test_duty_days_by_day_are_read_from_the_counts_in_one_statement(
    graph: Graph, engine: AsyncEngine, store: Store
) -> None:
    regions = await _regions(engine)
    await graph.data("{ __typename }")  # the key remembered: no statement for security
    for value in FILTERS:
        result = await both(graph, BY_DAY, {"filter": value})
        assert result.compiled == result.general, value
        assert result.compiled_path
        assert len(result.statements) == 1, result.statements
        (statement,) = result.statements
        assert COUNTS.search(statement) and not DEPLOYMENT.search(statement), statement
        expected = _expected(store, regions, value)
        assert _by_code(result.compiled["data"]) == expected, value
        assert any(expected.values()), "the filter keeps some duty-days"


async def test_groupings_the_counts_cannot_answer_read_the_deployments(graph: Graph) -> None:
    # officers over several days (the same officer twice is one), or a filter the counts do
    # not hold (operations): from the deployments, as before
    documents = [
        "{ officerDutyDays(groupBy: [FORCE]) { force { code } officerDutyDays officers } }",
        "{ officerDutyDays(groupBy: []) { officerDutyDays officers } }",
        """{ officerDutyDays(groupBy: [FORCE, DAY], filter: {operations: ["COP26"]}) {
             force { code } day officerDutyDays officers } }""",
    ]
    await graph.data("{ __typename }")
    for document in documents:
        result = await both(graph, document)
        assert result.compiled == result.general, document
        assert result.compiled_path and len(result.statements) == 1, result.statements
        assert DEPLOYMENT.search(result.statements[0]), document
        assert not COUNTS.search(result.statements[0]), document


async def _counts(engine: AsyncEngine) -> set[tuple[Any, ...]]:
    async with engine.connect() as connection:
        return {tuple(row) for row in await connection.execute(select(m.DutyDay.__table__))}


async def test_migration_0016_counts_as_a_recount_does(graph: Graph, engine: AsyncEngine) -> None:
    # a cancelled deployment, so the first count has something to leave out
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE deployment SET status = 'CANCELLED' "
                "WHERE id = (SELECT min(id) FROM deployment)"
            )
        )
    async with migrating(engine) as connection:
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), "0015"))
    assert await current_revision(engine) == "0015"
    async with migrating(engine) as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
    migrated = await _counts(engine)
    assert migrated, "the data fills the table"
    async with engine.begin() as connection:
        await refresh(connection)
    assert await _counts(engine) == migrated
    await matches_brute_force(graph, engine)


async def test_recount_takes_in_a_deployment_cancelled_outside_the_hub(
    graph: Graph, settings: Settings, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    # a DBA cancels, in SQL, a deployment of an officer no capacity table counts (withdrawn)
    async with engine.begin() as connection:
        deployment, officer, force = (
            await connection.execute(
                text(
                    "SELECT d.id, o.id, f.code FROM deployment d "
                    "JOIN officer o ON o.id = d.officer_id JOIN force f ON f.id = o.force_id "
                    "WHERE d.status <> 'CANCELLED' ORDER BY d.id LIMIT 1"
                )
            )
        ).one()
        await connection.execute(
            text("UPDATE officer SET withdrawn_at = CURRENT_TIMESTAMP WHERE id = :id"),
            {"id": officer},
        )
        await refresh(connection)
        await connection.execute(
            text("UPDATE deployment SET status = 'CANCELLED' WHERE id = :id"), {"id": deployment}
        )
    store = await Store.read(engine)
    rows = (await graph.data(DUTY_DAYS))["officerDutyDays"]
    got = {(r["force"]["code"], r["day"]): (r["officerDutyDays"], r["officers"]) for r in rows}
    assert got != duty_days(store), "the counts do not see a change made outside the hub"
    result = await asyncio.to_thread(
        CliRunner().invoke, app, ["capacity", "recount", "--force", force]
    )
    assert result.exit_code == 0, result.output
    assert "duty_day" in result.output and "rows changed" in result.output, result.output
    await matches_brute_force(graph, engine)
