"""Resource units: what a request counts in (`resource-units.csv`), each worth some officers.

A request asks for a quantity of one unit ("2 PSUs"); the unit's officer equivalent turns it
into officers, so that every figure compares officers with officers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hub.standard._csv import UPPER_SNAKE, Row, check_unique_codes, read_rows
from hub.standard._terms import TermIndex
from hub.standard.errors import CodeListError, Location

COLUMNS = ("code", "label", "description", "officers", "composition", "source", "synonyms")
#: The unit of a request that names none, and of every figure.
OFFICER = "OFFICER"


@dataclass(frozen=True, slots=True)
class ResourceUnit:
    """One unit a request may count in, and how many officers one of it is."""

    code: str
    label: str
    description: str
    officers: int
    composition: str
    source: str
    synonyms: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        """Everything that resolves to this unit."""
        return (self.code, self.label, *self.synonyms)


def load_resource_units(path: Path) -> tuple[tuple[ResourceUnit, ...], Mapping[str, str]]:
    """The units in file order, and the index from their names to their codes."""
    rows = read_rows(path, COLUMNS)
    check_unique_codes(rows)
    index: TermIndex[str] = TermIndex()
    units: list[ResourceUnit] = []
    for row in rows:
        unit = _unit(row)
        index.add(unit.terms, unit.code, row.at)
        units.append(unit)
    if OFFICER not in {unit.code for unit in units}:
        raise CodeListError(
            "CODELIST_MISSING_VALUE",
            f"the list has no {OFFICER} unit",
            at=Location(path),
            value=OFFICER,
        )
    return tuple(units), index.freeze()


def _unit(row: Row) -> ResourceUnit:
    officers = row.integer("officers")
    if not officers:
        raise row.error("CODELIST_BAD_VALUE", "column 'officers' must be at least 1", "0")
    code = row.code("code", UPPER_SNAKE)
    if code == OFFICER and officers != 1:
        raise row.error("CODELIST_BAD_VALUE", "an OFFICER is one officer", str(officers))
    return ResourceUnit(
        code=code,
        label=row.text("label"),
        description=row.text("description"),
        officers=officers,
        composition=row.text("composition"),
        source=row.text("source"),
        synonyms=row.terms("synonyms"),
    )
