"""Fill down (issue #13): a unit's serial written once over its officers' rows, in Excel cells
merged down (`nominal-roll-xlsx`) or on a group's first line of a printed report
(`nominal-roll-csv`), is every row's unit. Both examples go through `hub ingest` on both
databases: counts, rejects by their real line and code, the records stored, and a second
import that changes nothing. The mapping option is checked when the mapping loads, and
`hub adapters new` proposes it.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.adapters.model.source import CsvSource
from hub.adapters.read import read_file
from hub.cli import app
from hub.config import Settings
from tests.adapters.conftest import example, row_counts, run_ingest, stored_rows


@dataclass(frozen=True)
class Roll:
    adapter: str
    sample: str
    counts: tuple[int, int, int, int]  # read, inserted, repeated, rejected
    rejects: list[tuple[int, str]]


ROLLS = {
    # rows 3-16 and the total on row 18 (17 is blank); row 3 (the bronze commander) is above
    # the first serial, row 8 holds an unknown rank, row 16 an officer without a surname
    "xlsx": Roll(
        "nominal-roll-xlsx",
        "roll.xlsx",
        (15, 23, 7, 3),
        [(3, "MISSING_VALUE"), (8, "UNKNOWN_CODE"), (16, "MISSING_VALUE")],
    ),
    # the same roll with a title line, and the header printed again on line 13, inside the
    # second unit's rows: the officer on line 14 keeps the unit above that header
    "csv": Roll(
        "nominal-roll-csv",
        "roll.csv",
        (16, 23, 7, 3),
        [(3, "MISSING_VALUE"), (8, "UNKNOWN_CODE"), (17, "MISSING_VALUE")],
    ),
}

UNITS = """select u.reference, u.name, c.code, f.code from planning_unit u
           join capability c on c.id = u.capability_id join force f on f.id = u.force_id
           order by u.reference"""
MEMBERS = """select u.reference, o.service_number, coalesce(m.role, '-')
             from planning_unit_member m join planning_unit u on u.id = m.planning_unit_id
             join officer o on o.id = m.officer_id order by o.service_number"""
OFFICERS = "select service_number, family_name, rank from officer order by service_number"

STORED_UNITS = [
    ("MER-PSU-01", "Merseyside PSU 1", "PUBLIC_ORDER_L2", "merseyside"),
    ("MER-PSU-02", "Merseyside PSU 2", "PUBLIC_ORDER_L2", "merseyside"),
    ("MER-SRCH-01", "Merseyside Search 1", "SEARCH_TEAM", "merseyside"),
]
# 6105 (unknown rank) and 6303 (no surname) are rejected with their whole rows; the vacant
# post gives no member, yet the serial written on its row is the unit of the four below it
STORED_MEMBERS = [
    ("MER-PSU-01", "6101", "Commander"),
    ("MER-PSU-01", "6102", "-"),
    ("MER-PSU-01", "6103", "-"),
    ("MER-PSU-01", "6104", "-"),
    ("MER-PSU-02", "6202", "-"),
    ("MER-PSU-02", "6203", "-"),
    ("MER-PSU-02", "6204", "-"),
    ("MER-PSU-02", "6205", "-"),
    ("MER-SRCH-01", "6301", "Team Leader"),
    ("MER-SRCH-01", "6302", "-"),
]


def _counts(report: dict[str, Any]) -> tuple[int, ...]:
    return tuple(report[key] for key in ("read", "inserted", "repeated", "rejected"))


def _rejects(report: dict[str, Any]) -> list[tuple[int, str]]:
    return sorted({(reject["line"], reject["code"]) for reject in report["rejects"]})


@pytest.mark.parametrize("kind", sorted(ROLLS))
async def test_a_value_written_once_over_a_group_is_every_rows_value(
    kind: str,
    settings: Settings,
    engine: AsyncEngine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    roll = ROLLS[kind]
    sample = example(roll.adapter, roll.sample)
    first = await run_ingest(roll.adapter, sample, tmp_path)
    assert _counts(first) == roll.counts, first["rejects"]
    assert first["entities"] == {
        "officer": {"inserted": 10},
        "planning_unit": {"inserted": 3},
        "planning_unit_member": {"inserted": 10},
    }
    assert _rejects(first) == roll.rejects
    first_line = [r["field"] for r in first["rejects"] if r["line"] == 3]
    assert "reference" in first_line and "planningUnit" in first_line  # no value above it
    assert await stored_rows(engine, UNITS) == STORED_UNITS
    assert await stored_rows(engine, MEMBERS) == STORED_MEMBERS
    officers = await stored_rows(engine, OFFICERS)
    assert [number for number, *_ in officers] == [m[1] for m in STORED_MEMBERS]
    before = await row_counts(engine)

    again = await run_ingest(roll.adapter, sample, tmp_path)
    read, inserted, repeated, rejected = roll.counts
    assert _counts(again) == (read, 0, repeated, rejected)
    assert (again["updated"], again["unchanged"]) == (0, inserted)
    assert _rejects(again) == roll.rejects
    after = await row_counts(engine)
    written = set(after) - {"import_batch", "import_reject"}
    assert {name: after[name] for name in written} == {name: before[name] for name in written}


def _without_fill_down(adapter: str, tmp_path: Path) -> Path:
    data = yaml.safe_load((example(adapter, "mapping.yaml")).read_text(encoding="utf-8"))
    del data["source"]["fill_down"]
    data["adapter"] = f"{adapter}-as-written"
    path = tmp_path / "mapping.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _dry_run(mapping: Path, sample: Path, report: Path) -> dict[str, Any]:
    args = ["ingest", "--adapter", str(mapping), str(sample), "--dry-run", "--report", str(report)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    return dict(data)


async def test_without_fill_down_the_rows_under_a_merged_cell_have_no_unit(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    mapping = _without_fill_down("nominal-roll-xlsx", tmp_path)
    sample = example("nominal-roll-xlsx", "roll.xlsx")
    report = await asyncio.to_thread(_dry_run, mapping, sample, tmp_path / "report.json")
    missing = sorted({r["line"] for r in report["rejects"] if r["code"] == "MISSING_VALUE"})
    assert missing == [3, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16]
    assert (await row_counts(engine))["officer"] == 0


MEMBER = """records:
  - entity: planning_unit_member
    fields: {planningUnit: %s, serviceNumber: %s, role: {template: "{%s}"}}
