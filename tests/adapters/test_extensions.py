"""Named Python transforms, custom adapters, and the test kit catching a wrong expectation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import Adapter, RecordError, SourceRecord, ingest, load_adapter, transform
from hub.adapters.testing import check_adapter, sample_records
from tests.adapters.conftest import example


@transform("collar")
def collar(value: str) -> str:
    if not value.isdigit():
        raise RecordError("BAD_COLLAR", "a collar number is digits only", value=value)
    return f"GMP{int(value):05d}"


MAPPING = """
adapter: collars
force: greater-manchester
source: {type: csv, encoding: windows-1252}
synonyms: {rank: {Acting Sgt: SGT}}
records:
  - entity: officer
    fields:
      serviceNumber: {column: Collar No, transforms: [collar]}
      familyName: Surname
      givenName: Forename(s)
      rank: Rank
"""


def test_a_named_python_transform_is_used_by_name(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    records = sample_records(mapping, example("hr-officers", "officers.csv"), transforms=[collar])
    assert [record["serviceNumber"] for record in records][:2] == ["GMP04417", "GMP05120"]
    adapter = load_adapter(mapping, [collar])
    assert adapter.name == "collars"


class Stations(Adapter):
    """A custom adapter: one location per line of a plain text file."""

    name = "stations"

    def records(self, file: Path) -> Iterator[SourceRecord]:
        with file.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                code, _, name = line.strip().partition(" ")
                values = {"code": code, "name": name, "type": "Police station"}
                yield SourceRecord(line=number, records=[("location", values)])


async def test_a_custom_adapter_runs_through_the_same_pipeline(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    path = tmp_path / "stations.txt"
    path.write_text("MCR-HQ Manchester HQ\nBAD\n", encoding="utf-8")
    (report,) = await ingest(engine, Stations(), [path])  # type: ignore[arg-type]
    assert (report.read, report.inserted, report.rejected) == (2, 1, 1)
    assert report.rejects[0].field == "name" and report.rejects[0].line == 2


def test_the_test_kit_shows_how_records_differ() -> None:
    name = "hr-officers"
    with pytest.raises(AssertionError, match="differ"):
        check_adapter(name, example(name, "officers.csv"), [{"entity": "officer"}])
    with pytest.raises(AssertionError, match="UNKNOWN_CODE"):
        check_adapter(name, example(name, "officers-with-errors.csv"))


BAD_ROWS = [
    {"line": 3, "code": "UNKNOWN_CODE", "field": "rank"},
    {"line": 4, "code": "MISSING_VALUE", "field": "familyName"},
    {"line": 5, "code": "UNKNOWN_CODE"},
    {"line": 6, "code": "ROW_COLUMN_COUNT"},
]


def test_the_test_kit_takes_a_sample_with_its_bad_rows_named(tmp_path: Path) -> None:
    name, sample = "hr-officers", example("hr-officers", "officers-with-errors.csv")
    records = check_adapter(name, sample, rejects=BAD_ROWS)
    assert [(r["line"], r["serviceNumber"]) for r in records] == [(2, "4417"), (7, "5120")]
    named = tmp_path / "rejects.yaml"
    named.write_text(yaml.safe_dump(BAD_ROWS), encoding="utf-8")
    assert check_adapter(name, sample, records, rejects=named) == records


@pytest.mark.parametrize(
    ("rejects", "says"),
    [
        (BAD_ROWS[:3], "rejected, not named: line 6: ROW_COLUMN_COUNT"),
        ([*BAD_ROWS, {"line": 2, "code": "UNKNOWN_CODE"}], "not rejected: {'line': 2"),
        ([{**BAD_ROWS[0], "field": "givenName"}, *BAD_ROWS[1:]], "not rejected: {'line': 3"),
        ([{"line": 3}], "named by line and code"),
    ],
)
def test_the_test_kit_fails_when_the_rejects_are_not_the_named_ones(
    rejects: list[dict[str, object]], says: str
) -> None:
    name = "hr-officers"
    with pytest.raises(AssertionError, match=re.escape(says)):
        check_adapter(name, example(name, "officers-with-errors.csv"), rejects=rejects)
