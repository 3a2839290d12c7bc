"""The officer-days capacity counts ahead (`capacity_day`, `capacity_away_day`,
`capacity_run`) stay right: after each kind of write that changes them (mutations that commit,
release, cancel and schedule, availability changes, an import withdrawing officers, retention
erasing identities), capacity over GraphQL equals the brute-force count of the tables."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from hub.retention.policy import load_policy
from hub.retention.run import apply_policy
from hub.store import models as m
from tests.capacity import brute
from tests.capacity.agreement import matches_brute_force
from tests.client import Graph

REQUEST = """
query Request($reference: String!) {
  mutualAidRequest(reference: $reference) {
    id version status startsOn endsOn
    commitments { id version status sequence } planningUnits { id }
  }
}
"""
MUTATION = "mutation($input: {type}!) {{ {name}(input: $input) {{ id }} }}"
SNAPSHOT = """\
adapter: capacity-full-list
force: {force}
source: {{type: csv}}
records:
  - entity: officer
    snapshot: true
    fields:
      serviceNumber: Number
      familyName: Surname
      givenName: Forename
      rank: Rank
"""


async def _mutate(graph: Graph, name: str, type_: str, values: dict[str, Any]) -> None:
    await graph.data(MUTATION.format(type=type_, name=name), {"input": values})


async def _request(graph: Graph, reference: str) -> dict[str, Any]:
    found: dict[str, Any] = (await graph.data(REQUEST, {"reference": reference}))[
        "mutualAidRequest"
    ]
    return found


async def _schedule_a_shift(graph: Graph) -> bool:
    """A shift on some day of a live request with a unit, where rest rules allow one."""
    for reference in ("CAP-REQ-5", "CAP-REQ-4", "CAP-REQ-7", "CAP-REQ-0"):
        request = await _request(graph, reference)
        first, last = (date.fromisoformat(request[k]) for k in ("startsOn", "endsOn"))
        for day in brute.days(first, last):
            shift = {
                "planningUnit": request["planningUnits"][0]["id"],
                "startsAt": f"{day.isoformat()}T10:00:00Z",
                "endsAt": f"{day.isoformat()}T12:00:00Z",
                "shiftType": "DAY",
            }
            query = MUTATION.format(type="ScheduleDutyUnitInput", name="scheduleDutyUnit")
            if "errors" not in await graph.execute(query, {"input": shift}):
                return True
    return False


def _step(record: dict[str, Any]) -> dict[str, Any]:
    return {"id": record["id"], "expectedVersion": record["version"]}


async def test_mutations_keep_capacity_counted_right(graph: Graph, engine: AsyncEngine) -> None:
    await matches_brute_force(graph, engine)
    # a live request's named officers are freed when their commitment is released ...
    confirmed = await _request(graph, "CAP-REQ-1")
    (named,) = [c for c in confirmed["commitments"] if c["sequence"] == 3]
    await _mutate(graph, "releaseCommitment", "StepInput", _step(named))
    await matches_brute_force(graph, engine)
    # ... and when their request is cancelled
    submitted = await _request(graph, "CAP-REQ-6")
    await _mutate(graph, "cancelRequest", "CancelRequestInput", _step(submitted))
    await matches_brute_force(graph, engine)
    # a new shift deploys a unit's officers on another day
    assert await _schedule_a_shift(graph)
    await matches_brute_force(graph, engine)
    # an officer with committed days declares themselves unavailable
    async with engine.connect() as connection:
        gid, version = (
            await connection.execute(
                select(m.Officer.gid, m.Officer.version)
                .join(m.PlanningUnitMember, m.PlanningUnitMember.officer_id == m.Officer.id)
                .where(m.Officer.withdrawn_at.is_(None), m.Officer.identity_erased_at.is_(None))
                .order_by(m.Officer.id)
                .limit(1)
            )
        ).one()
    window = {"id": gid, "expectedVersion": version, "status": "UNAVAILABLE"}
    window |= {"availableFrom": "2021-11-03", "availableTo": "2021-11-04"}
    await _mutate(graph, "setOfficerAvailability", "SetOfficerAvailabilityInput", window)
    await matches_brute_force(graph, engine)


async def test_imports_and_retention_keep_capacity_counted_right(
    graph: Graph,
    settings: Settings,
    engine: AsyncEngine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    # Kent's full list omits its first two named officers: withdrawn, no longer counted
    async with engine.connect() as connection:
        numbers = (
            await connection.execute(
                text(
                    "select o.service_number, exists(select 1 from planning_unit_member p "
                    "where p.officer_id = o.id) from officer o join force f on f.id = o.force_id "
                    "where f.code = 'kent' and o.withdrawn_at is null order by o.service_number"
                )
            )
        ).all()
    named = [number for number, is_named in numbers if is_named][:2]
    assert named, "the data names Kent officers in units"
    kept = [f"{number},Officer,Test,PC" for number, _ in numbers if number not in named]
    listing = tmp_path / "kent.csv"
    listing.write_text("Number,Surname,Forename,Rank\n" + "\n".join(kept) + "\n")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(SNAPSHOT.format(force="kent"), encoding="utf-8")
    report = tmp_path / "report.json"
    args = ["ingest", "--adapter", str(mapping), str(listing), "--report", str(report)]
    result = await asyncio.to_thread(CliRunner().invoke, app, args)
    assert result.exit_code == 0, result.output
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    assert data["withdrawn"] == {"officer": len(named)}
    await matches_brute_force(graph, engine)
    # retention moves every past deployment and membership to stand-ins, not counted
    erased = await apply_policy(engine, load_policy(), date(2030, 1, 1))
    assert erased.total
    await matches_brute_force(graph, engine)
