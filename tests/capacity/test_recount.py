"""The capacity tables' first count (migration 0015, frozen SQL of its own) equals a recount,
and `hub capacity recount` takes in rows changed outside the hub (issue #16 follow-ups)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from hub.store import capacity, create_engine, current_revision
from hub.store import models as m
from hub.store.capacity import REFRESH_LOCK, refresh
from hub.store.migrate import alembic_config, migrating
from tests.capacity.agreement import END, START, daily, matches_brute_force, recount
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
    output = await recount("--force", force)
    assert "rows changed" in output and force in output
    got, expected = await daily(graph, await Store.read(engine), CAPABILITY)
    assert got == expected
    await matches_brute_force(graph, engine)
    # again, and for every force: nothing left to change
    assert "unchanged" in await recount("--force", force)
    assert "unchanged" in await recount()


async def test_recount_refuses_an_unknown_force(
    bare_graph: Graph, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    args = ["capacity", "recount", "--force", "atlantis"]
    result = await asyncio.to_thread(CliRunner().invoke, app, args)
    assert result.exit_code == 1
    assert "no force atlantis" in result.output


async def _hold_recount_lock(settings: Settings, seconds: float, held: asyncio.Event) -> None:
    """Another session holds the recount's advisory lock for a while (a long recount)."""
    other = create_engine(settings)
    try:
        async with other.connect() as connection:
            await connection.execute(text(f"SELECT pg_advisory_lock({REFRESH_LOCK})"))
            held.set()
            await asyncio.sleep(seconds)
            await connection.execute(text(f"SELECT pg_advisory_unlock({REFRESH_LOCK})"))
    finally:
        await other.dispose()


async def test_recounts_of_whole_forces_outlast_a_requests_statement_timeout(
    bare_graph: Graph,
    settings: Settings,
    engine: AsyncEngine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With HUB_STATEMENT_TIMEOUT_MS at 200 ms, an import's recount and `hub capacity
    recount` that take longer (here: waiting 1.5 s for another recount) still finish."""
    if engine.dialect.name != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's; SQLite has none")
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("HUB_STATEMENT_TIMEOUT_MS", "200")
    listing = tmp_path / "kent.csv"
    listing.write_text("Number,Surname,Forename,Rank\nK9001,Officer,Test,PC\n")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "adapter: capacity-timeout\nforce: kent\nsource: {type: csv}\nrecords:\n"
        "  - entity: officer\n    fields:\n      serviceNumber: Number\n"
        "      familyName: Surname\n      givenName: Forename\n      rank: Rank\n",
        encoding="utf-8",
    )
    for args in (["ingest", "--adapter", str(mapping), str(listing)], ["capacity", "recount"]):
        held = asyncio.Event()
        holder = asyncio.create_task(_hold_recount_lock(settings, 1.5, held))
        await held.wait()
        result = await asyncio.to_thread(CliRunner().invoke, app, args)
        await holder
        assert result.exit_code == 0, (args, result.output)
    async with engine.connect() as connection:
        waiting = await connection.execute(
            text(
                "SELECT count(*) FROM import_batch b WHERE b.dry_run = false AND NOT EXISTS "
                "(SELECT 1 FROM capacity_batch c WHERE c.batch_id = b.id)"
            )
        )
        assert waiting.scalar_one() == 0, "the import's batch was taken in"


async def test_an_import_whose_recount_times_out_keeps_its_data_and_waits_for_the_next(
    bare_graph: Graph,
    settings: Settings,
    engine: AsyncEngine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A recount after an import that outlasts its own statement timeout (here 0.3 s, waiting
    for another recount holding the lock 1.5 s) does not fail the import: its data stays
    committed, its batch waits, a warning says so, and the next import takes it in."""
    if engine.dialect.name != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's; SQLite has none")
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    monkeypatch.setattr(capacity, "RECOUNT_TIMEOUT_S", 0.3)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "adapter: capacity-timeout\nforce: kent\nsource: {type: csv}\nrecords:\n"
        "  - entity: officer\n    fields:\n      serviceNumber: Number\n"
        "      familyName: Surname\n      givenName: Forename\n      rank: Rank\n",
        encoding="utf-8",
    )
    waiting = text(
        "SELECT count(*) FROM import_batch b WHERE b.dry_run = false AND NOT EXISTS "
        "(SELECT 1 FROM capacity_batch c WHERE c.batch_id = b.id)"
    )
    listing = tmp_path / "kent.csv"
    listing.write_text("Number,Surname,Forename,Rank\nK9001,Officer,Test,PC\n")
    args = ["ingest", "--adapter", str(mapping), str(listing)]
    held = asyncio.Event()
    holder = asyncio.create_task(_hold_recount_lock(settings, 1.5, held))
    await held.wait()
    with caplog.at_level(logging.WARNING, logger="hub.store.capacity"):
        result = await asyncio.to_thread(CliRunner().invoke, app, args)
    await holder
    assert result.exit_code == 0, result.output
    assert "ran out of time" in caplog.text
    async with engine.connect() as connection:
        assert (await connection.execute(waiting)).scalar_one() == 1
        officers = select(m.Officer.id).where(m.Officer.service_number == "K9001")
        assert len((await connection.execute(officers)).all()) == 1
    # the next import, with time enough, takes in both batches
    monkeypatch.setattr(capacity, "RECOUNT_TIMEOUT_S", 600)
    listing.write_text("Number,Surname,Forename,Rank\nK9002,Officer,Other,PC\n")
    result = await asyncio.to_thread(CliRunner().invoke, app, args)
    assert result.exit_code == 0, result.output
    async with engine.connect() as connection:
        assert (await connection.execute(waiting)).scalar_one() == 0
