"""The code lists against the real public files in /work/shared/data (see its SOURCES.md).

Expected values come from those files, never from the code lists: a force id, name or figure
that the files hold and the lists do not is a failure.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hub.standard import Vocabulary

ReadRecords = Callable[..., list[dict[str, str]]]

ONS_LOOKUP = (
    "ons-pfa-lookup/Local_Authority_District_to_Community_Safety_Partnerships_to_"
    "Police_Force_Areas__December_2016__Lookup_in_England_and_Wales.csv"
)
WORKFORCE_TABLE_1 = "homeoffice-workforce/police-workforce-sep19-tables__Table_1.csv"
NOT_A_FORCE = {"Central Service Secondments"}


def test_every_data_police_uk_force_is_a_force(
    vocabulary: Vocabulary, shared_data: Path, read_records: ReadRecords
) -> None:
    rows = read_records(shared_data / "crime-uk-forces" / "forces.csv")
    by_id = {force.police_uk_id: force for force in vocabulary.forces if force.police_uk_id}
    assert set(by_id) == {row["id"] for row in rows}
    wrong = [
        (row["id"], row["Label"])
        for row in rows
        if vocabulary.resolve_force(row["Label"]) != by_id[row["id"]].code
        or vocabulary.resolve_force(row["id"]) != by_id[row["id"]].code
    ]
    assert wrong == []


def test_every_ons_police_force_area_is_a_force(
    vocabulary: Vocabulary, shared_data: Path, read_records: ReadRecords
) -> None:
    rows = read_records(shared_data / ONS_LOOKUP, encoding="utf-8-sig")
    areas = {(row["PFA16CD"], row["PFA16NM"]) for row in rows}
    assert len(areas) == 43
    codes = {force.ons_pfa_code for force in vocabulary.forces if force.ons_pfa_code}
    assert codes == {code for code, _ in areas}
    wrong = []
    for code, name in sorted(areas):
        force_code = vocabulary.resolve_force(name)
        if force_code is None or vocabulary.force(force_code).ons_pfa_code != code:
            wrong.append((code, name, force_code))
        elif vocabulary.resolve_force(code) != force_code:
            wrong.append((code, name, vocabulary.resolve_force(code)))
    assert wrong == []


@dataclass(frozen=True)
class WorkforceRow:
    name: str
    region: str | None  # the label of the region block the row sits in
    sep_19: int


def workforce_table_1(path: Path, region_labels: set[str]) -> tuple[list[WorkforceRow], ...]:
    """Region rows and force rows of Table 1. A region row opens a block of force rows; a label
    repeated inside its own block ("West Midlands") is the force, not the region again."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    header = next(i for i, row in enumerate(rows) if "Sep-19" in row)
    column = rows[header].index("Sep-19")
    regions: list[WorkforceRow] = []
    forces: list[WorkforceRow] = []
    block: str | None = None
    for row in rows[header + 1 :]:
        if not row or not row[0].strip():
            continue
        name, value = row[0].strip(), int(row[column].replace(",", ""))
        if name.startswith("Total"):
            block = None
        elif name in region_labels and name != block:
            block = name
            regions.append(WorkforceRow(name, name, value))
        elif name not in NOT_A_FORCE:
            forces.append(WorkforceRow(name, block, value))
    return regions, forces


def test_workforce_table_forces_resolve_with_their_strength_and_region(
    vocabulary: Vocabulary, shared_data: Path
) -> None:
    labels = {region.code: region.label for region in vocabulary.regions}
    regions, forces = workforce_table_1(shared_data / WORKFORCE_TABLE_1, set(labels.values()))
    assert len([row for row in forces if row.region is not None]) == 43
    wrong: list[tuple[object, ...]] = []
    for row in forces:
        code = vocabulary.resolve_force(row.name)
        force = vocabulary.force(code) if code else None
        if force is None or force.officer_strength_fte != row.sep_19:
            wrong.append(
                (row.name, code, force.officer_strength_fte if force else None, row.sep_19)
            )
        elif row.region is not None and labels[force.region] != row.region:
            wrong.append((row.name, force.region, row.region))
    assert wrong == []
    for region in regions:
        total = sum(row.sep_19 for row in forces if row.region == region.name)
        members = [row for row in forces if row.region == region.name]
        # Figures are rounded FTE, so a region's total may differ from its forces' sum by one.
        assert abs(total - region.sep_19) <= len(members) // 2, region.name


def test_workforce_ethnicity_forces_resolve_with_their_code_and_region(
    vocabulary: Vocabulary, shared_data: Path, read_records: ReadRecords
) -> None:
    rows = read_records(shared_data / "homeoffice-workforce-ethnicity/officer-rank-from-2003.csv")
    seen = {(row["Geo code"], row["Force Name"], row["Region"]) for row in rows}
    assert len(seen) == 43
    wrong = []
    for geo_code, name, region in sorted(seen):
        code = vocabulary.resolve_force(name)
        force = vocabulary.force(code) if code else None
        if (
            force is None
            or force.ons_pfa_code != geo_code
            or vocabulary.region(force.region).label != region
        ):
            wrong.append((geo_code, name, region, code))
    assert wrong == []


def test_workforce_ethnicity_ranks_resolve(
    vocabulary: Vocabulary, shared_data: Path, read_records: ReadRecords
) -> None:
    rows = read_records(shared_data / "homeoffice-workforce-ethnicity/officer-rank-from-2003.csv")
    ranks = {row["Rank description"] for row in rows}
    # "Chief Officer" groups every rank from ACC up: a group, deliberately not one rank.
    assert "Chief Officer" in ranks
    assert vocabulary.resolve_rank("Chief Officer") is None
    unresolved = []
    for name in sorted(ranks - {"Chief Officer"}):
        match = vocabulary.resolve_rank(name)
        if match is None or match.detective:
            unresolved.append(name)
    assert unresolved == []


def test_stop_and_search_geographies_resolve(
    vocabulary: Vocabulary, shared_data: Path, read_records: ReadRecords
) -> None:
    rows = read_records(shared_data / "ethnicity-facts-stop-search/stop-and-search.csv")
    names = {row["Geography"] for row in rows if not row["Geography"].startswith("All - ")}
    assert len(names) == 44
    unresolved = sorted(name for name in names if vocabulary.resolve_force(name) is None)
    assert unresolved == []
    assert len({vocabulary.resolve_force(name) for name in names}) == len(names)


def test_street_crime_force_names_resolve_to_the_file_s_force(
    vocabulary: Vocabulary, shared_data: Path, read_records: ReadRecords
) -> None:
    for path in sorted((shared_data / "police-uk-street").glob("*-street.csv")):
        # data.police.uk names its downloads YYYY-MM-<force id>-street.csv
        police_uk_id = path.name[len("YYYY-MM-") : -len("-street.csv")]
        rows = read_records(path)
        names = {row["Reported by"] for row in rows} | {row["Falls within"] for row in rows}
        assert {vocabulary.resolve_force(name) for name in names} == {police_uk_id}


def test_police_uk_api_force_resolves_by_id_and_name(
    vocabulary: Vocabulary, shared_data: Path
) -> None:
    body = json.loads((shared_data / "police-uk-api-json/police-force.json").read_text())
    code = vocabulary.resolve_force(body["id"])
    assert code is not None
    assert vocabulary.resolve_force(body["name"]) == code
