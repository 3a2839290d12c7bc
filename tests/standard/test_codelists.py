"""The code lists as published: their shape, their consistency and the loader's API."""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from pathlib import Path

import pytest

import hub.standard
from hub.standard import (
    AvailabilityStatus,
    BookingStatus,
    Capability,
    Classification,
    Code,
    CodeList,
    CommitmentStatus,
    DeploymentStatus,
    LocationType,
    Rank,
    Region,
    RequestStatus,
    ShiftType,
    TravelMode,
    Vocabulary,
    load_vocabulary,
)
from hub.standard.codelists import default_path

CODELISTS = Path(__file__).resolve().parents[2] / "standards" / "codelists"
NATIONAL_FORCES = {"btp", "cnc", "mdp"}
OTHER_UK_FORCES = {"police-scotland", "psni"}


def test_public_names_are_pinned() -> None:
    assert sorted(hub.standard.__all__) == [
        "AvailabilityStatus",
        "BookingStatus",
        "Capability",
        "Classification",
        "Code",
        "CodeList",
        "CodeListError",
        "CommitmentStatus",
        "DeploymentStatus",
        "Force",
        "LocationType",
        "Rank",
        "RankMatch",
        "Region",
        "RequestStatus",
        "ResourceUnit",
        "ShiftType",
        "TravelMode",
        "Vocabulary",
        "load_vocabulary",
    ]


def test_default_path_is_the_repository_folder() -> None:
    assert default_path() == CODELISTS


def test_default_load_is_cached_and_explicit_path_is_fresh() -> None:
    assert load_vocabulary() is load_vocabulary()
    assert load_vocabulary(CODELISTS) is not load_vocabulary()


@pytest.mark.parametrize("path", sorted(CODELISTS.glob("*.csv")), ids=lambda path: path.name)
def test_files_are_plain_utf8_with_lf_and_minimal_quoting(path: Path) -> None:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte order mark"
    assert b"\r" not in raw, "LF line endings only"
    text = raw.decode("utf-8")
    assert text.endswith("\n")
    rewritten = io.StringIO()
    csv.writer(rewritten, lineterminator="\n").writerows(csv.reader(io.StringIO(text)))
    assert rewritten.getvalue() == text


def test_every_entry_has_a_label_and_a_one_sentence_description(vocabulary: Vocabulary) -> None:
    entries: list[Region | Rank | Capability | Code] = [
        *vocabulary.regions,
        *vocabulary.ranks,
        *vocabulary.capabilities,
        *(code for codes in _simple_lists(vocabulary).values() for code in codes),
    ]
    for entry in entries:
        assert entry.label.strip() == entry.label != "", entry
        assert entry.description.endswith("."), entry
        assert entry.description.count(". ") == 0, f"more than one sentence: {entry}"


def test_there_are_48_forces_43_of_them_territorial_in_england_and_wales(
    vocabulary: Vocabulary,
) -> None:
    assert len(vocabulary.forces) == 48
    england_and_wales = [
        force
        for force in vocabulary.forces
        if force.kind == "territorial" and force.country in {"england", "wales"}
    ]
    assert len(england_and_wales) == 43
    codes = {force.code for force in vocabulary.forces}
    assert codes >= NATIONAL_FORCES | OTHER_UK_FORCES
    assert {force.code for force in vocabulary.forces if force.kind == "national"} == (
        NATIONAL_FORCES
    )


def test_forces_of_england_and_wales_have_both_codes(vocabulary: Vocabulary) -> None:
    for force in vocabulary.forces:
        in_england_or_wales = force.kind == "territorial" and force.country in {"england", "wales"}
        assert (force.ons_pfa_code is not None) == in_england_or_wales, force.code
        if force.ons_pfa_code is not None:
            prefix = "E23" if force.country == "england" else "W15"
            assert force.ons_pfa_code.startswith(prefix), force.code
        if force.police_uk_id is not None:
            assert force.code == force.police_uk_id


def test_every_force_region_exists_and_every_region_is_used(vocabulary: Vocabulary) -> None:
    used = {force.region for force in vocabulary.forces}
    assert used == {region.code for region in vocabulary.regions}
    for force in vocabulary.forces:
        assert vocabulary.region(force.region).code == force.region


def test_territorial_forces_share_their_regions_country(vocabulary: Vocabulary) -> None:
    for force in vocabulary.forces:
        if force.kind == "territorial":
            assert vocabulary.region(force.region).country == force.country, force.code


def test_force_and_region_lookups_raise_key_error_for_unknown_codes(
    vocabulary: Vocabulary,
) -> None:
    assert vocabulary.force("greater-manchester").short_name == "Greater Manchester"
    with pytest.raises(KeyError):
        vocabulary.force("atlantis")
    with pytest.raises(KeyError):
        vocabulary.region("atlantis")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("greater-manchester", "greater-manchester"),
        ("GMP", "greater-manchester"),
        ("  greater   MANCHESTER police ", "greater-manchester"),
        ("Avon & Somerset", "avon-and-somerset"),
        ("Avon and Somerset", "avon-and-somerset"),
        ("London, City of", "city-of-london"),
        ("Dyfed Powys", "dyfed-powys"),
        ("Metropolitan Police", "metropolitan"),
        ("Metropolitan Police Service", "metropolitan"),
        ("MPS", "metropolitan"),
        ("Met", "metropolitan"),
        ("E23000005", "greater-manchester"),
        ("w15000004", "dyfed-powys"),
        ("Police Service of Northern Ireland", "psni"),
        ("PSNI", "psni"),
        ("Police Scotland", "police-scotland"),
        ("BTP", "btp"),
        ("British Transport Police", "btp"),
        ("CNC", "cnc"),
        ("Civil Nuclear Constabulary", "cnc"),
        ("MDP", "mdp"),
        ("Ministry of Defence Police", "mdp"),
        ("Atlantis Constabulary", None),
        ("", None),
    ],
)
def test_resolve_force(vocabulary: Vocabulary, text: str, expected: str | None) -> None:
    assert vocabulary.resolve_force(text) == expected


