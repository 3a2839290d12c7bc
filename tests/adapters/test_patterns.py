"""The export shapes of issue #13, each through `hub ingest` as a force IT engineer runs it.

Each example adapter in `adapters/` is imported after the HR export and the duty roster (the
officers and units it refers to); its stored records, its rejects (line, code) and a second,
idempotent run are checked.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.adapters.testing import sample_records
from hub.cli import app
from hub.config import Settings
from tests.adapters.conftest import example
from tests.client import graph_client

runner = CliRunner()
BEFORE = [("hr-officers", "officers.csv"), ("duty-roster-xml", "roster.xml")]
MEMBERS = """
select o.service_number from planning_unit_member m
join planning_unit u on u.id = m.planning_unit_id join officer o on o.id = m.officer_id
where u.reference = :ref order by o.service_number
"""
DEPLOYMENTS = """
select d.reference, o.service_number, x.duty_date from deployment x
join duty_unit d on d.id = x.duty_unit_id join officer o on o.id = x.officer_id
where d.reference like :like order by d.reference, o.service_number
"""
UNITS = "select reference from {table} where reference like :like order by reference"


@dataclass(frozen=True)
class Pattern:
    adapter: str
    sample: str
    counts: tuple[int, int, int]  # read, inserted, rejected
    rejects: list[tuple[int, str]]
    members: dict[str, list[str]] = field(default_factory=dict)
    deployments: tuple[str, list[tuple[str, str, str]]] | None = None
    units: tuple[str, str, list[str]] | None = None  # table, LIKE pattern, references stored
    stored: tuple[str, list[tuple[str, ...]]] | None = None  # any query, and its rows
    updated: int = 0
    reject_paths: list[str | None] | None = None  # where each reject is (xlsx: sheet!row)


PATTERNS = [
    Pattern(
        "unit-members-list",
        "units.csv",
        (5, 9, 2),
        [(4, "UNKNOWN_REFERENCE"), (5, "MISSING_VALUE")],
        members={
            "GMP-PSU-11": ["3301", "4417", "5120"],
            "GMP-PSU-12": ["0982", "7734", "8810"],
            "GMP-PSU-14": [],
        },
        units=("planning_unit", "GMP-%-1_", ["GMP-PSU-11", "GMP-PSU-12", "GMP-PSU-14"]),
    ),
    Pattern(
        "hr-availability",
        "availability.csv",
        (5, 0, 2),
        [(4, "AVAILABILITY_REVERSED"), (5, "UNKNOWN_CODE")],
        updated=2,
        stored=(
            "select service_number, availability, available_from, available_to, version"
            " from officer where service_number in ('4417', '5120', '7734', '3301', '6001')"
            " order by service_number",
            [
                ("3301", "None", "None", "None", "1"),
                ("4417", "AVAILABLE", "2021-11-01", "2021-11-14", "2"),
                ("5120", "LIMITED", "2021-11-01", "None", "2"),
                ("6001", "None", "None", "None", "1"),
                ("7734", "None", "None", "None", "1"),
            ],
        ),
    ),
    Pattern(
        "unit-shifts-xml",
        "rota.xml",
        (8, 12, 5),
        [
            (12, "UNKNOWN_REFERENCE"),
            (16, "UNKNOWN_REFERENCE"),
            (18, "BAD_DATE"),
            (22, "UNKNOWN_REFERENCE"),
            (23, "BAD_DATE"),
        ],
        members={"GMP-PSU-21": ["3301", "4417", "5120"]},
        deployments=(
            "GMP-PSU-2%",
            [
                (f"GMP-PSU-21-{shift}", number, "2021-11-01")
                for shift in ("E1", "N1")
                for number in ("3301", "4417", "5120")
            ],
        ),
        units=("duty_unit", "GMP-PSU-2%", ["GMP-PSU-21-E1", "GMP-PSU-21-N1"]),
    ),
    Pattern(
        "wide-rota-csv",
        "rota.csv",
        (5, 11, 2),
        [(4, "UNKNOWN_SHIFT_CODE"), (6, "BAD_SERVICE_NUMBER")],
        deployments=(
            "GMP-PSU-01-%-NOV-21-%",
            [
                ("GMP-PSU-01-01-NOV-21-E", "3301", "2021-11-01"),
                ("GMP-PSU-01-01-NOV-21-E", "4417", "2021-11-01"),
                ("GMP-PSU-01-02-NOV-21-E", "3301", "2021-11-02"),
                ("GMP-PSU-01-02-NOV-21-L", "4417", "2021-11-02"),
                ("GMP-PSU-01-02-NOV-21-L", "6001", "2021-11-02"),
                ("GMP-PSU-01-04-NOV-21-N", "3301", "2021-11-04"),
                ("GMP-PSU-01-04-NOV-21-N", "6001", "2021-11-04"),
            ],
        ),
    ),
    Pattern(
        "rota-xlsx",
        "rota.xlsx",
        (5, 7, 1),
        [(7, "UNKNOWN_SHIFT_CODE")],
        reject_paths=["Rota!7"],
        deployments=(
            "GMP-PSU-01-2021-11-0_-_",
            [
                ("GMP-PSU-01-2021-11-05-E", "3301", "2021-11-05"),
                ("GMP-PSU-01-2021-11-05-E", "4417", "2021-11-05"),
                ("GMP-PSU-01-2021-11-05-N", "5120", "2021-11-05"),
                ("GMP-PSU-01-2021-11-06-L", "3301", "2021-11-06"),
            ],
        ),
    ),
    Pattern(
        "teams-refs-xml",
        "export.xml",
        (15, 14, 4),
        [
            (18, "DANGLING_PERSON_REF"),
            (23, "SHIFT_ENDS_BEFORE_START"),
            (24, "DANGLING_PERSON_REF"),
            (25, "DANGLING_TEAM_REF"),
        ],
        members={"GMP-PSU-31": ["7101", "7102", "7103"], "GMP-PSU-32": ["7104"]},
        deployments=(
            "GMP-PSU-3%",
            [("GMP-PSU-31-D1", number, "2021-11-01") for number in ("7101", "7102", "7103")],
        ),
        units=("duty_unit", "GMP-PSU-3%", ["GMP-PSU-31-D1"]),
    ),
]


def _ingest(adapter: str, sample: str, report: Path) -> dict[str, Any]:
    args = ["ingest", "--adapter", adapter, str(example(adapter, sample)), "--report", str(report)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    return dict(data)


async def _rows(engine: AsyncEngine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        result = await connection.execute(text(sql), params)
        return [tuple(str(value) for value in row) for row in result]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda pattern: pattern.adapter)
async def test_the_pattern_imports_exactly_through_hub_ingest(
    pattern: Pattern,
    settings: Settings,
    engine: AsyncEngine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    report = tmp_path / "report.json"
    for adapter, sample in BEFORE:
        assert (await asyncio.to_thread(_ingest, adapter, sample, report))["rejected"] == 0
    first = await asyncio.to_thread(_ingest, pattern.adapter, pattern.sample, report)
    assert (first["read"], first["inserted"], first["rejected"]) == pattern.counts, first
    assert first["updated"] == pattern.updated
    rejects = sorted({(reject["line"], reject["code"]) for reject in first["rejects"]})
    assert rejects == pattern.rejects
    if pattern.reject_paths is not None:
        assert sorted({reject["path"] for reject in first["rejects"]}) == pattern.reject_paths
    for unit, numbers in pattern.members.items():
        assert [row[0] for row in await _rows(engine, MEMBERS, ref=unit)] == numbers, unit
    if pattern.deployments is not None:
        like, expected = pattern.deployments
        assert await _rows(engine, DEPLOYMENTS, like=like) == expected
    if pattern.units is not None:
        table, like, references = pattern.units
        stored = await _rows(engine, UNITS.format(table=table), like=like)
        assert [row[0] for row in stored] == references
    if pattern.stored is not None:
        query, rows = pattern.stored
        assert await _rows(engine, query) == rows
    again = await asyncio.to_thread(_ingest, pattern.adapter, pattern.sample, report)
    read, _inserted, rejected = pattern.counts
    assert (again["read"], again["inserted"], again["updated"], again["rejected"]) == (
        read,
        0,
        0,
        rejected,
    )
    assert again["unchanged"] == first["inserted"] + first["updated"] + first["unchanged"]


WHOLE = """\
adapter: whole-records
force: greater-manchester
source: {type: xml}
records:
  - entity: planning_unit
    record: //Unit
    fields:
      reference: "@ref"
      name: "concat(@ref, ' of ', count(Member), ' members on ', count(Shift), ' shifts')"
      capability: {constant: PO L2}
  - entity: planning_unit_member
    record: //Unit/Member
    fields: {planning_unit: ../@ref, service_number: "@n"}
  - entity: location
    record: //Unit
    fields:
      code: "@ref"
      name: "concat('seen ', count(Member/@n), ' members')"
      type: {constant: VENUE}
