"""Forces and the regions that group them (`forces.csv`, `regions.csv`)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hub.standard._csv import SLUG, Row, check_unique_codes, read_rows
from hub.standard._terms import TermIndex

FORCE_KINDS = ("territorial", "national")
COUNTRIES = ("england", "wales", "scotland", "northern-ireland", "great-britain", "uk")
REGION_COLUMNS = ("code", "label", "description", "country", "effective_from")
FORCE_COLUMNS = (
    "code",
    "name",
    "short_name",
    "kind",
    "country",
    "region",
    "police_uk_id",
    "ons_pfa_code",
    "officer_strength_fte",
    "aliases",
)


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    label: str
    description: str
    country: str
    effective_from: datetime.date


@dataclass(frozen=True, slots=True)
class Force:
    code: str
    name: str
    short_name: str
    kind: str
    country: str
    region: str
    police_uk_id: str | None
    ons_pfa_code: str | None
    officer_strength_fte: int | None
    aliases: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        """Everything that resolves to this force."""
        ids = (self.police_uk_id, self.ons_pfa_code)
        return (self.code, self.name, self.short_name, *self.aliases, *(i for i in ids if i))


def load_regions(path: Path) -> tuple[Region, ...]:
    rows = read_rows(path, REGION_COLUMNS)
    check_unique_codes(rows)
    return tuple(_region(row) for row in rows)


def _region(row: Row) -> Region:
    return Region(
        code=row.code("code", SLUG),
        label=row.text("label"),
        description=row.text("description"),
        country=row.choice("country", COUNTRIES),
        effective_from=row.date("effective_from"),
    )


def load_forces(
    path: Path, regions: Mapping[str, Region]
) -> tuple[tuple[Force, ...], Mapping[str, str]]:
    """The forces in file order, and the index from their names and ids to their codes."""
    rows = read_rows(path, FORCE_COLUMNS)
    check_unique_codes(rows)
    index: TermIndex[str] = TermIndex()
    forces: list[Force] = []
    for row in rows:
        force = _force(row)
        if force.region not in regions:
            raise row.error(
                "CODELIST_UNKNOWN_REFERENCE", "region is not in regions.csv", force.region
            )
        index.add(force.terms, force.code, row.at)
        forces.append(force)
    return tuple(forces), index.freeze()


def _force(row: Row) -> Force:
    return Force(
        code=row.code("code", SLUG),
        name=row.text("name"),
        short_name=row.text("short_name"),
        kind=row.choice("kind", FORCE_KINDS),
        country=row.choice("country", COUNTRIES),
        region=row.text("region"),
        police_uk_id=row.optional("police_uk_id"),
        ons_pfa_code=row.optional("ons_pfa_code"),
        officer_strength_fte=row.integer("officer_strength_fte"),
        aliases=row.terms("aliases"),
    )
