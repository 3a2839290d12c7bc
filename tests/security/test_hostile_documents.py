"""Documents built to make the checks before execution slow, sent to a real `hub serve`:
each is answered with a stable code, and the server keeps answering others meanwhile."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from hub.config import Settings
from tests.client import graph_client
from tests.security.served import Served, error_codes, served_hub


def fragment_chain(levels: int) -> str:
    """Fragments that spread the next one twice, `levels` deep (about 1 KB for 25)."""
    fragments = " ".join(
        f"fragment A{i} on Region {{ code ...A{i + 1} ...A{i + 1} }}" for i in range(levels - 1)
    )
    return f"{{ regions {{ ...A0 }} }} {fragments} fragment A{levels - 1} on Region {{ code }}"


def fragment_lattice(fragments: int, fields: int) -> str:
    """Fragments spread side by side whose fields all merge: costly to validate (graphql-core
    spends seconds comparing them with its default budget), though small and shallow."""
    definitions = " ".join(
        f"fragment F{i} on Region {{ " + "forces { code } " * fields + "}" for i in range(fragments)
    )
    spreads = " ".join(f"...F{i}" for i in range(fragments))
    return f"{{ regions {{ {spreads} }} }} {definitions}"


CASES: dict[str, tuple[str, set[str]]] = {
    "fragments spreading the next twice": (fragment_chain(25), {"EXPANSION_LIMIT_EXCEEDED"}),
    "a field 1,500 times": ("{ regions { " + "code " * 1_500 + "} }", {"SELECTION_SET_TOO_LARGE"}),
    "a root field 400 times": (
        "{ " + "regions { code } " * 400 + "}",
        {"SELECTION_SET_TOO_LARGE"},
    ),
    "fragments whose fields all merge": (
        fragment_lattice(30, 12),
        {"VALIDATION_ABORTED", "PREPARATION_TIMEOUT"},
    ),
    "ofType 600 deep": (
        '{ __type(name: "Query") { ' + "ofType { " * 600 + "name" + " }" * 600 + " } }",
        {"GRAPHQL_PARSE_FAILED"},  # graphql-core: "Document is nested too deeply"
    ),
    "inline fragments 380 deep": (
        "{ " + "... on Query { " * 380 + "__typename" + " }" * 380 + " }",
        {"GRAPHQL_PARSE_FAILED"},
    ),
    "a fragment cycle": (
        "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
        {"GRAPHQL_VALIDATION_FAILED"},
    ),
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served_hub(tmp_path_factory.mktemp("hostile")) as hub:
        yield hub


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_document_gets_a_stable_code(served: Served, case: str) -> None:
    query, expected = CASES[case]
    response = served.post("stakeholder", {"query": query})
    codes = error_codes(response)
    assert codes and set(codes) <= expected, response.text
    assert "data" not in response.json()


def test_the_fragment_chain_is_refused_quickly_while_healthz_answers(served: Served) -> None:
    """The issue's ~1 KB document froze a server for minutes; now it is refused within the
    2 s budget of the checks before execution, and /healthz answers alongside."""
    query = fragment_chain(25)
    assert len(query) < 1_200
    served.post("stakeholder", {"query": "{ regions { code } }"})  # warm up
    with ThreadPoolExecutor(max_workers=2) as pool:
        refused = pool.submit(served.post, "stakeholder", {"query": query}, timeout=2.0)
        health = pool.submit(httpx.get, served.url + "/healthz", timeout=10.0)
        assert error_codes(refused.result()) == ["EXPANSION_LIMIT_EXCEEDED"]
        assert health.result().status_code == 200


def test_the_limits_still_admit_what_the_docs_show(served: Served) -> None:
    """The GraphiQL examples and the full introspection query pass every new limit."""
    from graphql import get_introspection_query

    from hub.schema.examples import EXAMPLES

    introspection = get_introspection_query(True, True, True, True, True)
    for name, query in [*EXAMPLES.items(), ("introspection", introspection)]:
        body = {"query": query, "operationName": name if name in EXAMPLES else None}
        response = served.post("coordinator", body)
        assert response.status_code == 200, (name, response.text)
        assert "errors" not in response.json(), (name, response.text)


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_server_is_still_up_after_the_hostile_documents(served: Served, path: str) -> None:
    for query, _ in CASES.values():
        served.post("coordinator", {"query": query})
    assert httpx.get(served.url + path, timeout=10.0).status_code == 200


async def test_checks_over_the_preparation_budget_are_refused(settings: Settings) -> None:
    """A document whose validation takes longer than `HUB_MAX_PREPARATION_MS` is refused with
    PREPARATION_TIMEOUT (validation runs off the event loop, so the hub stops waiting)."""
    from hub.store import create_engine, upgrade

    engine = create_engine(settings)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    tight = settings.model_copy(update={"max_preparation_ms": 1})
    async with graph_client(tight, role="stakeholder") as graph:
        # Spent mostly in graphql-core's validation, which the 1 ms budget cannot cover.
        response = await graph.post(fragment_lattice(20, 12))
    assert error_codes(response) == ["PREPARATION_TIMEOUT"]
