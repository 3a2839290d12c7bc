"""`hub retention run|log` on a past operation and a current one, on both databases."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from hub.store import models as m
from hub.store.capacity import refresh
from hub.store.gids import fill_gids
from tests.client import Graph
from tests.costs.conftest import Duty, utc, write_bookings, write_duties

runner = CliRunner()
PAST = [
    Duty("metropolitan", "police-scotland", "PC", utc(2021, 11, 2, 7), utc(2021, 11, 2, 15)),
    Duty("metropolitan", "police-scotland", "SGT", utc(2021, 11, 3, 7), utc(2021, 11, 3, 15)),
    Duty("kent", "police-scotland", "PC", utc(2021, 11, 3, 7), utc(2021, 11, 3, 15)),
]
CURRENT = [Duty("kent", "metropolitan", "PC", utc(2026, 11, 5, 7), utc(2026, 11, 5, 15))]
POLICY = """version = 1
[[rules]]
name = "identity-one-year"
kind = "deployment_identity"
after_days = 365
[[rules]]
name = "rejects-ninety-days"
kind = "import_rejects"
after_days = 90
"""
DEPLOYMENTS = """{ deployments(first: 50, orderBy: {field: DUTY_DATE}) { nodes {
  id dutyDate dutyUnit { reference }
  officer { id identityErased serviceNumber givenName familyName
    rank { code } force { code } } } } }"""
DUTY_DAYS = """{ officerDutyDays(groupBy: [FORCE, DAY]) {
  force { code } day officerDutyDays officers } }"""
COSTS = '{ costStatements(operation: "PAST") { providingForce { code } total deployments } }'


async def _prepare(engine: AsyncEngine, settings: Settings, tmp_path: Path) -> Path:
    await write_duties(engine, "PAST", PAST)
    await write_duties(engine, "NOW", CURRENT)
    async with engine.begin() as connection:
        await refresh(connection)  # written below the hub's writes: the counts kept ahead here
        await connection.execute(
            update(m.Operation)
            .where(m.Operation.code == "NOW")
            .values(starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30))
        )
        batch = await connection.execute(
            insert(m.ImportBatch.__table__).returning(m.ImportBatch.__table__.c.id),
            [
                {
                    "uid": "00000000-0000-4000-8000-000000000001",
                    "adapter": "hr-officers",
                    "file_name": "old.csv",
                    "checksum": "0" * 64,
                    "status": "COMPLETED",
                    "started_at": datetime(2022, 1, 1, tzinfo=UTC),
                    "finished_at": datetime(2022, 1, 1, 0, 5, tzinfo=UTC),
                }
            ],
        )
        await connection.execute(
            insert(m.ImportReject),
            [
                {
                    "batch_id": batch.scalar_one(),
                    "file": "old.csv",
                    "line": 7,
                    "field": "family_name",
                    "value": "Smith",
                    "code": "REQUIRED",
                    "message": "required",
                }
            ],
        )
    # A night in a hotel for the first past officer, booked for the officer, not the unit.
    await write_bookings(
        engine,
        "PAST-UNIT-1",
        [
            (
                m.AccommodationBooking,
                {
                    "unit": False,
                    "holder_key": "officer:metropolitan:PAST00001",
                    "check_in": date(2021, 11, 1),
                    "check_out": date(2021, 11, 4),
                },
            )
        ],
    )
    async with engine.begin() as connection:
        await fill_gids(connection)
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    return policy


async def _cli(settings: Settings, *args: str) -> Any:
    env = {"HUB_DATABASE_URL": settings.database_url}
    return await asyncio.to_thread(runner.invoke, app, ["retention", *args], env=env)


async def test_a_run_erases_past_identities_and_keeps_every_figure(
    graph: Graph, engine: AsyncEngine, settings: Settings, tmp_path: Path
) -> None:
    policy = await _prepare(engine, settings, tmp_path)
    before = await graph.data(DEPLOYMENTS)
    days_before = await graph.data(DUTY_DAYS)
    costs_before = await graph.data(COSTS)

    dry = await _cli(
        settings, "run", "--dry-run", "--policy", str(policy), "--as-of", "2023-06-01", "--json"
    )
    assert dry.exit_code == 0, dry.output
    planned = {
        (o["rule"], o["recordType"]): o["records"] for o in json.loads(dry.stdout)["outcomes"]
    }
    assert planned == {
        ("identity-one-year", "Deployment"): 3,
        ("identity-one-year", "PlanningUnitMember"): 3,
        ("identity-one-year", "Officer (stand-in)"): 3,
        ("identity-one-year", "AccommodationBooking"): 1,
        ("rejects-ninety-days", "ImportReject"): 1,
    }
    assert await graph.data(DEPLOYMENTS) == before, "a dry run changes nothing"

    real = await _cli(settings, "run", "--policy", str(policy), "--as-of", "2023-06-01", "--json")
    assert real.exit_code == 0, real.output
    report = json.loads(real.stdout)
    assert {(o["rule"], o["recordType"]): o["records"] for o in report["outcomes"]} == planned

    after = (await graph.data(DEPLOYMENTS))["deployments"]["nodes"]
    past = [row for row in after if row["dutyDate"] < "2026-01-01"]
    current = [row for row in after if row["dutyDate"] >= "2026-01-01"]
    assert len(past) == 3 and len(current) == 1
    for row in past:
        officer = row["officer"]
        assert officer["serviceNumber"].startswith("ERASED-"), officer
        assert officer["identityErased"] is True
        assert not officer["givenName"] and not officer["familyName"]
        assert not any(
            officer["id"] == old["officer"]["id"] for old in before["deployments"]["nodes"]
        )
        assert not any(row["id"] == old["id"] for old in before["deployments"]["nodes"])
    # Rank and force are kept: the first past deployment was a PC of the Met, the second a sergeant.
    assert [(row["officer"]["force"]["code"], row["officer"]["rank"]["code"]) for row in past] == [
        ("metropolitan", "PC"),
        ("metropolitan", "SGT"),
        ("kent", "PC"),
    ]
    assert current[0]["officer"]["identityErased"] is False
    assert current == [
        row for row in before["deployments"]["nodes"] if row["dutyDate"] >= "2026-01-01"
    ], "the current operation is untouched"
    assert await graph.data(DUTY_DAYS) == days_before
    assert await graph.data(COSTS) == costs_before

    async with engine.connect() as connection:
        names = set(
            await connection.scalars(
                select(m.Officer.family_name).where(m.Officer.identity_erased_at.is_(None))
            )
        )
        holder = await connection.scalar(select(m.AccommodationBooking.holder_key))
        rejects = await connection.scalar(text("SELECT count(*) FROM import_reject"))
        logged = (
            await connection.execute(
                text("SELECT rule, record_type, records, run_id FROM retention_erasure ORDER BY id")
            )
        ).all()
    assert holder is not None and "PAST00001" not in holder
    assert rejects == 0
    assert {(rule, kind, records) for rule, kind, records, _run in logged} == {
        (rule, kind, records) for (rule, kind), records in planned.items()
    }
    assert {run for *_rest, run in logged} == {report["runId"]}
    # The officers' own HR records are another rule's business: they are still there.
    assert names == {"Officer 1", "Officer 2", "Officer 3"}

    again = await _cli(settings, "run", "--policy", str(policy), "--as-of", "2023-06-01", "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["outcomes"] == []
    shown = await _cli(settings, "log", "--json")
    assert shown.exit_code == 0, shown.output
    assert sorted(
        (row["recordType"], row["records"]) for row in json.loads(shown.stdout)
    ) == sorted((kind, records) for (_rule, kind), records in planned.items())


async def test_the_retention_log_refuses_changes(
    engine: AsyncEngine, settings: Settings, tmp_path: Path
) -> None:
    policy = await _prepare(engine, settings, tmp_path)
    result = await _cli(settings, "run", "--policy", str(policy), "--as-of", "2023-06-01")
    assert result.exit_code == 0, result.output
    for statement in ("UPDATE retention_erasure SET records = 0", "DELETE FROM retention_erasure"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with engine.begin() as connection:
                await connection.execute(text(statement))
    async with engine.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM retention_erasure")) == 5


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (
            "version = 1\n[[rules]]\nname = 'x'\nkind = 'everything'\nafter_days = 1\n",
            "rules.0.kind",
        ),
        (
            "version = 1\n[[rules]]\nname = 'x'\nkind = 'import_rejects'\nafter_days = 0\n",
            "rules.0.after_days",
        ),
        ("version = 1\nrules = [\n", None),
    ],
)
def test_a_bad_policy_is_refused_naming_the_file_and_field(
    tmp_path: Path, content: str, field: str | None
) -> None:
    policy = tmp_path / "bad.toml"
    policy.write_text(content, encoding="utf-8")
    result = runner.invoke(
        app,
        ["retention", "run", "--dry-run", "--policy", str(policy)],
        env={"HUB_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'none.db'}"},
    )
    assert result.exit_code == 1
    assert "RETENTION_POLICY_INVALID" in result.stderr and str(policy) in result.stderr
    if field:
        assert field in result.stderr
    assert not (tmp_path / "none.db").exists(), "nothing is touched before the policy is read"