"""
ROLL = MEMBER % ("Serial", "Collar No", "Role")
MAPPING_ERRORS = {
    "a column the mapping does not read": (
        "source: {type: xlsx, fill_down: [Serial, Unit]}\n" + ROLL,
        "source.xlsx.fill_down[1]: fill_down names 'Unit', a column the mapping does not read "
        "(it reads Collar No, Role, Serial)",
    ),
    "a column named twice": (
        "source: {type: csv, fill_down: [Serial, Serial]}\n" + ROLL,
        "fill_down names the column 'Serial' twice",
    ),
    "an XML source": (
        "source: {type: xml, record: //m, fill_down: [s]}\n" + MEMBER % ("s", "n", "r"),
        "fill_down is for csv and xlsx sources",
    ),
}


@pytest.mark.parametrize("case", sorted(MAPPING_ERRORS))
def test_fill_down_is_checked_when_the_mapping_loads(case: str, tmp_path: Path) -> None:
    mapping, message = MAPPING_ERRORS[case]
    path = tmp_path / "mapping.yaml"
    path.write_text("adapter: t\nforce: merseyside\n" + mapping, encoding="utf-8")
    result = CliRunner().invoke(app, ["adapters", "check", str(path)])
    output = " ".join(result.output.split())
    assert result.exit_code == 1, output
    assert "MAPPING_INVALID" in output and message in output, output


def _starter(sample: Path, tmp_path: Path) -> str:
    output = tmp_path / f"{sample.stem}.yaml"
    args = ["adapters", "new", "--sample", str(sample), "--entity", "planning_unit_member"]
    result = CliRunner().invoke(app, [*args, "--output", str(output)])
    assert result.exit_code == 0, result.output
    return output.read_text(encoding="utf-8")


def test_the_starter_proposes_fill_down(tmp_path: Path) -> None:
    merged = _starter(example("nominal-roll-xlsx", "roll.xlsx"), tmp_path)
    assert yaml.safe_load(merged)["source"]["fill_down"] == ["Serial", "Unit", "Skill"]
    printed = tmp_path / "printed.csv"  # the CSV roll without its title line
    lines = example("nominal-roll-csv", "roll.csv").read_text(encoding="utf-8").splitlines()
    printed.write_text("\n".join(lines[1:]), encoding="utf-8")
    text = _starter(printed, tmp_path)
    assert "  # fill_down: [Serial, Unit, Skill" in text  # a guess, left for a person to keep
    assert "fill_down" not in yaml.safe_load(text)["source"]
    plain = _starter(example("rota-xlsx", "rota.xlsx"), tmp_path)
    assert "fill_down" not in plain


def test_the_reader_fills_blanks_by_the_rules_the_docs_give(tmp_path: Path) -> None:
    roll = tmp_path / "roll.csv"
    rows = [
        "Unit Serial,Name",
        ",above any serial",
        "S1,first",
        ",under S1",
        "",
        "  ,spaces under S1 after a blank row",
        "unit serial,Name",
        ",under the header printed again",
        "S2,too,many,cells",
        ",still under S1",
    ]
    roll.write_text("\n".join(rows) + "\n", encoding="utf-8")
    source = CsvSource(headers={"Serial": ["Unit Serial"]}, fill_down=["Serial"])
    read = [
        (record.line, None if record.error else record.data["Serial"])
        for record in read_file(roll, source, {"Serial", "Name"}, ())
    ]
    assert read == [
        (2, ""),
        (3, "S1"),
        (4, "S1"),
        (6, "S1"),
        (7, "unit serial"),  # still a record (a mapping's when: leaves it out), passing nothing
        (8, "S1"),
        (9, None),  # ROW_COLUMN_COUNT: passes nothing down
        (10, "S1"),
    ]
