"""Broken code list files fail to load with a CodeListError naming the file, line and value."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from hub.errors import HubError
from hub.standard import Code, CodeList, CodeListError, load_vocabulary
from hub.standard.codelists import default_path


@dataclass(frozen=True)
class Breakage:
    file: str
    row: str  # appended to the file, so the error is on its last line
    code: str
    value: str


BREAKAGES = {
    "duplicate capability code": Breakage(
        "capabilities.csv",
        "CBRN,Again,A second CBRN entry.,cbrn,",
        "CODELIST_DUPLICATE_CODE",
        "CBRN",
    ),
    "rank synonym used twice": Breakage(
        "ranks.csv",
        "XSGT,Extra,A rank that steals a synonym.,2,Sgt",
        "CODELIST_AMBIGUOUS_TERM",
        "Sgt",
    ),
    "detective form used twice": Breakage(
        "detective-ranks.csv", "DX,Det X,Steals DI.,SGT,DI", "CODELIST_AMBIGUOUS_TERM", "DI"
    ),
    "force alias used twice": Breakage(
        "forces.csv",
        "gmp-two,Second Police,Second,territorial,england,north-west,,,,GMP",
        "CODELIST_AMBIGUOUS_TERM",
        "GMP",
    ),
    "status label used twice": Breakage(
        "request-statuses.csv",
        "VOID,Cancelled,Another cancelled.",
        "CODELIST_AMBIGUOUS_TERM",
        "Cancelled",
    ),
    "force in an unknown region": Breakage(
        "forces.csv",
        "atlantis,Atlantis Police,Atlantis,territorial,england,atlantis,,,,",
        "CODELIST_UNKNOWN_REFERENCE",
        "atlantis",
    ),
    "detective form of an unknown rank": Breakage(
        "detective-ranks.csv",
        "DX,Det X,No such rank.,ADMIRAL,",
        "CODELIST_UNKNOWN_REFERENCE",
        "ADMIRAL",
    ),
    "force kind outside the list": Breakage(
        "forces.csv",
        "atlantis,Atlantis Police,Atlantis,colonial,england,london,,,,",
        "CODELIST_BAD_VALUE",
        "colonial",
    ),
    "lower-case status code": Breakage(
        "shift-types.csv", "early,Early,An early shift.", "CODELIST_BAD_VALUE", "early"
    ),
    "region date not ISO": Breakage(
        "regions.csv",
        "atlantis,Atlantis,Sunk.,england,1 April 2020",
        "CODELIST_BAD_VALUE",
        "1 April 2020",
    ),
    "seniority not a number": Breakage(
        "ranks.csv", "XX,Extra,A rank.,high,", "CODELIST_BAD_VALUE", "high"
    ),
    "empty label": Breakage("travel-modes.csv", "BIKE,,A bicycle.", "CODELIST_MISSING_VALUE", ""),
    "row too short": Breakage("booking-statuses.csv", "HELD,Held", "CODELIST_BAD_ROW", "HELD,Held"),
}


@pytest.fixture
def codelists(tmp_path: Path) -> Path:
    return Path(shutil.copytree(default_path(), tmp_path / "codelists"))


def append_row(path: Path, row: str) -> int:
    """Append a row to a CSV file and give its line number."""
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text}{row}\n", encoding="utf-8")
    return text.count("\n") + 1


def test_the_copied_lists_load(codelists: Path) -> None:
    assert len(load_vocabulary(codelists).forces) == 48


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=list(BREAKAGES))
def test_a_broken_file_names_file_line_and_value(codelists: Path, breakage: Breakage) -> None:
    line = append_row(codelists / breakage.file, breakage.row)
    with pytest.raises(CodeListError) as raised:
        load_vocabulary(codelists)
    error = raised.value
    assert (error.code, error.value) == (breakage.code, breakage.value)
    assert Path(error.at.path).name == breakage.file
    assert error.at.line == line
    assert f"{breakage.file}, line {line}" in str(error)
    assert isinstance(error, ValueError) and isinstance(error, HubError)


def test_a_missing_column_is_reported_on_the_header(codelists: Path) -> None:
    path = codelists / "travel-modes.csv"
    path.write_text(path.read_text().replace("description", "notes", 1))
    with pytest.raises(CodeListError) as raised:
        load_vocabulary(codelists)
    assert (raised.value.code, raised.value.at.line, raised.value.value) == (
        "CODELIST_BAD_HEADER",
        1,
        "description",
    )


def test_a_code_list_built_in_code_refuses_ambiguity() -> None:
    with pytest.raises(ValueError, match=r"value Open\)"):
        CodeList("doors", [Code("OPEN", "Open", "Open."), Code("AJAR", "Ajar", "Ajar.", ("Open",))])
    with pytest.raises(ValueError, match=r"value OPEN\)"):
        CodeList("doors", [Code("OPEN", "Open", "Open."), Code("OPEN", "Wide", "Wide open.")])


def test_the_same_name_twice_for_one_code_is_fine() -> None:
    doors = CodeList("doors", [Code("OPEN", "Open", "Open.", ("open", "OPEN!"))])
    assert doors.resolve("Open") == "OPEN"


def test_loading_reads_no_file_until_asked(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_vocabulary(tmp_path / "nowhere")
