"""Roster conflicts are flagged on import with their line, and listed per operation (#16 item 3)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from hub.config import Settings
from tests.client import graph_client
from tests.workflow.ingest import ingest

SETUP = """
adapter: test-setup
description: An operation, a request of it and an accepted commitment, from one row.
force: police-scotland
source: {type: csv}
records:
  - entity: operation
    fields:
      code: {constant: OPX}
      name: {constant: Operation X}
      leadForce: {constant: police-scotland}
      startsOn: {constant: "2026-11-01", transforms: [{date: iso}]}
      endsOn: {constant: "2026-11-05", transforms: [{date: iso}]}
  - entity: mutual_aid_request
    fields:
      reference: Request
      operation: {constant: OPX}
      capability: {constant: PUBLIC_ORDER_L2}
      quantity: {constant: 2}
      startsOn: {constant: "2026-11-01", transforms: [{date: iso}]}
      endsOn: {constant: "2026-11-05", transforms: [{date: iso}]}
      status: {constant: SUBMITTED}
  - entity: commitment
    fields:
      request: Request
      providingForce: {constant: metropolitan}
      quantity: {constant: 2}
      status: {constant: ACCEPTED}
"""
OFFICERS = """
adapter: test-officers
description: Officers with their availability.
force: metropolitan
source: {type: csv}
records:
  - entity: officer
    fields:
      serviceNumber: Number
      givenName: {constant: Test}
      familyName: Number
      rank: {constant: PC}
      availabilityStatus: Availability
      availableFrom: {column: From, transforms: [{date: iso}]}
      availableTo: {column: To, transforms: [{date: iso}]}
"""
ROSTER = """
adapter: test-roster
description: One row per officer per duty.
force: metropolitan
source: {type: csv}
records:
  # The commitment again (stored already, so unchanged): it lets the planning unit name it.
  - entity: commitment
    fields:
      request: Request
      providingForce: {constant: metropolitan}
      quantity: {constant: 2}
      status: {constant: ACCEPTED}
  - entity: planning_unit
    fields:
      reference: Unit
      name: Unit
      capability: {constant: PUBLIC_ORDER_L2}
      commitmentRequest: Request
  - entity: duty_unit
    fields:
      reference: Duty
      planningUnit: Unit
      shiftType: {constant: DAY}
      startsAt: {column: Start, transforms: [{datetime: iso}]}
      endsAt: {column: End, transforms: [{datetime: iso}]}
  - entity: deployment
    fields:
      serviceNumber: Officer
      dutyUnit: Duty
      dutyDate: {column: Day, transforms: [{date: iso}]}
"""
ROWS = """Unit,Request,Duty,Start,End,Day,Officer
U1,R1,DU1,2026-11-01T07:00:00Z,2026-11-01T15:00:00Z,2026-11-01,MET1
U1,R1,DU2,2026-11-01T12:00:00Z,2026-11-01T20:00:00Z,2026-11-01,MET1
U1,R1,DU3,2026-11-02T02:00:00Z,2026-11-02T10:00:00Z,2026-11-02,MET1
U1,R1,DU3,2026-11-02T02:00:00Z,2026-11-02T10:00:00Z,2026-11-02,MET2
"""
CONFLICTS = """{ rosterConflicts(operation: "OPX") {
  kind code restHours dutyUnit { reference } otherDutyUnit { reference }
  officer { serviceNumber } } }"""


@pytest.fixture
def database(settings: Settings, engine: object, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    return settings


def _query(settings: Settings, role: str) -> Any:
    async def call() -> Any:
        async with graph_client(settings, role=role) as graph:
            return (await graph.post(CONFLICTS)).json()

    return asyncio.run(call())


def _import(folder: Path, name: str, mapping: str, rows: str) -> dict[str, Any]:
    (folder / f"{name}.yaml").write_text(mapping, encoding="utf-8")
    (folder / f"{name}.csv").write_text(rows, encoding="utf-8")
    return ingest(str(folder / f"{name}.yaml"), folder / f"{name}.csv")


def test_conflicts_are_flagged_on_import_and_listed(database: Settings, tmp_path: Path) -> None:
    _import(tmp_path, "setup", SETUP, "Request\nR1\n")
    officers = "Number,Availability,From,To\nMET1,,,\nMET2,UNAVAILABLE,2026-11-02,2026-11-02\n"
    _import(tmp_path, "officers", OFFICERS, officers)
    report = _import(tmp_path, "roster", ROSTER, ROWS)
    assert (report["rejected"], report["warnings"]) == (0, [])
    found = sorted((f["line"], f["code"], f["value"]) for f in report["findings"])
    assert found == [
        (3, "ROSTER_OVERLAP", "DU2"),
        (4, "ROSTER_SHORT_REST", "DU3"),
        (5, "ROSTER_OFFICER_UNAVAILABLE", "DU3"),
    ]
    answer = _query(database, "coordinator")
    assert "errors" not in answer, answer
    listed = sorted(
        (c["kind"], c["dutyUnit"]["reference"], c["officer"]["serviceNumber"], c["restHours"])
        for c in answer["data"]["rosterConflicts"]
    )
    assert listed == [
        ("OVERLAP", "DU2", "MET1", None),
        ("SHORT_REST", "DU3", "MET1", 6.0),
        ("UNAVAILABLE", "DU3", "MET2", None),
    ]
    hidden = _query(database, "stakeholder")["data"]["rosterConflicts"]
    assert len(hidden) == 3 and all(c["officer"] is None for c in hidden)
