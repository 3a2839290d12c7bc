"""A BAD_RANGE reject names both fields and both values, in an import and in
`hub standard validate` alike (docs/adapters.md)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.adapters import ingest
from hub.cli import app

MAPPING = """\
adapter: availability-without-checks
force: greater-manchester
source:
  type: csv
records:
  - entity: officer
    fields:
      serviceNumber: Warrant No
      familyName: Surname
      givenName: Forenames
      rank: Rank
      availableFrom: {column: Available From, transforms: [{date: "%d/%m/%Y"}]}
      availableTo: {column: Available To, transforms: [{date: "%d/%m/%Y"}]}
"""
ROWS = """\
Warrant No,Surname,Forenames,Rank,Available From,Available To
3301,Ahmed,Yusuf,Insp,08/11/2021,01/11/2021
4417,Brien,Sean,PC,01/11/2021,01/11/2021
"""


async def test_an_imported_record_in_the_wrong_order_names_both_values(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    (tmp_path / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "availability.csv").write_text(ROWS, encoding="utf-8")
    (report,) = await ingest(
        engine, tmp_path / "mapping.yaml", [tmp_path / "availability.csv"], dry_run=True
    )
    # Line 3 ends on the day it starts: a period may (a journey or a shift may not).
    assert [(r.line, r.code, r.message) for r in report.rejects] == [
        (2, "BAD_RANGE", "officer: availableTo (2021-11-01) is before availableFrom (2021-11-08)")
    ]


def test_a_validated_record_in_the_wrong_order_names_both_values(tmp_path: Path) -> None:
    journey = {
        "reference": "T-1",
        "mode": "RAIL",
        "departsAt": "2021-11-01T09:00:00Z",
        "arrivesAt": "2021-11-01T09:00:00Z",
        "planningUnit": "U-1",
    }
    path = tmp_path / "journeys.json"
    path.write_text(json.dumps([journey]), encoding="utf-8")
    report = tmp_path / "report.json"
    args = ["standard", "validate", "--type", "TravelBooking", str(path), "--report", str(report)]
    CliRunner().invoke(app, args)
    problems = json.loads(report.read_text())[0]["problems"]
    (found,) = [problem for problem in problems if problem["code"] == "BAD_RANGE"]
    assert (found["code"], found["field"]) == ("BAD_RANGE", "arrivesAt")
    assert found["message"] == (
        "arrivesAt (2021-11-01T09:00:00Z) must be after departsAt (2021-11-01T09:00:00Z)"
    )
