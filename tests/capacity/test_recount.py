"""The capacity tables' first count (migration 0015, frozen SQL of its own) equals a recount,
and `hub capacity recount` takes in rows changed outside the hub (issue #16 follow-ups)."""

from __future__ import annotations

import asyncio
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
from tests.capacity.agreement import END, START, daily, matches_brute_force
from tests.capacity.brute import Store
from tests.client import Graph

TABLES = (m.CapacityDay, m.CapacityAwayDay, m.CapacityRun, m.CapacityBatch)
CAPABILITY = "PUBLIC_ORDER_L2"


async def _tables(engine: AsyncEngine) -> dict[str, set[tuple[Any, ...]]]:
    async with engine.connect() as connection:
        return {
            table.__tablename__: {tuple(r) for r in await connection.execute(select(table))}
            for table in TABLES
        }


async def test_migration_0015_counts_as_a_recount_does(graph: Graph, engine: AsyncEngine) -> None:
    # officers engaged in the data: one withdrawn, one declared unavailable throughout
    async with engine.begin() as connection:
        engaged = select(m.CapacityRun.officer_id).distinct().order_by(m.CapacityRun.officer_id)
        first, second = (await connection.execute(engaged.limit(2))).scalars()
        await connection.execute(
            text("UPDATE officer SET withdrawn_at = CURRENT_TIMESTAMP WHERE id = :id"),
            {"id": first},
        )
        await connection.execute(
            text("UPDATE officer SET availability = 'UNAVAILABLE' WHERE id = :id"),
            {"id": second},
        )
    async with migrating(engine) as connection:
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), "0014"))
    assert await current_revision(engine) == "0014"
    async with migrating(engine) as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
    migrated = await _tables(engine)
    assert all(migrated[t.__tablename__] for t in TABLES[:3]), "the data fills every table"
    async with engine.begin() as connection:
        await refresh(connection)
    assert await _tables(engine) == migrated
    await matches_brute_force(graph, engine)


async def _recount(*args: str) -> str:
    result = await asyncio.to_thread(CliRunner().invoke, app, ["capacity", "recount", *args])
    assert result.exit_code == 0, result.output
    return result.output


async def test_recount_takes_in_a_deployment_changed_outside_the_hub(
    graph: Graph, settings: Settings, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    got, expected = await daily(graph, await Store.read(engine), CAPABILITY)
    assert got == expected
    # a DBA cancels a deployment of a capable officer in the window, in SQL
    async with engine.begin() as connection:
        deployment, force = (
            await connection.execute(
                text(
                    "SELECT d.id, f.code FROM deployment d "
                    "JOIN officer o ON o.id = d.officer_id JOIN force f ON f.id = o.force_id "
                    "JOIN officer_capability oc ON oc.officer_id = o.id "
                    "JOIN capability c ON c.id = oc.capability_id "
                    "WHERE c.code = :capability AND d.status <> 'CANCELLED' "
                    "AND o.withdrawn_at IS NULL AND o.identity_erased_at IS NULL "
                    "AND d.duty_date BETWEEN :start AND :end ORDER BY d.id LIMIT 1"
                ),
                {"capability": CAPABILITY, "start": START, "end": END},
            )
        ).one()
        await connection.execute(
            text("UPDATE deployment SET status = 'CANCELLED' WHERE id = :id"), {"id": deployment}
        )
    got, expected = await daily(graph, await Store.read(engine), CAPABILITY)
    assert got != expected, "the counts do not see a change made outside the hub"
    output = await _recount("--force", force)
    assert "rows changed" in output and force in output
    got, expected = await daily(graph, await Store.read(engine), CAPABILITY)
    assert got == expected
    await matches_brute_force(graph, engine)
    # again, and for every force: nothing left to change
    assert "unchanged" in await _recount("--force", force)
    assert "unchanged" in await _recount()


async def test_recount_refuses_an_unknown_force(
    bare_graph: Graph, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    args = ["capacity", "recount", "--force", "atlantis"]
    result = await asyncio.to_thread(CliRunner().invoke, app, args)
    assert result.exit_code == 1
    assert "no force atlantis" in result.output
