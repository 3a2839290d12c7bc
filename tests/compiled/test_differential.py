"""The compiled path answers exactly as the general path (the referee) does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse, print_ast
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from benchmarks.queries import Q1, Q2, Q5
from hub.plan import PATH_HEADER
from hub.schema import build_schema
from hub.schema.examples import EXAMPLES
from tests.client import Graph, auth_headers
from tests.compiled.generated import documents
from tests.compiled.harness import both, driver_statements

SCHEMA = build_schema()

#: Documents that must compile (and agree).
COMPILED = {
    "Q2": Q2,
    "page": """{ mutualAidRequests(first: 3, orderBy: {field: QUANTITY, direction: DESC}) {
        totalCount edges { cursor node { __typename id reference quantity } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }""",
    "aliases": """query A { a: mutualAidRequests(first: 2) { nodes { ...R } }
        b: mutualAidRequests { nodes { reference r2: reference } } }
        fragment R on MutualAidRequest { reference status @include(if: true) id @skip(if: true)
          capability { code } operation { code name } location { code } }""",
    "empty page": "{ officers(first: 0) { nodes { id } pageInfo { hasNextPage endCursor } } }",
    "officers": """{ officers(first: 5, orderBy: {field: RANK}) { totalCount nodes {
        id detective rank { code label seniority __typename } force { code region { code } }
        capabilities { code } deployments(first: 2) { dutyDate status } } } }""",
    "deployments": """{ deployments(first: 4) { nodes { id dutyDate status
        officer { id } dutyUnit { reference } location { name } } } }""",
    "operations": "{ operations { nodes { code name startsOn endsOn leadForce { code } } } }",
    "force": '{ force(code: "metropolitan") { code name shortName kind region { code } } }',
    "missing": '{ mutualAidRequest(reference: "NOPE") { reference } }',
}


async def _references(graph: Graph) -> list[str]:
    data = await graph.data("{ mutualAidRequests(first: 3) { nodes { reference } } }")
    return [node["reference"] for node in data["mutualAidRequests"]["nodes"]]


async def _officer_ids(graph: Graph) -> list[str]:
    data = await graph.data("{ officers(first: 3) { nodes { id } } }")
    return [node["id"] for node in data["officers"]["nodes"]]


@pytest.mark.parametrize("name", sorted(COMPILED))
async def test_compiled_documents_agree(graph: Graph, name: str) -> None:
    result = await both(graph, COMPILED[name])
    assert result.compiled == result.general
    assert result.compiled_path, result.statements


async def test_q1_by_reference(graph: Graph) -> None:
    for reference in [*await _references(graph), "missing"]:
        result = await both(graph, Q1, {"reference": reference})
        assert result.compiled == result.general
        assert result.compiled_path


async def test_q5_entities(graph: Graph) -> None:
    ids: list[Any] = await _officer_ids(graph)
    ids += ["bm90LWFuLWlk", ids[0]]
    representations = [{"__typename": "Officer", "id": i} for i in ids]
    result = await both(graph, Q5, {"representations": representations})
    assert result.compiled == result.general
    assert result.compiled_path


@pytest.mark.parametrize("name", sorted(EXAMPLES))
async def test_examples_agree(graph: Graph, name: str) -> None:
    result = await both(graph, EXAMPLES[name])
    assert result.compiled == result.general
    assert result.compiled_status == result.general_status


ROLES = ["coordinator", "partner", "stakeholder", "ingest"]


async def _headers(graph: Graph, role: str) -> dict[str, str]:
    if role == "coordinator":
        return dict(graph.headers)
    force = "metropolitan" if role in ("partner", "ingest") else None
    return auth_headers(await graph.key(role, force))


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_gets_the_same_answer(graph: Graph, role: str) -> None:
    headers = await _headers(graph, role)
    documents = [*COMPILED.values(), *EXAMPLES.values()]
    for document in documents:
        result = await both(graph, document, headers=headers)
        assert result.compiled == result.general, document
        assert result.compiled_status == result.general_status, document
        assert result.compiled_audit == result.general_audit, document
    ids = await _officer_ids(graph)
    representations = [{"__typename": "Officer", "id": i} for i in ids]
    result = await both(graph, Q5, {"representations": representations}, headers=headers)
    assert result.compiled == result.general
    assert result.compiled_path is (role == "coordinator")


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_generated_documents_agree(graph: Graph, data: st.DataObject) -> None:
    document = data.draw(documents(SCHEMA._schema))
    role = data.draw(st.sampled_from(["coordinator", "partner", "stakeholder"]))
    headers = graph.headers if role == "coordinator" else await _headers(graph, role)
    result = await both(graph, document, headers=headers)
    event("compiled" if result.compiled_path else "general")
    assert result.compiled == result.general, document
    assert result.compiled_status == result.general_status, document
    assert result.compiled_audit == result.general_audit, document


async def test_a_compiled_read_is_one_statement_and_none_for_security(graph: Graph) -> None:
    variables = {"reference": (await _references(graph))[0]}
    await graph.post(Q1, variables)  # the key is checked once, then remembered
    security_engine = graph.app.state.security_engine
    async with (
        driver_statements(graph.engine) as reads,
        driver_statements(security_engine) as security,
    ):
        response = await graph.post(Q1, variables)
    assert response.json()["data"]["mutualAidRequest"]["reference"] == variables["reference"]
    assert len(reads) == 1 and reads[0].startswith(("SELECT json", "SELECT CAST(json")), reads
    assert security == []


async def test_coordinators_see_which_path_answered(graph: Graph) -> None:
    document = COMPILED["force"]
    compiled = await graph.post(document)
    general = await graph.post(document, headers={**graph.headers, PATH_HEADER: "general"})
    partner = await graph.post(
        document, headers=auth_headers(await graph.key("partner", "metropolitan"))
    )
    assert compiled.headers[PATH_HEADER] == "compiled"
    assert general.headers[PATH_HEADER] == "general"
    assert PATH_HEADER not in partner.headers
    assert compiled.json() == general.json() == partner.json()


DASHBOARD = {
    path.stem: path.read_text(encoding="utf-8")
    for path in sorted((Path(__file__).parents[2] / "dashboard" / "documents").glob("*.graphql"))
}
#: A value for each required variable type the dashboard's documents declare.
SAMPLE_VALUES = {"String!": "COP26", "Int!": 5, "ID!": "bm90LWFuLWlk"}


@pytest.mark.parametrize("name", sorted(DASHBOARD))
async def test_dashboard_documents_agree(graph: Graph, name: str) -> None:
    text = DASHBOARD[name]
    operation = parse(text).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    variables = {
        definition.variable.name.value: SAMPLE_VALUES.get(print_ast(definition.type))
        for definition in operation.variable_definitions or ()
        if print_ast(definition.type) in SAMPLE_VALUES
    }
    result = await both(graph, text, variables)
    assert result.compiled == result.general
    assert result.compiled_status == result.general_status
    assert result.compiled_audit == result.general_audit


async def test_trusted_documents_still_bind_a_key_once_the_guard_is_remembered(
    graph: Graph,
) -> None:
    document = COMPILED["force"]
    for _ in range(3):  # admitted, compiled, then remembered for coordinators
        answered = await graph.post(document)
    restricted = await graph.key("coordinator", allowed_operations=[Q1])
    refused = await graph.post(document, headers=auth_headers(restricted))
    trusted = await graph.key("coordinator", allowed_operations=[document])
    allowed = await graph.post(document, headers=auth_headers(trusted))
    assert refused.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_ALLOWED"
    assert "data" not in refused.json() or refused.json()["data"] is None
    assert allowed.json() == answered.json()
    assert allowed.headers[PATH_HEADER] == "compiled"
