"""Provisional officers (issue #13 item 5), through `hub ingest` as a force IT engineer runs it.

A duty roster names officers by service number alone (`adapters/roster-provisional`); an
officer the hub does not hold is created provisional, and the HR export fills it in later,
whatever that mapping's merge policy. A placeholder never overwrites an HR record.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.adapters import MappingError, load_adapter
from hub.cli import app
from hub.config import Settings
from tests.adapters.conftest import example, run_ingest, stored_rows
from tests.client import graph_client

runner = CliRunner()
ROSTER = ("roster-provisional", "roster.csv")
HR = ("hr-officers", "officers.csv")
OFFICERS = """
select service_number, given_name, family_name, rank, provisional, gid, version from officer
where service_number in ('4417', '5120', '9201') order by service_number
"""
DEPLOYMENTS = """
select d.reference, o.service_number from deployment x
join duty_unit d on d.id = x.duty_unit_id join officer o on o.id = x.officer_id
order by d.reference, o.service_number
"""
ROSTERED = [
    ("GMP-PSU-41-E1", "4417"),
    ("GMP-PSU-41-E1", "5120"),
    ("GMP-PSU-41-E1", "9201"),
    ("GMP-PSU-41-L1", "9201"),
]
GRAPH = """{ officers(first: 10, filter: {search: "%s"}) {
    nodes { id serviceNumber givenName familyName rank { code } provisional } } }"""
KEEP_HR = """\
adapter: hr-keep
force: greater-manchester
source: {type: csv, encoding: windows-1252, headers: {Service No: [Collar No]}}
records:
  - entity: officer
    merge: keep
    fields:
      service_number: {column: Service No, transforms: [trim]}
      family_name: Surname
      given_name: Forename(s)
      rank: Rank
synonyms:
  rank: {Acting Sgt: SGT}
"""


async def _roster(tmp_path: Path, provisional: dict[str, int], inserted: int) -> None:
    """The roster, twice: the second run creates and changes nothing."""
    first = await run_ingest(ROSTER[0], example(*ROSTER), tmp_path)
    assert (first["read"], first["inserted"], first["rejected"]) == (5, inserted, 1), first
    assert first["provisional"] == provisional
    assert {(r["line"], r["code"]) for r in first["rejects"]} == {(6, "BAD_SERVICE_NUMBER")}
    again = await run_ingest(ROSTER[0], example(*ROSTER), tmp_path)
    assert (again["inserted"], again["updated"], again["provisional"]) == (0, 0, {}), again
    assert again["unchanged"] == first["inserted"]


@pytest.mark.parametrize("hr", ["hr-officers", "keep"])
async def test_a_roster_creates_provisional_officers_that_hr_fills_in(
    hr: str,
    settings: Settings,
    engine: AsyncEngine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    await _roster(tmp_path, {"officer": 3}, 10)
    before = await stored_rows(engine, OFFICERS)
    assert [row[:5] for row in before] == [
        ("4417", None, None, None, True),
        ("5120", None, None, None, True),
        ("9201", None, None, None, True),
    ]
    assert all(row[5] for row in before)  # each has its opaque id
    async with graph_client(settings) as graph:
        (node,) = (await graph.data(GRAPH % "9201"))["officers"]["nodes"]
    assert node["provisional"] is True and node["rank"] is None
    assert (node["givenName"], node["familyName"]) == (None, None)  # unknown, not empty
    assert node["id"] == before[2][5]

    adapter = "hr-officers"
    if hr == "keep":  # an HR mapping that keeps stored records still fills provisional ones
        keep = tmp_path / "hr-keep.yaml"
        keep.write_text(KEEP_HR, encoding="utf-8")
        adapter = str(keep)
    for run in (1, 2):
        report = await run_ingest(adapter, example(*HR), tmp_path)
        expected = (4, 2) if run == 1 else (0, 0)
        assert (report["inserted"], report["updated"], report["provisional"]) == (
            *expected,
            {},
        ), report
    after = await stored_rows(engine, OFFICERS)
    assert [row[:5] for row in after] == [
        ("4417", "Seán", "O'Brien", "PC", False),
        ("5120", "Zoë", "Kowalczyk", "SGT", False),
        ("9201", None, None, None, True),  # no HR record yet: still provisional
    ]
    assert [row[5] for row in after] == [row[5] for row in before]  # the same ids
    assert [row[6] for row in after] == [2, 2, 1]
    assert await stored_rows(engine, DEPLOYMENTS) == ROSTERED
    async with graph_client(settings) as graph:
        (node,) = (await graph.data(GRAPH % "4417"))["officers"]["nodes"]
    assert node == {
        "id": before[0][5],
        "serviceNumber": "4417",
        "givenName": "Seán",
        "familyName": "O'Brien",
        "rank": {"code": "PC"},
        "provisional": False,
    }


async def test_a_roster_after_hr_leaves_the_hr_records_intact(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    await run_ingest(HR[0], example(*HR), tmp_path)
    hr = await stored_rows(engine, OFFICERS)
    await _roster(tmp_path, {"officer": 1}, 10)  # only 9201 is unknown to HR
    after = await stored_rows(engine, OFFICERS)
    assert after[:2] == hr  # names, rank, id and version untouched
    assert after[2][:5] == ("9201", None, None, None, True)
    assert await stored_rows(engine, DEPLOYMENTS) == ROSTERED


async def test_a_provisional_officer_is_masked_like_any_other(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    await run_ingest(HR[0], example(*HR), tmp_path)
    await run_ingest(ROSTER[0], example(*ROSTER), tmp_path)
    query = """{ officers(first: 10, filter: {forces: ["greater-manchester"]}) {
        nodes { serviceNumber givenName provisional } } }"""
    async with graph_client(settings, role="stakeholder") as graph:
        result = await graph.execute(query)
    nodes = result["data"]["officers"]["nodes"]
    assert len(nodes) == 7
    assert {node["provisional"] for node in nodes} == {True, False}
    assert all(node["serviceNumber"] is None and node["givenName"] is None for node in nodes)
    masked = {tuple(error["path"][-2:]) for error in result["errors"]}
    assert masked == {
        (i, name) for i in range(len(nodes)) for name in ("serviceNumber", "givenName")
    }
    assert {error["extensions"]["code"] for error in result["errors"]} == {"FORBIDDEN_FIELD"}


MEMBERS = """\
adapter: members-any-force
source: {type: csv}
records:
  - entity: planning_unit_member
    provisional: [officer]
    fields: {planning_unit: Unit, force: Force, service_number: Number}
