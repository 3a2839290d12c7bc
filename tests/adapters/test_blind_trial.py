"""Four exports of a force the project had not seen (Lancashire), mapped from the docs alone.

Each was written with its bad rows and the counts and reject lines it must give before its
mapping (issue #13's blind trial). They import in order through `hub ingest`, each building on
the ones before: HR officers, then units with members and hotels, then a two-week rota, then
logistics naming sites by local id. Each first import is checked for its counts, its rejects
(line, code), its duplicate lines and the records stored; a second import of each changes
nothing.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from tests.adapters.conftest import example, row_counts


@dataclass(frozen=True)
class Step:
    adapter: str
    sample: str
    counts: tuple[int, int, int, int, int]  # read, inserted, unchanged, repeated, rejected
    entities: dict[str, dict[str, int]]
    rejects: list[tuple[int, str]]
    duplicates: list[int]


STEPS = [
    Step(
        "hr-establishment-xml",
        "establishment.xml",
        (11, 6, 0, 1, 4),
        {"officer": {"inserted": 6}},
        [
            (37, "MISSING_VALUE"),
            (42, "BAD_DATE"),
            (50, "AVAILABILITY_REVERSED"),
            (58, "UNKNOWN_CODE"),
        ],
        [71],
    ),
    Step(
        "units-lodging-csv",
        "units.csv",
        (8, 16, 0, 8, 4),
        {
            "location": {"inserted": 2},
            "planning_unit": {"inserted": 3},
            "planning_unit_member": {"inserted": 8},
            "accommodation_booking": {"inserted": 3},
        },
        [(5, "UNKNOWN_REFERENCE"), (6, "BAD_DATE"), (7, "MISSING_VALUE"), (8, "STAY_REVERSED")],
        [3],
    ),
    Step(
        "rota-two-headers-xlsx",
        "rota.xlsx",
        (10, 53, 0, 33, 4),
        {"duty_unit": {"inserted": 14}, "deployment": {"inserted": 39}},
        [
            (7, "UNKNOWN_SHIFT_CODE"),
            (9, "UNKNOWN_REFERENCE"),
            (10, "UNKNOWN_REFERENCE"),
            (12, "MISSING_VALUE"),
        ],
        [11],
    ),
    Step(
        "logistics-refs-xml",
        "logistics.xml",
        (12, 5, 1, 1, 5),
        {"location": {"inserted": 2, "unchanged": 1}, "travel_booking": {"inserted": 3}},
        [
            (15, "DANGLING_SITE"),
            (18, "ARRIVES_BEFORE_DEPARTS"),
            (21, "MISSING_VALUE"),
            (24, "BAD_DATETIME"),
            (33, "UNKNOWN_REFERENCE"),
        ],
        [27],
    ),
]

STORED = {
    "officers": (
        """select o.service_number, o.family_name, o.given_name, o.rank,
                  case when o.detective then 'detective' else '-' end,
                  o.availability, o.available_from, o.available_to,
                  (select count(*) from officer_capability c where c.officer_id = o.id)
           from officer o order by o.service_number""",
        [
            ("2231", "Patel", "Aisha", "SGT", "-", "AVAILABLE", "2021-10-25", "2021-11-14", "2"),
            ("2245", "Ó Briain", "Seán", "PC", "-", "AVAILABLE", "2021-10-25", "2021-11-14", "3"),
            ("2290", "Nwosu", "Grace", "PC", "-", "LIMITED", "2021-10-25", "2021-11-07", "1"),
            ("2305", "Grant", "Oliver", "INSP", "-", "AVAILABLE", "2021-10-25", "2021-11-14", "2"),
            (
                "2306",
                "Kowalska",
                "Hannah",
                "PC",
                "detective",
                "UNAVAILABLE",
                "2021-11-01",
                "2021-11-01",
                "0",
            ),
            ("2307", "Whitaker", "James", "PC", "-", "AVAILABLE", "2021-10-25", "2021-11-14", "2"),
        ],
    ),
    "single skill": (
        """select c.code from officer_capability oc join capability c on c.id = oc.capability_id
           join officer o on o.id = oc.officer_id where o.service_number = '2290'""",
        [("PUBLIC_ORDER_L2",)],
    ),
    "members": (
        """select u.reference, o.service_number, coalesce(m.role, '-') from planning_unit_member m
           join planning_unit u on u.id = m.planning_unit_id join officer o on o.id = m.officer_id
           order by u.reference, o.service_number""",
        [
            ("LAN-PSU-01", "2231", "-"),
            ("LAN-PSU-01", "2245", "-"),
            ("LAN-PSU-01", "2290", "-"),
            ("LAN-PSU-01", "2305", "Commander"),
            ("LAN-PSU-02", "2306", "-"),
            ("LAN-PSU-02", "2307", "-"),
            ("LAN-PSU-05", "2306", "Commander"),
            ("LAN-PSU-05", "2307", "-"),
        ],
    ),
    "hotels": (
        """select l.code, l.name, u.reference, b.check_in, b.check_out, b.rooms
           from accommodation_booking b join location l on l.id = b.location_id
           join planning_unit u on u.id = b.planning_unit_id order by u.reference""",
        [
            (
                "HOT-PRE-01",
                "Preston Marriott \u2013 Broughton",
                "LAN-PSU-01",
                "2021-10-31",
                "2021-11-07",
                "4",
            ),
            ("HOT-PRE-02", "Café Royal Hotel", "LAN-PSU-02", "2021-10-31", "2021-11-07", "2"),
            ("HOT-PRE-02", "Café Royal Hotel", "LAN-PSU-05", "2021-10-31", "2021-11-07", "2"),
        ],
    ),
    "night shifts": (
        """select reference, shift_type, starts_at, ends_at from duty_unit
           where shift_type = 'NIGHT' order by reference""",
        [
            ("LAN-PSU-01-2021-11-08-N", "NIGHT", "2021-11-08 22:00", "2021-11-09 07:00"),
            ("LAN-PSU-01-2021-11-09-N", "NIGHT", "2021-11-09 22:00", "2021-11-10 07:00"),
        ],
    ),
    "deployments per unit": (
        """select u.reference, count(*), min(x.duty_date), max(x.duty_date) from deployment x
           join duty_unit d on d.id = x.duty_unit_id
           join planning_unit u on u.id = d.planning_unit_id group by u.reference
           order by u.reference""",
        [
            ("LAN-PSU-01", "35", "2021-11-01", "2021-11-14"),
            ("LAN-PSU-02", "4", "2021-11-01", "2021-11-04"),
        ],
    ),
    "travel": (
        """select t.reference, t.mode, coalesce(u.reference, o.service_number), f.code, d.code
           from travel_booking t left join planning_unit u on u.id = t.planning_unit_id
           left join officer o on o.id = t.officer_id
           join location f on f.id = t.from_location_id join location d on d.id = t.to_location_id
           order by t.reference""",
        [
            ("TRV-0001", "COACH", "LAN-PSU-01", "HOT-PRE-01", "VEN-SEC"),
            ("TRV-0002", "COACH", "LAN-PSU-02", "HOT-PRE-01", "VEN-SEC"),
            ("TRV-0008", "TRAIN", "2245", "TRN-PRE", "VEN-SEC"),
        ],
    ),
    "sites": (
        "select code, type from location order by code",
        [
            ("HOT-PRE-01", "ACCOMMODATION"),
            ("HOT-PRE-02", "ACCOMMODATION"),
            ("TRN-PRE", "TRANSPORT_HUB"),
            ("VEN-SEC", "VENUE"),
        ],
    ),
}


def _text(value: Any) -> str:
    """A stored value as text, the same on SQLite and PostgreSQL (times to the minute, UTC)."""
    if isinstance(value, datetime.datetime):
        moment = value if value.tzinfo is None else value.astimezone(datetime.UTC)
        return moment.strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return text[:16] if re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d.*", text) else text


async def _rows(engine: AsyncEngine, sql: str) -> list[tuple[str, ...]]:
    async with engine.connect() as connection:
        result = await connection.execute(text(sql))
        return [tuple(_text(value) for value in row) for row in result]


def _ingest(step: Step, report: Path) -> tuple[dict[str, Any], str]:
    """`hub ingest` of one step, which must succeed: its JSON report and what it printed."""
    sample = example(step.adapter, step.sample)
    args = ["ingest", "--adapter", step.adapter, str(sample), "--report", str(report)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    return dict(data), result.output


async def _import(step: Step, tmp_path: Path) -> dict[str, Any]:
    report, output = await asyncio.to_thread(_ingest, step, tmp_path / f"{step.adapter}.json")
    for line, code in step.rejects:  # printed once, however many of the row's records it hit
        assert output.count(f"{step.sample}:{line} {code}") >= 1, output
    if step.adapter == "rota-two-headers-xlsx":  # officer 4999 named on five days of row 9
        assert sum(r["line"] == 9 for r in report["rejects"]) == 5
        assert output.count("rota.xlsx:9 UNKNOWN_REFERENCE") == 1, output
    return report


def _summary(report: dict[str, Any]) -> tuple[int, ...]:
    return tuple(report[key] for key in ("read", "inserted", "unchanged", "repeated", "rejected"))


async def test_exports_never_seen_import_exactly_as_written_down_before_mapping(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    for step in STEPS:
        first = await _import(step, tmp_path)
        assert _summary(first) == step.counts, (step.adapter, first)
        assert first["updated"] == 0
        assert first["entities"] == step.entities, step.adapter
        assert sorted({(r["line"], r["code"]) for r in first["rejects"]}) == step.rejects
        assert [d["line"] for d in first["duplicates"]] == step.duplicates, step.adapter
    for name, (sql, rows) in STORED.items():
        assert await _rows(engine, sql) == rows, name
    before = await row_counts(engine)
    for step in STEPS:
        again = await _import(step, tmp_path)
        read, inserted, unchanged, repeated, rejected = step.counts
        assert _summary(again) == (read, 0, inserted + unchanged, repeated, rejected), step.adapter
        assert again["updated"] == 0
        assert sorted({(r["line"], r["code"]) for r in again["rejects"]}) == step.rejects
    after = await row_counts(engine)
    assert after["import_batch"] == before["import_batch"] + len(STEPS)
    assert after["import_reject"] == 2 * before["import_reject"]  # each run keeps its rejects
    written = set(after) - {"import_batch", "import_reject"}
    assert {name: after[name] for name in written} == {name: before[name] for name in written}


def _starter(tmp_path: Path, sample: Path, entity: str) -> str:
    output = tmp_path / f"{sample.stem}.yaml"
    args = ["adapters", "new", "--sample", str(sample), "--entity", entity, "--output"]
    result = CliRunner().invoke(app, [*args, str(output)])
    assert result.exit_code == 0, result.output
    return output.read_text(encoding="utf-8")


def test_the_starter_sees_the_shapes_of_the_trial(tmp_path: Path) -> None:
    hr = _starter(tmp_path, example("hr-establishment-xml", "establishment.xml"), "officer")
    assert yaml.safe_load(hr)["source"]["record"] == "/hr:Establishment/hr:Employee"  # not a skill
    logistics = _starter(tmp_path, example("logistics-refs-xml", "logistics.xml"), "location")
    assert "#   /lg:Logistics/lg:Sites/lg:Site (3)" in logistics  # the other record, to keep
    units = _starter(tmp_path, example("units-lodging-csv", "units.csv"), "planning_unit")
    assert "# Source fields found: Serial, Unit Name," in units  # no mark glued on
    assert "byte order mark" in units
    rota = _starter(tmp_path, example("rota-two-headers-xlsx", "rota.xlsx"), "deployment")
    assert yaml.safe_load(rota)["source"]["header_row"] == 2
    assert "transforms: [{date: iso}]}" in rota
    weeks = Workbook()
    sheet = weeks.active
    sheet.append([None, None, "w/c 01/11/2021", None, "w/c 08/11/2021", None])
    sheet.append(["Collar No", "Unit", "Mon", "Tue", "Mon", "Tue"])
    sheet.append([3301, "U1", "E", "L", "E", "RD"])
    weeks.save(tmp_path / "weeks.xlsx")
    text = _starter(tmp_path, tmp_path / "weeks.xlsx", "deployment")
    assert yaml.safe_load(text)["source"]["header_row"] == 2
    assert "Columns named twice (Mon, Tue)" in text and "CSV_DUPLICATE_HEADER" in text


def _ingest_hr(tmp_path: Path) -> tuple[int, str, dict[str, Any]]:
    report = tmp_path / "report.json"
    sample = example("hr-establishment-xml", "establishment.xml")
    args = ["ingest", "--adapter", "hr-establishment-xml", str(sample), "--report", str(report)]
    result = CliRunner().invoke(app, args)
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    return result.exit_code, result.output, data["error"]


async def test_a_database_the_hub_has_not_made_is_named_not_lost(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", database_url)  # empty: no `hub db upgrade` yet
    code, output, error = await asyncio.to_thread(_ingest_hr, tmp_path)
    assert code == 2 and "hub db upgrade" in output, output
    assert error["code"] == "DB_NOT_MIGRATED"
    assert "Traceback" not in output


async def test_an_import_without_the_id_key_says_so_and_writes_its_report(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    monkeypatch.delenv("HUB_ID_KEY")
    code, output, error = await asyncio.to_thread(_ingest_hr, tmp_path)
    assert code == 2 and "HUB_ID_KEY" in output, output
    assert error["code"] == "ID_KEY_MISSING"
    assert (await row_counts(engine))["officer"] == 0
