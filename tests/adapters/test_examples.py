"""Every example adapter: its sample maps to the expected records, and imports exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest, list_adapters
from hub.adapters.map import mapping_schema
from hub.adapters.testing import check_adapter
from tests.adapters.conftest import EXAMPLES, example

SAMPLES = {
    "hr-officers": "officers.csv",
    "duty-roster-xml": "roster.xml",
    "shift-codes-csv": "shifts.csv",
    "accommodation-travel": "bookings.csv",
    "edxl-rm-request": "RequestResource.xml",
    "edxl-rm-commit": "CommitResource.xml",
    "forces-police-uk": "forces.csv",
}
# In order, each building on the ones before: (adapter, sample, read, inserted, unchanged,
# repeated). `unchanged`: equal to what is stored; `repeated`: equal to an earlier record of
# the same file (a member listed under two shifts, a force named by many rows).
SEQUENCE = [
    ("hr-officers", "officers.csv", 6, 6, 0, 0),
    ("duty-roster-xml", "roster.xml", 22, 25, 6, 1),
    ("shift-codes-csv", "shifts.csv", 6, 8, 0, 4),
    ("accommodation-travel", "bookings.csv", 2, 6, 0, 2),
    ("edxl-rm-request", "RequestResource.xml", 1, 1, 0, 0),
    ("edxl-rm-commit", "CommitResource.xml", 2, 5, 0, 1),
    ("forces-police-uk", "forces.csv", 44, 0, 44, 0),
    ("forces-ons-pfa", "pfa-lookup-2016.csv", 348, 0, 43, 305),
]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_sample_maps_to_the_expected_records(name: str) -> None:
    check_adapter(name, example(name, SAMPLES[name]), example(name, "expected.yaml"))


def test_every_example_is_listed_under_its_folder_name() -> None:
    names = {info.name for info in list_adapters()}
    assert names >= {name for name, *_ in SEQUENCE}


def test_the_published_json_schema_matches_the_mapping_models() -> None:
    published = json.loads((EXAMPLES / "mapping.schema.json").read_text(encoding="utf-8"))
    assert published == mapping_schema(), (
        "run `hub adapters schema --output adapters/mapping.schema.json`"
    )


async def test_the_examples_import_exactly_and_a_second_import_changes_nothing(
    engine: AsyncEngine,
) -> None:
    for name, sample, read, inserted, unchanged, repeated in SEQUENCE:
        (first,) = await ingest(engine, name, [example(name, sample)])
        counts = (first.read, first.inserted, first.updated, first.unchanged, first.repeated)
        assert counts == (read, inserted, 0, unchanged, repeated), (name, first.rejects)
        assert first.valid and first.written and first.rejected == 0
    for name, sample, read, inserted, unchanged, repeated in SEQUENCE:
        (again,) = await ingest(engine, name, [example(name, sample)])
        counts = (again.read, again.inserted, again.updated, again.unchanged, again.repeated)
        assert counts == (read, 0, 0, inserted + unchanged, repeated), name
        assert again.rejected == 0


async def test_a_changed_row_is_one_update_and_bumps_the_version(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    original = example("hr-officers", "officers.csv")
    await ingest(engine, "hr-officers", [original])
    changed = tmp_path / "officers.csv"
    text = original.read_bytes().decode("cp1252").replace("Insp,", "Ch Insp,", 1)
    changed.write_bytes(text.encode("cp1252"))
    (report,) = await ingest(engine, "hr-officers", [changed])
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 5)
    async with engine.connect() as connection:
        rows = await connection.exec_driver_sql(
            "SELECT rank, version, source_batch_id IS NOT NULL FROM officer"
            " WHERE service_number = '3301'"
        )
        assert rows.one() == ("CI", 2, True)
