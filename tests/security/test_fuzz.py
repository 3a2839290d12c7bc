"""A fuzzer against a real `hub serve`: queries and mutations generated from the hub's own
schema by hypothesis-graphql (valid ones, and ones that break the schema), sent with the keys
of several roles. Whatever arrives, the hub answers with coded JSON: never a 5xx, never an
INTERNAL_SERVER_ERROR (an unexpected exception behind the mask).

It runs on SQLite and on PostgreSQL (60 examples each). The examples are derandomized, so a
run in CI is repeatable; `HUB_FUZZ_EXAMPLES` asks for more (for a long run by hand, with
`HUB_FUZZ_SEED` to explore other examples).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from datetime import UTC
from typing import Any

import graphql
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes
from sqlalchemy.exc import DBAPIError

from hub.schema import build_schema
from tests.postgres import empty_postgres, postgres_url
from tests.security.served import Served, error_codes, served_hub

EXAMPLES = int(os.environ.get("HUB_FUZZ_EXAMPLES", "60"))
SEED = int(os.environ.get("HUB_FUZZ_SEED", "0"))
CALLERS = ["coordinator", "partner-host", "partner-donor", "ingest", "stakeholder"]
SCHEMA = build_schema()._schema
ENTITY_TYPES = ["Officer", "Force", "Region", "MutualAidRequest", "Deployment", "Nope", "Query"]
KEY_NAMES = ["id", "code", "reference", "force", "serviceNumber"]


def _field(name: str, value: graphql.ValueNode) -> graphql.ObjectFieldNode:
    return graphql.ObjectFieldNode(name=graphql.NameNode(value=name), value=value)


def _text() -> st.SearchStrategy[graphql.ValueNode]:
    return st.text(max_size=40).map(nodes.String)


@st.composite
def representations(draw: st.DrawFn) -> graphql.ValueNode:
    """Federation representations: mostly of entity types, with keys right or wrong."""
    fields = [_field("__typename", nodes.String(draw(st.sampled_from(ENTITY_TYPES))))]
    for name in draw(st.lists(st.sampled_from(KEY_NAMES), unique=True, max_size=3)):
        fields.append(_field(name, draw(st.one_of(_text(), st.integers().map(nodes.Int)))))
    return nodes.Object(fields)


SCALARS: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
    "Date": st.one_of(st.dates().map(lambda d: nodes.String(d.isoformat())), _text()),
    "DateTime": st.one_of(
        st.datetimes(timezones=st.just(UTC)).map(lambda d: nodes.String(d.isoformat())),
        _text(),
    ),
    "Decimal": st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, places=2).map(nodes.String), _text()
    ),
    "_Any": representations(),
    "_FieldSet": _text(),
    "link__Import": _text(),
}


def _documents(mode: Mode, fields: list[str] | None = None) -> st.SearchStrategy[Any]:
    return from_schema(SCHEMA, custom_scalars=SCALARS, mode=mode, fields=fields)


DOCUMENTS = st.one_of(
    _documents(Mode.POSITIVE),
    _documents(Mode.NEGATIVE),
)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    database_url = None
    if request.param == "postgres":
        database_url = postgres_url()
        try:
            asyncio.run(empty_postgres(database_url))
        except (OSError, DBAPIError) as error:
            reason = f"PostgreSQL at {database_url} is unreachable: {error}"
            if os.environ.get("HUB_REQUIRE_POSTGRES") == "1":
                pytest.fail(reason)
            pytest.skip(reason)
    with served_hub(tmp_path_factory.mktemp("fuzz"), database_url) as hub:
        yield hub


@seed(SEED)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=SEED == 0,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(document=DOCUMENTS, caller=st.sampled_from(CALLERS), purpose=st.booleans())
def test_fuzzed_requests_get_coded_answers(
    served: Served, document: str, caller: str, purpose: bool
) -> None:
    response = served.post(
        caller, {"query": document}, purpose="FUZZ: hostile test" if purpose else None
    )
    codes = error_codes(response)
    assert "INTERNAL_SERVER_ERROR" not in codes, (document, response.text)
