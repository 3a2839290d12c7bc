"""Snapshot imports (issue #19): a mapping declares that a file is a force's full list of
officers; officers of that force the newest list omits are marked withdrawn, not deleted,
and reinstated when a list names them again. And the report's counts by kind of record.
Through `hub ingest`, on both databases."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.adapters import MappingError, load_adapter
from hub.cli import app
from hub.config import Settings
from tests.client import graph_client

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "adapters"
MAPPING = """\
adapter: kent-hr-full-list
force: kent
source: {type: csv}
records:
  - entity: officer
    snapshot: true
    fields:
      serviceNumber: Number
      familyName: Surname
      givenName: Forename
      rank: Rank
"""
HEADER = "Number,Surname,Forename,Rank\n"
EVERYONE = ["K100,Ashe,Ann,PC", "K101,Brook,Bo,PC", "K102,Cole,Cy,SGT", "K103,Dale,Di,INSP"]
STATE = """select o.service_number, o.withdrawn_at is not null, b.file_name from officer o
left join import_batch b on b.id = o.withdrawn_batch_id order by o.service_number"""


def _write(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


async def _ingest(tmp_path: Path, file: Path, *options: str) -> tuple[dict[str, Any], str]:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    report = tmp_path / "report.json"
    args = ["ingest", "--adapter", str(mapping), str(file), "--report", str(report), *options]
    result = await asyncio.to_thread(runner.invoke, app, args)
    assert result.exit_code in (0, 1), result.output
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    return dict(data), result.output


async def _state(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(text(STATE))]


async def test_a_full_list_withdraws_the_officers_it_omits_and_reinstates_returners(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    first, _ = await _ingest(tmp_path, _write(tmp_path, "march.csv", EVERYONE))
    assert (first["inserted"], first["withdrawn"]) == (4, {})

    april = _write(tmp_path, "april.csv", [EVERYONE[0], EVERYONE[2]])
    dry, _ = await _ingest(tmp_path, april, "--dry-run")
    assert dry["withdrawn"] == {"officer": 2}
    assert all(not withdrawn for _n, withdrawn, _f in await _state(engine)), "a dry run"

    report, output = await _ingest(tmp_path, april)
    assert report["withdrawn"] == {"officer": 2} and report["unchanged"] == 2
    assert [(w["value"], w["code"]) for w in report["withdrawals"]] == [
        ("K101", "RECORD_WITHDRAWN"),
        ("K103", "RECORD_WITHDRAWN"),
    ]
    assert "2 officer withdrawn" in output
    assert await _state(engine) == [
        ("K100", False, None),
        ("K101", True, "april.csv"),
        ("K102", False, None),
        ("K103", True, "april.csv"),
    ]
    again, _ = await _ingest(tmp_path, april)
    assert (again["withdrawn"], again["unchanged"]) == ({}, 2), "the same list changes nothing"

    async with graph_client(settings) as graph:
        found = await graph.data(
            '{ officers(first: 10, filter: {forces: ["kent"]}) '
            "{ nodes { serviceNumber withdrawnAt } } }"
        )
    shown = {row["serviceNumber"]: row["withdrawnAt"] for row in found["officers"]["nodes"]}
    assert shown["K100"] is None and shown["K101"] is not None and len(shown) == 4

    may = _write(tmp_path, "may.csv", [EVERYONE[0], EVERYONE[1], EVERYONE[2]])
    back, _ = await _ingest(tmp_path, may)
    assert (back["reinstated"], back["withdrawn"]) == ({"officer": 1}, {})
    assert [(n, w) for n, w, _f in await _state(engine)] == [
        ("K100", False),
        ("K101", False),
        ("K102", False),
        ("K103", True),
    ]


async def test_a_list_with_a_rejected_row_withdraws_nobody(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    await _ingest(tmp_path, _write(tmp_path, "march.csv", EVERYONE))
    # K101's row is malformed (no rank): the officer may still serve, so nobody is withdrawn.
    broken = _write(tmp_path, "april.csv", [EVERYONE[0], "K101,Brook,Bo,"])
    report, output = await _ingest(tmp_path, broken)
    assert report["rejected"] == 1 and report["withdrawn"] == {}
    assert [f["code"] for f in report["findings"]] == ["SNAPSHOT_NOT_APPLIED"]
    assert "SNAPSHOT_NOT_APPLIED" in output
    assert all(not withdrawn for _n, withdrawn, _f in await _state(engine))


def test_only_a_list_of_officers_can_be_a_snapshot(tmp_path: Path) -> None:
    mapping = tmp_path / "units.yaml"
    mapping.write_text(
        MAPPING.replace("entity: officer", "entity: location").replace(
            "fields:\n      serviceNumber: Number\n      familyName: Surname\n"
            "      givenName: Forename\n      rank: Rank",
            "fields:\n      code: Number\n      name: Surname\n      type: Rank",
        ),
        encoding="utf-8",
    )
    with pytest.raises(MappingError, match="full list of officers only"):
        load_adapter(mapping)


async def test_the_report_counts_each_kind_of_record(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of several kinds of record: the report's counts by entity add up to its totals
    and to the rows stored (the usability trial had to count them by hand)."""
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    report = tmp_path / "report.json"
    args = [
        "ingest",
        "--adapter",
        "roster-provisional",
        str(EXAMPLES / "roster-provisional" / "roster.csv"),
        "--report",
        str(report),
    ]
    result = await asyncio.to_thread(runner.invoke, app, args)
    assert result.exit_code == 0, result.output
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    entities = data["entities"]
    assert len(entities) > 1, entities
    for outcome in ("inserted", "updated", "unchanged"):
        assert sum(c.get(outcome, 0) for c in entities.values()) == data[outcome], outcome
    async with engine.connect() as connection:
        for entity, counts in entities.items():
            stored = await connection.scalar(text(f"select count(*) from {entity}"))
            assert stored == counts.get("inserted", 0), entity
    assert "by record:" in result.output
