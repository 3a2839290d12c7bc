"""Snapshots of the SQL of representative plans: a change in a generated statement is reviewed.

Set HUB_UPDATE_SNAPSHOTS=1 to rewrite them after a deliberate change.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse
from sqlalchemy.dialects import postgresql, sqlite

from benchmarks.queries import Q1, Q2, Q3, Q4, Q5
from hub.plan import Decline
from hub.plan._compile import Compiler
from hub.schema import build_schema

SNAPSHOTS = Path(__file__).parent / "snapshots"
DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.asyncpg.dialect()}
SCHEMA = build_schema()


def _explain(query: str, dialect: str, variables: dict[str, Any] | None = None) -> str:
    operation = parse(query).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    compiler = Compiler(
        SCHEMA._schema,
        DIALECTS[dialect],
        {},
        officers_visible=True,
        page_default=20,
        variables=variables,
    )
    return compiler.compile(operation).explain() + "\n"


#: Q4 on its second page: a filter from variables and a cursor.
Q4_VARIABLES = {"force": "metropolitan", "capability": "PUBLIC_ORDER_L2", "after": "cursor"}


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
@pytest.mark.parametrize("name", ["Q1", "Q2", "Q3", "Q4", "Q5"])
def test_plan_snapshot(name: str, dialect: str) -> None:
    query = {"Q1": Q1, "Q2": Q2, "Q3": Q3, "Q4": Q4, "Q5": Q5}[name]
    text = _explain(query, dialect, Q4_VARIABLES if name == "Q4" else None)
    path = SNAPSHOTS / f"{name}.{dialect}.sql"
    if os.environ.get("HUB_UPDATE_SNAPSHOTS"):
        path.write_text(text)
    assert text == path.read_text()


@pytest.mark.parametrize(
    "query",
    [
        "{ forces { code } }",
        '{ officers(filter: {search: "Patel"}) { nodes { id } } }',
        "query ($o: MutualAidRequestOrder) { mutualAidRequests(orderBy: $o) { totalCount } }",
        "query ($x: Boolean!) { forces { code @include(if: $x) } }",
        "{ mutualAidRequests { nodes { raisedAt } } }",
        "mutation { __typename }",
    ],
)
def test_declines_what_it_does_not_cover(query: str) -> None:
    with pytest.raises(Decline):
        _explain(query, "sqlite")


def _plan(query: str, variables: dict[str, Any] | None = None) -> Any:
    operation = parse(query).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    compiler = Compiler(
        SCHEMA._schema,
        DIALECTS["sqlite"],
        {},
        officers_visible=True,
        page_default=20,
        variables=variables,
    )
    return compiler.compile(operation)


@pytest.mark.parametrize(
    ("query", "light"),
    [
        (Q1, True),  # one record by key, its force to-one
        ('{ force(code: "metropolitan") { code region { code } } }', True),
        ('{ a: force(code: "a") { code } b: location(code: "b") { name } }', True),
        ('{ node(id: "Rm9yY2U6YQ") { id } }', True),
        ('{ force(code: "a") { code } mutualAidRequests(first: 1) { nodes { status } } }', False),
        ('{ mutualAidRequest(reference: "R") { commitments { status } } }', False),
        (Q2, False),
        (Q3, False),
        (Q5, False),
        ("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", False),
    ],
)
def test_only_look_ups_by_key_are_light(query: str, light: bool) -> None:
    # A light plan runs on SQLite on the event loop's thread: a few index look-ups at most.
    assert _plan(query, {"ids": ["Rm9yY2U6YQ"]}).light is light
