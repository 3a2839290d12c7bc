"""Ranks (`ranks.csv`) and their detective forms (`detective-ranks.csv`).

A detective holds the same rank as a uniformed colleague, so a detective form resolves to the
rank's code with `detective=True`. Besides the names listed in `detective-ranks.csv`, every name
of a rank that has a detective form also resolves when written after "Detective", "Det" or the
prefix "D" ("Det Sgt", "Detective Chief Inspector", "DSupt", "D/Insp").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from hub.standard._csv import UPPER_SNAKE, Row, check_unique_codes, read_rows
from hub.standard._terms import TermIndex, normalise

RANK_COLUMNS = ("code", "label", "description", "seniority", "synonyms")
DETECTIVE_COLUMNS = ("code", "label", "description", "rank", "synonyms")
DETECTIVE_PREFIXES = ("Detective", "Det", "D")


@dataclass(frozen=True, slots=True)
class Rank:
    code: str
    label: str
    description: str
    seniority: int
    synonyms: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        """Everything that resolves to this rank."""
        return (self.code, self.label, *self.synonyms)


@dataclass(frozen=True, slots=True)
class RankMatch:
    code: str
    detective: bool

    def __str__(self) -> str:
        return f"{self.code} (detective)" if self.detective else self.code


def load_ranks(
    ranks_path: Path, detectives_path: Path
) -> tuple[tuple[Rank, ...], Mapping[str, RankMatch]]:
    """The ranks in file order, and the index from rank names (detective forms too) to matches."""
    rows = read_rows(ranks_path, RANK_COLUMNS)
    check_unique_codes(rows)
    index: TermIndex[RankMatch] = TermIndex()
    ranks: list[Rank] = []
    for row in rows:
        rank = _rank(row)
        index.add(rank.terms, RankMatch(rank.code, detective=False), row.at)
        ranks.append(rank)
    _add_detective_forms(detectives_path, {rank.code: rank for rank in ranks}, index)
    return tuple(ranks), index.freeze()


def _rank(row: Row) -> Rank:
    seniority = row.integer("seniority")
    if seniority is None:
        raise row.error("CODELIST_MISSING_VALUE", "column 'seniority' is empty", "")
    return Rank(
        code=row.code("code", UPPER_SNAKE),
        label=row.text("label"),
        description=row.text("description"),
        seniority=seniority,
        synonyms=row.terms("synonyms"),
    )


def _add_detective_forms(
    path: Path, ranks: Mapping[str, Rank], index: TermIndex[RankMatch]
) -> None:
    rows = read_rows(path, DETECTIVE_COLUMNS)
    check_unique_codes(rows)
    for row in rows:
        rank = ranks.get(row.text("rank"))
        if rank is None:
            raise row.error(
                "CODELIST_UNKNOWN_REFERENCE", "rank is not in ranks.csv", row.text("rank")
            )
        match = RankMatch(rank.code, detective=True)
        listed = (row.code("code", UPPER_SNAKE), row.text("label"), *row.terms("synonyms"))
        index.add((*listed, *_prefixed(rank.terms)), match, row.at)


def _prefixed(terms: Sequence[str]) -> tuple[str, ...]:
    return tuple(prefix + normalise(term) for prefix in DETECTIVE_PREFIXES for term in terms)
