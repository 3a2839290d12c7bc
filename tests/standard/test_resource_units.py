"""Resource units: the officer equivalent of each unit a request may count in."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from hub.standard import CodeListError, load_vocabulary
from hub.standard.codelists import default_path


def test_a_psu_is_twenty_five_officers_by_its_composition() -> None:
    vocabulary = load_vocabulary()
    psu = vocabulary.resource_unit("PSU")
    assert psu.officers == 25
    assert psu.composition == "1 inspector, 3 sergeants, 18 constables, 3 drivers"


def test_each_composition_adds_up_to_the_officer_equivalent() -> None:
    for unit in load_vocabulary().resource_units:
        people = [
            int(count)
            for count, what in re.findall(r"(\d+) ([a-z]+)", unit.composition)
            if what not in {"dog", "dogs"}
        ]
        assert sum(people) == unit.officers, unit.code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("PSUs", "PSU"),
        ("po serial", "SERIAL"),
        ("Dog handlers", "DOG_UNIT"),
        ("officers", "OFFICER"),
    ],
)
def test_names_found_in_exports_resolve(text: str, code: str) -> None:
    assert load_vocabulary().resolve_resource_unit(text) == code


def _copy(tmp_path: Path, rows: str) -> Path:
    folder = tmp_path / "codelists"
    shutil.copytree(default_path(), folder)
    path = folder / "resource-units.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(f"{header}\n{rows}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("rows", "code"),
    [
        ("PSU,PSU,A unit.,25,25 officers,Guidance.,", "CODELIST_MISSING_VALUE"),
        ("OFFICER,Officer,One.,2,2 officers,Itself.,", "CODELIST_BAD_VALUE"),
        (
            "OFFICER,Officer,One.,1,1 officer,Itself.,\nTEAM,Team,None.,0,none,x,",
            "CODELIST_BAD_VALUE",
        ),
    ],
)
def test_a_list_without_officer_or_with_an_empty_unit_is_refused(
    tmp_path: Path, rows: str, code: str
) -> None:
    with pytest.raises(CodeListError) as raised:
        load_vocabulary(_copy(tmp_path, rows))
    assert raised.value.code == code
