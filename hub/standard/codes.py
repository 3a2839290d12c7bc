"""Simple code lists: `code,label,description` files such as the status lists."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from hub.standard._csv import UPPER_SNAKE, Row, check_unique_codes, read_rows
from hub.standard._terms import TermIndex, normalise
from hub.standard.errors import CodeListError, Location

COLUMNS = ("code", "label", "description")


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of a simple code list."""

    code: str
    label: str
    description: str
    synonyms: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """Everything that resolves to this code."""
        return (self.code, self.label, *self.synonyms)


class CodeList:
    """An immutable, ordered code list that resolves codes, labels and synonyms."""

    __slots__ = ("_by_code", "_name", "_terms")

    def __init__(self, name: str, codes: Iterable[Code]) -> None:
        by_code: dict[str, Code] = {}
        index: TermIndex[str] = TermIndex()
        for entry in codes:
            at = Location(name)
            if entry.code in by_code:
                raise CodeListError(
                    "CODELIST_DUPLICATE_CODE", "code listed twice", at=at, value=entry.code
                )
            by_code[entry.code] = entry
            index.add(entry.terms, entry.code, at)
        self._name = name
        self._by_code: Mapping[str, Code] = MappingProxyType(by_code)
        self._terms = index.freeze()

    @property
    def name(self) -> str:
        return self._name

    def __iter__(self) -> Iterator[Code]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> Code:
        return self._by_code[code]

    def __repr__(self) -> str:
        return f"CodeList({self._name!r}, {len(self)} codes)"

    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def resolve(self, text: str) -> str | None:
        """The code that `text` names (a code, label or synonym, matched loosely), or None."""
        return self._terms.get(normalise(text))


def load_code_list(path: Path, name: str) -> CodeList:
    rows = read_rows(path, COLUMNS, optional=("synonyms",))
    check_unique_codes(rows)
    index: TermIndex[str] = TermIndex()
    codes: list[Code] = []
    for row in rows:
        entry = _code(row)
        index.add(entry.terms, entry.code, row.at)
        codes.append(entry)
    return CodeList(name, codes)


def _code(row: Row) -> Code:
    return Code(
        code=row.code("code", UPPER_SNAKE),
        label=row.text("label"),
        description=row.text("description"),
        synonyms=row.terms("synonyms"),
    )
