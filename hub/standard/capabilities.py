"""Capabilities: the skills and roles a mutual aid request asks for (`capabilities.csv`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hub.standard._csv import SLUG, UPPER_SNAKE, Row, check_unique_codes, read_rows
from hub.standard._terms import TermIndex

COLUMNS = ("code", "label", "description", "category", "synonyms")


@dataclass(frozen=True, slots=True)
class Capability:
    code: str
    label: str
    description: str
    category: str
    synonyms: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        """Everything that resolves to this capability."""
        return (self.code, self.label, *self.synonyms)


def load_capabilities(path: Path) -> tuple[tuple[Capability, ...], Mapping[str, str]]:
    """The capabilities in file order, and the index from their names to their codes."""
    rows = read_rows(path, COLUMNS)
    check_unique_codes(rows)
    index: TermIndex[str] = TermIndex()
    capabilities: list[Capability] = []
    for row in rows:
        capability = _capability(row)
        index.add(capability.terms, capability.code, row.at)
        capabilities.append(capability)
    return tuple(capabilities), index.freeze()


def _capability(row: Row) -> Capability:
    return Capability(
        code=row.code("code", UPPER_SNAKE),
        label=row.text("label"),
        description=row.text("description"),
        category=row.code("category", SLUG),
        synonyms=row.terms("synonyms"),
    )