def test_every_name_of_a_force_resolves_to_it(vocabulary: Vocabulary) -> None:
    for force in vocabulary.forces:
        names = [force.code, force.name, force.short_name, *force.aliases]
        names += [code for code in (force.police_uk_id, force.ons_pfa_code) if code]
        for name in names:
            assert vocabulary.resolve_force(name) == force.code, name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PUBLIC_ORDER_L2", "PUBLIC_ORDER_L2"),
        ("public order level 2", "PUBLIC_ORDER_L2"),
        ("Level 2", "PUBLIC_ORDER_L2"),
        ("AFO", "FIREARMS_AFO"),
        ("ARV", "FIREARMS_ARV"),
        ("PolSA", "SEARCH_POLSA"),
        ("CBRN", "CBRN"),
        ("PLT", "POLICE_LIAISON_TEAM"),
        ("Protestor removal", "PROTESTER_REMOVAL"),
        ("FLO", "FAMILY_LIAISON"),
        ("juggling", None),
    ],
)
def test_resolve_capability(vocabulary: Vocabulary, text: str, expected: str | None) -> None:
    assert vocabulary.resolve_capability(text) == expected


def test_capabilities_cover_what_mutual_aid_requests_ask_for(vocabulary: Vocabulary) -> None:
    asked_for = [
        "Public order level 1",
        "Public order level 3",
        "Public order bronze commander",
        "Public order silver commander",
        "Public order gold commander",
        "Rifle team",
        "Search team",
        "Mounted",
        "Dog handler",
        "Marine",
        "Evidence gatherer",
        "Method of entry",
        "Negotiator",
        "PSU driver",
    ]
    assert [name for name in asked_for if vocabulary.resolve_capability(name) is None] == []
    assert 20 <= len(vocabulary.capabilities) <= 35


ENUMS: list[tuple[type[StrEnum], str]] = [
    (RequestStatus, "request_statuses"),
    (CommitmentStatus, "commitment_statuses"),
    (DeploymentStatus, "deployment_statuses"),
    (LocationType, "location_types"),
    (TravelMode, "travel_modes"),
    (BookingStatus, "booking_statuses"),
    (ShiftType, "shift_types"),
    (AvailabilityStatus, "availability_statuses"),
    (Classification, "classifications"),
]


@pytest.mark.parametrize(("enum", "attribute"), ENUMS, ids=[name for _, name in ENUMS])
def test_enum_values_are_the_csv_codes_in_order(
    vocabulary: Vocabulary, enum: type[StrEnum], attribute: str
) -> None:
    codes: CodeList = getattr(vocabulary, attribute)
    assert tuple(member.value for member in enum) == codes.codes()
    assert all(member.name == member.value for member in enum)


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        (
            "request_statuses",
            "DRAFT SUBMITTED PARTIALLY_FILLED FILLED CONFIRMED IN_PROGRESS COMPLETED CANCELLED",
        ),
        ("commitment_statuses", "OFFERED ACCEPTED DECLINED WITHDRAWN RELEASED"),
        ("deployment_statuses", "PLANNED ON_DUTY STOOD_DOWN COMPLETED CANCELLED"),
        ("booking_statuses", "PROVISIONAL CONFIRMED CANCELLED"),
        ("shift_types", "DAY LATE NIGHT"),
        ("travel_modes", "COACH MINIBUS POLICE_VEHICLE TRAIN AIR FERRY OTHER"),
    ],
)
def test_fixed_lists_hold_exactly_the_agreed_codes(
    vocabulary: Vocabulary, attribute: str, expected: str
) -> None:
    assert getattr(vocabulary, attribute).codes() == tuple(expected.split())


def test_shift_descriptions_give_times(vocabulary: Vocabulary) -> None:
    for shift in vocabulary.shift_types:
        assert shift.description.count(":") >= 2, shift.code


def test_code_list_behaves_like_an_ordered_mapping(vocabulary: Vocabulary) -> None:
    statuses = vocabulary.request_statuses
    assert statuses.name == "request-statuses"
    assert len(statuses) == len(list(statuses)) == len(statuses.codes())
    assert [code.code for code in statuses] == list(statuses.codes())
    assert "DRAFT" in statuses
    assert "draft" not in statuses
    assert 3 not in statuses
    assert statuses["DRAFT"].code == "DRAFT"
    with pytest.raises(KeyError):
        statuses["NOPE"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PARTIALLY_FILLED", "PARTIALLY_FILLED"),
        ("partially filled", "PARTIALLY_FILLED"),
        ("Partially-Filled", "PARTIALLY_FILLED"),
        ("  In progress. ", "IN_PROGRESS"),
        ("in_progress", "IN_PROGRESS"),
        ("", None),
        ("lost", None),
    ],
)
def test_code_list_resolve(vocabulary: Vocabulary, text: str, expected: str | None) -> None:
    assert vocabulary.request_statuses.resolve(text) == expected


def _simple_lists(vocabulary: Vocabulary) -> dict[str, CodeList]:
    return {attribute: getattr(vocabulary, attribute) for _, attribute in ENUMS}