"""
WHOLE_XML = """\
<R><Unit ref="U1"><Member n="1"/><Member n="2"/><Member n="3"/><Shift/><Shift/></Unit>
<Unit ref="U2"><Member n="4"/></Unit></R>
"""


def test_a_record_element_holding_records_shows_them_all_to_every_output(
    tmp_path: Path,
) -> None:
    mapping, sample = tmp_path / "mapping.yaml", tmp_path / "units.xml"
    mapping.write_text(WHOLE, encoding="utf-8")
    sample.write_text(WHOLE_XML, encoding="utf-8")
    records = sample_records(mapping, sample)
    units = [record["name"] for record in records if record["entity"] == "planning_unit"]
    assert units == ["U1 of 3 members on 2 shifts", "U2 of 1 members on 0 shifts"]
    seen = [record["name"] for record in records if record["entity"] == "location"]
    assert seen == ["seen 3 members", "seen 1 members"]


async def test_availability_imported_by_a_mapping_is_in_the_graph(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    report = tmp_path / "report.json"
    for adapter, sample in [*BEFORE, ("hr-availability", "availability.csv")]:
        await asyncio.to_thread(_ingest, adapter, sample, report)
    query = """{ officers(first: 100, filter: {forces: ["greater-manchester"]}) {
        nodes { serviceNumber availabilityStatus availableFrom availableTo } } }"""
    async with graph_client(settings) as graph:
        nodes = (await graph.data(query))["officers"]["nodes"]
    given = {node["serviceNumber"]: node for node in nodes if node["availabilityStatus"]}
    assert given == {
        "4417": {
            "serviceNumber": "4417",
            "availabilityStatus": "AVAILABLE",
            "availableFrom": "2021-11-01",
            "availableTo": "2021-11-14",
        },
        "5120": {
            "serviceNumber": "5120",
            "availabilityStatus": "LIMITED",
            "availableFrom": "2021-11-01",
            "availableTo": None,
        },
    }


MERGE = """\
adapter: training-export
force: greater-manchester
source: {{type: csv}}
records:
  - entity: officer
    merge: {merge}
    fields:
      service_number: Number
      family_name: Surname
      given_name: Forenames
      rank: Rank
      availability: Aid
