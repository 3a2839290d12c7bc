"""A mapping marks what it writes OFFICIAL_SENSITIVE (`classification`), through `hub ingest`."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.adapters import MappingError, load_adapter
from hub.cli import app
from hub.config import Settings
from tests.client import graph_client

runner = CliRunner()
MAPPING = """\
adapter: {name}
force: {force}
source: {{type: csv}}
records:
  - entity: officer
    {classification}
    fields:
      serviceNumber: Number
      familyName: Surname
      givenName: Forename
      rank: Rank
"""
ROWS = "Number,Surname,Forename,Rank\n{prefix}1,Ashe,Ann,PC\n{prefix}2,Brook,Bo,SGT\n"
QUERY = """{ officers(first: 10) { nodes { serviceNumber classification } } }"""


async def _ingest(tmp_path: Path, name: str, force: str, marking: str) -> dict[str, Any]:
    mapping = tmp_path / f"{name}.yaml"
    classification = f"classification: {marking}" if marking else ""
    mapping.write_text(
        MAPPING.format(name=name, force=force, classification=classification), encoding="utf-8"
    )
    data = tmp_path / f"{name}.csv"
    data.write_text(ROWS.format(prefix=force[:2].upper()), encoding="utf-8")
    report = tmp_path / f"{name}.json"
    args = ["ingest", "--adapter", str(mapping), str(data), "--report", str(report)]
    result = await asyncio.to_thread(runner.invoke, app, args)
    assert result.exit_code == 0, result.output
    (found,) = json.loads(report.read_text(encoding="utf-8"))
    return dict(found)


async def test_a_mapping_marks_the_records_it_writes(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    first = await _ingest(tmp_path, "kent-sensitive", "kent", "OFFICIAL_SENSITIVE")
    assert first["marked"] == {"officer": 2}
    plain = await _ingest(tmp_path, "essex-plain", "essex", "")
    assert plain["marked"] == {}
    again = await _ingest(tmp_path, "kent-sensitive", "kent", "OFFICIAL_SENSITIVE")
    assert (again["unchanged"], again["marked"]) == (2, {}), "nothing written, nothing marked"
    async with graph_client(settings) as graph:
        found = await graph.data(QUERY)
    assert {row["serviceNumber"]: row["classification"] for row in found["officers"]["nodes"]} == {
        "KE1": "OFFICIAL_SENSITIVE",
        "KE2": "OFFICIAL_SENSITIVE",
        "ES1": "OFFICIAL",
        "ES2": "OFFICIAL",
    }


def test_a_record_with_no_marking_of_its_own_cannot_be_marked(tmp_path: Path) -> None:
    mapping = tmp_path / "members.yaml"
    mapping.write_text(
        "adapter: members\nforce: kent\nsource: {type: csv}\nrecords:\n"
        "  - entity: planning_unit_member\n    classification: OFFICIAL_SENSITIVE\n"
        "    fields: {planningUnit: Unit, serviceNumber: Number}\n",
        encoding="utf-8",
    )
    with pytest.raises(MappingError, match="carries no classification"):
        load_adapter(mapping)
