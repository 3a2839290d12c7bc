"""Ranks: the spellings of legacy exports, detective forms and the Metropolitan Police titles."""

from __future__ import annotations

import pytest

from hub.standard import RankMatch, Vocabulary

CHIEF_OFFICER_EQUIVALENTS = [
    # (Metropolitan Police title, the equivalent rank elsewhere), as DOMAIN.md orders them.
    ("Commander", "ACC"),
    ("Deputy Assistant Commissioner", "DCC"),
    ("Assistant Commissioner", "CC"),
]


@pytest.mark.parametrize(
    ("text", "code", "detective"),
    [
        ("PC", "PC", False),
        ("Police Constable", "PC", False),
        ("Const", "PC", False),
        ("Constable", "PC", False),
        ("constable ", "PC", False),
        ("Sgt", "SGT", False),
        ("Sgt.", "SGT", False),
        ("Sergeant", "SGT", False),
        ("PS", "SGT", False),
        ("Insp", "INSP", False),
        ("Inspector", "INSP", False),
        ("CI", "CI", False),
        ("Ch Insp", "CI", False),
        ("Chief Inspector", "CI", False),
        ("Supt", "SUPT", False),
        ("Superintendent", "SUPT", False),
        ("Ch Supt", "CHSUPT", False),
        ("ChSupt", "CHSUPT", False),
        ("Chief Superintendent", "CHSUPT", False),
        ("ACC", "ACC", False),
        ("Assistant Chief Constable", "ACC", False),
        ("DCC", "DCC", False),
        ("Deputy Chief Constable", "DCC", False),
        ("CC", "CC", False),
        ("Chief Constable", "CC", False),
        ("DC", "PC", True),
        ("Detective Constable", "PC", True),
        ("Det Con", "PC", True),
        ("DS", "SGT", True),
        ("Det Sgt", "SGT", True),
        ("Det. Sgt", "SGT", True),
        ("det sgt", "SGT", True),
        ("Detective Sergeant", "SGT", True),
        ("DI", "INSP", True),
        ("Det Insp", "INSP", True),
        ("DCI", "CI", True),
        ("Det Ch Insp", "CI", True),
        ("Detective Chief Inspector", "CI", True),
        ("DSupt", "SUPT", True),
        ("Detective Superintendent", "SUPT", True),
        ("DChSupt", "CHSUPT", True),
        ("Det Ch Supt", "CHSUPT", True),
        ("Detective Chief Superintendent", "CHSUPT", True),
    ],
)
def test_resolve_rank(vocabulary: Vocabulary, text: str, code: str, detective: bool) -> None:
    assert vocabulary.resolve_rank(text) == RankMatch(code, detective)


@pytest.mark.parametrize(
    "text", ["", "Detective", "Det Chief Constable", "Detective Commander", "Admiral"]
)
def test_unknown_ranks_do_not_resolve(vocabulary: Vocabulary, text: str) -> None:
    assert vocabulary.resolve_rank(text) is None


@pytest.mark.parametrize(("title", "equivalent"), CHIEF_OFFICER_EQUIVALENTS)
def test_met_titles_have_their_own_codes_at_their_equivalents_seniority(
    vocabulary: Vocabulary, title: str, equivalent: str
) -> None:
    match = vocabulary.resolve_rank(title)
    assert match is not None and not match.detective
    assert match.code != equivalent
    ranks = {rank.code: rank for rank in vocabulary.ranks}
    assert ranks[match.code].label == title
    assert ranks[match.code].seniority == ranks[equivalent].seniority


def test_met_commissioners_outrank_every_chief_constable(vocabulary: Vocabulary) -> None:
    ranks = {rank.code: rank for rank in vocabulary.ranks}
    deputy = vocabulary.resolve_rank("Deputy Commissioner")
    commissioner = vocabulary.resolve_rank("Commissioner")
    assert deputy is not None and commissioner is not None
    assert ranks["CC"].seniority < ranks[deputy.code].seniority
    assert ranks[deputy.code].seniority < ranks[commissioner.code].seniority


def test_seniority_rises_from_constable_to_chief_constable(vocabulary: Vocabulary) -> None:
    ladder = ["PC", "SGT", "INSP", "CI", "SUPT", "CHSUPT", "ACC", "DCC", "CC"]
    ranks = {rank.code: rank for rank in vocabulary.ranks}
    seniorities = [ranks[code].seniority for code in ladder]
    assert seniorities == sorted(set(seniorities))


def test_every_rank_resolves_by_code_label_and_synonyms(vocabulary: Vocabulary) -> None:
    for rank in vocabulary.ranks:
        for name in (rank.code, rank.label, *rank.synonyms):
            assert vocabulary.resolve_rank(name) == RankMatch(rank.code, False), name