"""


async def test_a_force_scoped_import_creates_provisional_officers_of_its_force_only(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    await run_ingest(ROSTER[0], example(*ROSTER), tmp_path)
    mapping, members = tmp_path / "members.yaml", tmp_path / "members.csv"
    mapping.write_text(MEMBERS, encoding="utf-8")
    members.write_text(
        "Unit,Force,Number\nGMP-PSU-41,greater-manchester,9301\nGMP-PSU-41,merseyside,9302\n",
        encoding="utf-8",
    )
    args = ["ingest", "--adapter", str(mapping), str(members), "--force", "greater-manchester"]
    report = tmp_path / "members.json"
    result = await asyncio.to_thread(runner.invoke, app, [*args, "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "provisional (key alone, until a complete record): 1 officer" in result.output
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    assert (data["inserted"], data["provisional"]) == (1, {"officer": 1}), data
    assert [(r["line"], r["code"]) for r in data["rejects"]] == [(3, "UNKNOWN_REFERENCE")]
    stored = await stored_rows(engine, "select service_number from officer where provisional")
    assert sorted(row[0] for row in stored) == ["4417", "5120", "9201", "9301"]


@pytest.mark.parametrize(
    ("entity", "provisional", "message"),
    [
        ("deployment", "duty_unit", "'duty_unit' cannot be provisional"),
        ("deployment", "planning_unit", "a deployment names no planning_unit"),
        ("duty_unit", "officer", "a duty_unit names no officer"),
    ],
)
def test_a_provisional_entity_the_output_cannot_name_is_a_mapping_error(
    entity: str, provisional: str, message: str, tmp_path: Path
) -> None:
    fields = {
        "deployment": "{service_number: N, duty_unit: D, duty_date: T}",
        "duty_unit": "{reference: R, planning_unit: U, shift_type: S, starts_at: A, ends_at: B}",
    }[entity]
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        f"adapter: bad\nforce: gmp\nsource: {{type: csv}}\nrecords:\n"
        f"  - {{entity: {entity}, provisional: [{provisional}], fields: {fields}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(MappingError) as raised:
        load_adapter(mapping)
    assert raised.value.code == "MAPPING_INVALID"
    assert "records[0].provisional" in str(raised.value) and message in str(raised.value)
