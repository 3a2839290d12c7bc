"""Matching free text to codes: one normal form, and an index that refuses ambiguity."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Generic, TypeVar

from hub.standard.errors import CodeListError, Location

T = TypeVar("T")


def normalise(text: str) -> str:
    """The matching key of a name: case, accents, spaces and punctuation are dropped and `&`
    reads as `and`, so "Avon & Somerset" matches "avon and somerset" and "Det. Sgt" "DetSgt"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and ")).casefold()
    return "".join(char for char in decomposed if char.isalnum())


class TermIndex(Generic[T]):
    """Maps the normal form of every term to one value; a term that would mean two things fails."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[T, Location]] = {}

    def add(self, terms: Iterable[str], value: T, at: Location) -> None:
        for term in terms:
            self._add(term, value, at)

    def _add(self, term: str, value: T, at: Location) -> None:
        key = normalise(term)
        if not key:
            raise CodeListError(
                "CODELIST_BAD_VALUE", "term has no letters or digits", at=at, value=term
            )
        existing = self._entries.setdefault(key, (value, at))
        if existing[0] != value:
            message = f"term already means {existing[0]} (at {existing[1]}), here {value}"
            raise CodeListError("CODELIST_AMBIGUOUS_TERM", message, at=at, value=term)

    def freeze(self) -> Mapping[str, T]:
        return MappingProxyType({key: value for key, (value, _) in self._entries.items()})