"""
TRAINING = """\
Number,Surname,Forenames,Rank,Aid
4417,OBRIEN,SEAN,Sgt,Available
9101,New,Nina,PC,Limited
"""
OFFICERS = (
    "select service_number, family_name, rank, availability from officer"
    " where service_number in ('4417', '9101') order by service_number"
)


@pytest.mark.parametrize(
    ("merge", "counts", "rows"),
    [
        (
            "fill",
            (1, 1, 0),
            [("4417", "O'Brien", "PC", "AVAILABLE"), ("9101", "New", "PC", "LIMITED")],
        ),
        ("keep", (1, 0, 1), [("4417", "O'Brien", "PC", "None"), ("9101", "New", "PC", "LIMITED")]),
        (
            "update",
            (1, 1, 0),
            [("4417", "OBRIEN", "SGT", "AVAILABLE"), ("9101", "New", "PC", "LIMITED")],
        ),
    ],
)
async def test_a_merge_policy_decides_what_a_stored_record_takes(
    merge: str,
    counts: tuple[int, int, int],
    rows: list[tuple[str, ...]],
    settings: Settings,
    engine: AsyncEngine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    report = tmp_path / "report.json"
    await asyncio.to_thread(_ingest, "hr-officers", "officers.csv", report)
    mapping, export = tmp_path / "mapping.yaml", tmp_path / "training.csv"
    mapping.write_text(MERGE.format(merge=merge), encoding="utf-8")
    export.write_text(TRAINING, encoding="utf-8")
    args = ["ingest", "--adapter", str(mapping), str(export), "--report", str(report)]
    for run in (1, 2):
        result = await asyncio.to_thread(runner.invoke, app, args)
        assert result.exit_code == 0, result.output
        (data,) = json.loads(report.read_text(encoding="utf-8"))
        expected = counts if run == 1 else (0, 0, 2)  # the second run changes nothing
        assert (data["inserted"], data["updated"], data["unchanged"]) == expected, data
    assert await _rows(engine, OFFICERS) == rows
