"""Provisional planning units (issue #13 item 5), through `hub ingest` as a force IT team runs it.

A rostering system's export names units by serial alone (`adapters/roster-serials`); a unit the
hub does not hold is created provisional for the mapping's force (its serial as its name, no
capability), and the unit's complete record fills it in. A roster never undoes that.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import MappingError, load_adapter
from hub.config import Settings
from tests.adapters.conftest import example, run_ingest, stored_rows
from tests.client import graph_client

SERIALS = ("roster-serials", "roster.csv")
UNITS = ("roster-provisional", "roster.csv")  # holds GMP-PSU-41's complete record
STORED = """
select u.reference, u.name, c.code, u.provisional, f.code, u.version from planning_unit u
join force f on f.id = u.force_id left join capability c on c.id = u.capability_id
order by u.reference
"""
DUTIES = """
select d.reference, u.reference from duty_unit d join planning_unit u on u.id = d.planning_unit_id
order by d.reference
"""
GRAPH = """{ planningUnits(first: 10, filter: {forces: ["greater-manchester"]}) {
    nodes { reference name provisional capability { code } force { code }
            dutyUnits(first: 5) { reference } } } }"""


async def test_a_roster_creates_provisional_units_that_their_record_fills_in(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    first = await run_ingest(*SERIALS[:1], example(*SERIALS), tmp_path)
    assert (first["read"], first["inserted"], first["rejected"]) == (6, 12, 1), first
    assert first["provisional"] == {"planning_unit": 2, "officer": 4}
    assert {(r["line"], r["code"]) for r in first["rejects"]} == {(6, "UNKNOWN_SHIFT_CODE")}
    assert await stored_rows(engine, STORED) == [
        ("GMP-PSU-41", "GMP-PSU-41", None, True, "greater-manchester", 1),
        ("GMP-SERIAL-7", "GMP-SERIAL-7", None, True, "greater-manchester", 1),
    ]
    again = await run_ingest(*SERIALS[:1], example(*SERIALS), tmp_path)
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 12), again
    assert again["provisional"] == {}

    async with graph_client(settings, role="coordinator") as graph:
        nodes = (await graph.data(GRAPH))["planningUnits"]["nodes"]
    serial = next(node for node in nodes if node["reference"] == "GMP-SERIAL-7")
    assert serial == {
        "reference": "GMP-SERIAL-7",
        "name": "GMP-SERIAL-7",
        "provisional": True,
        "capability": None,  # not known yet, and no error
        "force": {"code": "greater-manchester"},
        "dutyUnits": [{"reference": "GMP-SERIAL-7-E2"}, {"reference": "GMP-SERIAL-7-L3"}],
    }

    # The planning system's record of GMP-PSU-41 fills it in, whatever comes after.
    filled = await run_ingest(*UNITS[:1], example(*UNITS), tmp_path)
    assert filled["entities"]["planning_unit"] == {"updated": 1}, filled
    await run_ingest(*SERIALS[:1], example(*SERIALS), tmp_path)
    units = await stored_rows(engine, STORED)
    assert units[0][:4] == ("GMP-PSU-41", "GMP PSU 41", units[0][2], False)
    assert units[0][2] is not None and units[0][5] == 2
    assert units[1] == ("GMP-SERIAL-7", "GMP-SERIAL-7", None, True, "greater-manchester", 1)
    duties = dict(await stored_rows(engine, DUTIES))
    assert duties["GMP-PSU-41-N2"] == duties["GMP-PSU-41-E1"] == "GMP-PSU-41"  # one unit
    async with graph_client(settings, role="stakeholder") as graph:
        nodes = (await graph.data(GRAPH))["planningUnits"]["nodes"]
    assert [(n["reference"], n["provisional"], n["capability"]) for n in nodes] == [
        ("GMP-PSU-41", False, {"code": units[0][2]}),
        ("GMP-SERIAL-7", True, None),
    ]


NO_FORCE = """\
adapter: serials-any-force
source: {type: csv}
records:
  - entity: duty_unit
    provisional: [planning_unit]
    fields: {reference: Duty, planning_unit: Serial, shift_type: Type, starts_at: From, ends_at: To}
"""


def test_a_mapping_without_a_force_cannot_create_provisional_units(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(NO_FORCE, encoding="utf-8")
    with pytest.raises(MappingError) as raised:
        load_adapter(path)
    assert raised.value.code == "MAPPING_INVALID"
    assert "belong to the import's force: give the mapping a `force`" in str(raised.value)
