"""Built-in transforms, table-driven, through a one-field mapping on a one-row CSV."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from hub.adapters.map import compile_mapping, map_record, parse_mapping
from hub.adapters.read import RawRecord

UTC = datetime.UTC
CASES: list[tuple[str, list[Any], Any]] = [
    (" a  b ", ["trim"], "a  b"),
    (" a  b ", ["collapse_spaces", "upper"], "A B"),
    ("PO L2; ;Driver", [{"split": ";"}], ["PO L2", "Driver"]),
    ("a;N/A;b", [{"split": ";"}, {"null_if": ["n/a"]}, "upper"], ["A", "B"]),
    ("Unit 12B", [{"regex": r"(\d+)"}, "integer"], 12),
    ("5,517", ["number"], 5517.0),
    ("Yes", ["boolean"], True),
    ("Arlington Waste Facility", ["slug"], "arlington-waste-facility"),
    ("Accept", [{"map": {"accept": "ACCEPTED"}}], "ACCEPTED"),
    ("31/10/2021", [{"date": "%d/%m/%Y"}], datetime.date(2021, 10, 31)),
    ("31-Oct-21", [{"date": ["%d/%m/%Y", "%d-%b-%y"]}], datetime.date(2021, 10, 31)),
    ("2021-10-31", [{"date": "iso"}], datetime.date(2021, 10, 31)),
    (
        "01/07/2021 08:00",
        [{"datetime": "%d/%m/%Y %H:%M"}],
        datetime.datetime(2021, 7, 1, 7, tzinfo=UTC),
    ),
    (
        "2021-07-01T08:00:00+00:00",
        [{"datetime": "iso"}],
        datetime.datetime(2021, 7, 1, 8, tzinfo=UTC),
    ),
    ("N", [{"shift": {"table": "s", "part": "type"}}], "NIGHT"),
    (
        "22:30",
        [
            {"time": "%H:%M"},
            {"on_date": {"date": {"column": "Day", "transforms": [{"date": "%d/%m/%Y"}]}}},
        ],
        datetime.datetime(2021, 11, 1, 22, 30, tzinfo=UTC),
    ),
]
ERRORS = [
    ("abc", [{"regex": r"\d+"}], "NO_MATCH"),
    ("12.5", ["integer"], "BAD_NUMBER"),
    ("31/02/2021", [{"date": "%d/%m/%Y"}], "BAD_DATE"),
    ("X", [{"shift": "s"}], "UNKNOWN_SHIFT_CODE"),
    ("X", [{"lookup": "l"}], "UNKNOWN_LOOKUP_VALUE"),
    ("maybe", ["boolean"], "BAD_BOOLEAN"),
]


def _run(value: str, transforms: list[Any], day: str = "01/11/2021") -> Any:
    mapping = parse_mapping(
        {
            "adapter": "t",
            "source": {"type": "csv"},
            "shifts": {"s": {"N": {"start": "23:00", "end": "07:00", "type": "NIGHT"}}},
            "lookups": {"l": {"a": "b"}},
            "records": [
                {
                    "entity": "location",
                    "fields": {
                        "name": {"column": "V", "transforms": transforms},
                        "code": "C",
                        "type": "T",
                    },
                }
            ],
        }
    )
    compiled = compile_mapping(mapping, Path("mapping.yaml"))
    raw = RawRecord(2, None, {"V": value, "Day": day, "C": "c", "T": "t"})
    item = map_record(raw, compiled.outputs, compiled.timezone)
    return item


@pytest.mark.parametrize(("value", "transforms", "expected"), CASES)
def test_a_transform_gives_the_value_expected(
    value: str, transforms: list[Any], expected: Any
) -> None:
    item = _run(value, transforms)
    assert not item.errors, item.errors
    if expected is not None:
        assert item.records[0][1]["name"] == expected


@pytest.mark.parametrize(("value", "transforms", "code"), ERRORS)
def test_a_bad_value_is_a_record_error_with_a_code(
    value: str, transforms: list[Any], code: str
) -> None:
    item = _run(value, transforms)
    assert [(error.code, error.field) for error in item.errors] == [(code, "name")]


def test_a_night_shift_ends_the_next_morning() -> None:
    mapping = parse_mapping(
        {
            "adapter": "t",
            "source": {"type": "csv"},
            "shifts": {"s": {"N": {"start": "23:00", "end": "07:00"}}},
            "records": [
                {
                    "entity": "duty_unit",
                    "fields": {
                        "reference": "R",
                        "planning_unit": "R",
                        "shift_type": {"constant": "NIGHT"},
                        "starts_at": {
                            "column": "S",
                            "transforms": [{"shift": "s"}, {"on_date": "D"}],
                        },
                        "ends_at": {
                            "column": "S",
                            "transforms": [
                                {"shift": {"table": "s", "part": "end"}},
                                {"on_date": {"date": "D", "after": "starts_at"}},
                            ],
                        },
                    },
                }
            ],
        }
    )
    compiled = compile_mapping(mapping)
    raw = RawRecord(2, None, {"R": "U1", "S": "N", "D": "2021-03-27"})
    fields = map_record(raw, compiled.outputs, compiled.timezone).records[0][1]
    assert fields["starts_at"].isoformat() == "2021-03-27T23:00:00+00:00"
    # The clocks go forward that night: 07:00 BST is 06:00 UTC, seven hours later.
    assert fields["ends_at"].isoformat() == "2021-03-28T07:00:00+01:00"
