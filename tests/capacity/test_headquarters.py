"""Forces' headquarters: one per force of the code list, in the United Kingdom, with a source."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.standard.codelists import load_vocabulary
from hub.standard.errors import CodeListError
from hub.standard.headquarters import default_path, distance_km, headquarters, load_headquarters

FORCES = [force.code for force in load_vocabulary().forces]
HEADER = "force,headquarters,town,latitude,longitude,source\n"


def test_every_force_has_headquarters_with_a_public_source() -> None:
    sites = headquarters()
    assert sorted(sites) == sorted(FORCES)
    assert all(site.source.startswith("https://") for site in sites.values())


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("metropolitan", "city-of-london", 0, 5),  # both in central London
        ("metropolitan", "police-scotland", 520, 580),  # Westminster to Tulliallan
        ("greater-manchester", "merseyside", 40, 55),
        ("devon-and-cornwall", "psni", 430, 490),  # Exeter to Belfast
    ],
)
def test_distances_between_headquarters_are_plausible(
    a: str, b: str, low: float, high: float
) -> None:
    sites = headquarters()
    assert low <= distance_km(sites[a], sites[b]) <= high
    assert distance_km(sites[a], sites[b]) == pytest.approx(distance_km(sites[b], sites[a]))


@pytest.mark.parametrize(
    ("rows", "code"),
    [
        ("kent,Kent HQ,Maidstone,51.26,0.55,https://example.org\n", "CODELIST_MISSING_VALUE"),
        ("atlantis,HQ,Nowhere,51.0,0.0,https://example.org\n", "CODELIST_UNKNOWN_REFERENCE"),
        ("kent,Kent HQ,Maidstone,40.0,0.55,https://example.org\n", "CODELIST_BAD_VALUE"),
        ("kent,Kent HQ,Maidstone,north,0.55,https://example.org\n", "CODELIST_BAD_VALUE"),
    ],
)
def test_a_bad_file_is_refused_with_a_code(tmp_path: Path, rows: str, code: str) -> None:
    path = tmp_path / "force-headquarters.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(CodeListError) as raised:
        load_headquarters(path, ["kent", "essex"])
    assert raised.value.code == code


def test_the_published_file_loads_against_the_code_list() -> None:
    assert len(load_headquarters(default_path(), FORCES)) == len(FORCES)
