"""The code-list part of the data dictionary, taken from the vocabulary (`standards/codelists`)."""

from __future__ import annotations

from hub.schema.publish_markdown import code, section, table
from hub.standard import CodeList, Vocabulary

INTRO = (
    "The code lists are published as CSV files in [`codelists/`](codelists/). The hub resolves a "
    "code, a name or any listed synonym (matched without regard to case, spaces or punctuation) "
    "to the code, so a legacy export may use the words its force uses."
)


def codelists_section(vocabulary: Vocabulary) -> str:
    """One section per code list: forces, regions, ranks, capabilities, then the simple lists."""
    simple = (
        vocabulary.availability_statuses,
        vocabulary.booking_statuses,
        vocabulary.classifications,
        vocabulary.commitment_statuses,
        vocabulary.deployment_statuses,
        vocabulary.location_types,
        vocabulary.request_statuses,
        vocabulary.shift_types,
        vocabulary.travel_modes,
    )
    return section(
        "Code lists",
        2,
        INTRO,
        _forces(vocabulary),
        _regions(vocabulary),
        _ranks(vocabulary),
        _capabilities(vocabulary),
        _resource_units(vocabulary),
        *(_simple(codes) for codes in sorted(simple, key=lambda codes: codes.name)),
    )


def _forces(vocabulary: Vocabulary) -> str:
    rows = (
        (
            code(force.code),
            force.name,
            code(force.region),
            code(force.police_uk_id or ""),
            code(force.ons_pfa_code or ""),
        )
        for force in sorted(vocabulary.forces, key=lambda force: force.code)
    )
    header = ("Code", "Name", "Region", "police.uk id", "ONS code")
    intro = (
        "`forces.csv`, by code. The police.uk id is the force's id in the data.police.uk API; "
        "the ONS code is its police force area code."
    )
    return section("Forces", 3, intro, table(header, rows))


def _regions(vocabulary: Vocabulary) -> str:
    rows = (
        (code(region.code), region.label, region.country, region.description)
        for region in sorted(vocabulary.regions, key=lambda region: region.code)
    )
    table_ = table(("Code", "Name", "Country", "Description"), rows)
    return section("Regions", 3, "`regions.csv`, by code.", table_)


def _ranks(vocabulary: Vocabulary) -> str:
    ranks = sorted(vocabulary.ranks, key=lambda rank: (rank.seniority, rank.code))
    rows = (
        (code(rank.code), rank.label, str(rank.seniority), _list(rank.synonyms), rank.description)
        for rank in ranks
    )
    intro = (
        "`ranks.csv`, from the most junior. A detective holds the same rank as a uniformed "
        'colleague: "DS", "Det Sgt" or "Detective Sergeant" resolve to `SGT` '
        "(`detective-ranks.csv`)."
    )
    header = ("Code", "Name", "Seniority", "Synonyms", "Description")
    return section("Ranks", 3, intro, table(header, rows))


def _capabilities(vocabulary: Vocabulary) -> str:
    capabilities = sorted(vocabulary.capabilities, key=lambda capability: capability.code)
    rows = (
        (
            code(capability.code),
            capability.label,
            code(capability.category),
            _list(capability.synonyms),
            capability.description,
        )
        for capability in capabilities
    )
    header = ("Code", "Name", "Category", "Synonyms", "Description")
    return section("Capabilities", 3, "`capabilities.csv`, by code.", table(header, rows))


def _resource_units(vocabulary: Vocabulary) -> str:
    rows = (
        (
            code(unit.code),
            unit.label,
            str(unit.officers),
            unit.composition,
            _list(unit.synonyms),
            unit.source,
        )
        for unit in vocabulary.resource_units
    )
    intro = (
        "`resource-units.csv`, in its published order: what a request's quantity counts, and "
        "how many officers one of each unit is (its officer equivalent). Figures compare officers."
    )
    header = ("Code", "Name", "Officers", "Made up of", "Synonyms", "Source")
    return section("Resource units", 3, intro, table(header, rows))


def _simple(codes: CodeList) -> str:
    rows = (
        (code(entry.code), entry.label, _list(entry.synonyms), entry.description) for entry in codes
    )
    title = codes.name.replace("-", " ").capitalize()
    intro = f"`{codes.name}.csv`, in its published order."
    return section(title, 3, intro, table(("Code", "Name", "Synonyms", "Description"), rows))


def _list(values: tuple[str, ...]) -> str:
    return ", ".join(values)
