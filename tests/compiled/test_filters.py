"""Filters and cursors on the compiled path: the same answers as the general path (the referee)."""

from __future__ import annotations

from typing import Any

from benchmarks.queries import Q4
from tests.client import Graph, auth_headers
from tests.compiled.harness import both

#: Pages with constant filters, one or more per root list the compiler takes.
FILTERED = [
    """{ mutualAidRequests(first: 5, filter: {statuses: [SUBMITTED, FILLED, CONFIRMED],
        startsOn: {start: "2021-10-31"}}) { totalCount nodes { reference status startsOn } } }""",
    """{ mutualAidRequests(filter: {forces: ["police-scotland", "no-such-force"],
        operations: ["COP26"], capabilities: null}) { totalCount nodes { reference } } }""",
    """{ mutualAidRequests(filter: {search: "MA-00", regions: ["scotland"],
        providingForces: ["metropolitan", "merseyside"]},
        orderBy: {field: STARTS_ON, direction: DESC}) {
        totalCount edges { cursor node { reference } } pageInfo { hasNextPage endCursor } } }""",
    """{ mutualAidRequests(filter: {search: "MA_00"}) { totalCount nodes { reference } } }""",
    """{ mutualAidRequests(filter: {capabilities: []}) { totalCount nodes { reference } } }""",
    """{ operations(filter: {activeOn: "2021-11-05", leadForces: ["police-scotland"],
        search: "cop"}) { totalCount nodes { code } } }""",
    """{ locations(first: 3, filter: {types: [VENUE, BRIEFING_CENTRE], operations: ["COP26"]}) {
        totalCount nodes { code type } } }""",
    """{ planningUnits(first: 3, filter: {capabilities: ["PUBLIC_ORDER_L2"], search: "psu"}) {
        totalCount nodes { reference } } }""",
    """{ deployments(first: 4, filter: {statuses: [PLANNED, COMPLETED],
        dutyDate: {start: "2021-11-01", end: "2021-11-03"}, regions: ["london"]}) {
        totalCount nodes { dutyDate status } } }""",
    """{ officers(first: 4, filter: {ranks: ["PC", "SGT"], forces: ["metropolitan"]}) {
        totalCount nodes { id rank { code } } pageInfo { hasNextPage hasPreviousPage } } }""",
]

REQUESTS_BY_VARIABLE = """query R($filter: MutualAidRequestFilter, $after: String, $first: Int) {
  mutualAidRequests(filter: $filter, after: $after, first: $first) {
    totalCount
    nodes { reference status }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


async def test_filters_constant_and_from_variables_of_every_shape(graph: Graph) -> None:
    for document in FILTERED:
        result = await both(graph, document)
        assert result.compiled == result.general, document
        assert "errors" not in result.general, result.general
        assert result.compiled_path, (document, result.statements)
    filters: list[Any] = [
        None,
        {},
        {"statuses": ["SUBMITTED"]},
        {"statuses": ["SUBMITTED", "FILLED", "CONFIRMED"], "forces": None},
        {"forces": "metropolitan"},  # a single value where a list is expected
        {"startsOn": {"end": "2021-11-02"}, "search": "COP26"},
        {"startsOn": {"start": "2021-11-01", "end": "2021-11-01"}},
    ]
    for value in filters:
        result = await both(graph, REQUESTS_BY_VARIABLE, {"filter": value, "first": 2})
        assert result.compiled == result.general, value
        assert result.compiled_path, value


async def test_pages_after_a_cursor_agree_to_the_end_and_q4(graph: Graph) -> None:
    variables: dict[str, Any] = {"filter": {"operations": ["COP26"]}, "first": 5}
    seen = 0
    for _ in range(10):
        result = await both(graph, REQUESTS_BY_VARIABLE, variables)
        assert result.compiled == result.general, variables
        assert result.compiled_path
        page = result.compiled["data"]["mutualAidRequests"]
        seen += len(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        variables = {**variables, "after": page["pageInfo"]["endCursor"]}
    assert seen == page["totalCount"] > 5
    data = await graph.data(
        "{ officers(first: 1) { nodes { force { code } capabilities { code } } } }"
    )
    officer = data["officers"]["nodes"][0]
    variables: dict[str, Any] = {
        "force": officer["force"]["code"],
        "capability": officer["capabilities"][0]["code"],
        "after": None,
    }
    result = await both(graph, Q4, variables)
    assert result.compiled == result.general
    assert result.compiled_path
    nodes = result.compiled["data"]["officers"]["nodes"]
    assert nodes and all(n["force"]["code"] == variables["force"] for n in nodes)
    first_id = nodes[0]["id"]
    cursor = await graph.data(
        "query($f: String!) { officers(first: 1, filter: {forces: [$f]}) { edges { cursor } } }",
        {"f": variables["force"]},
    )
    variables["after"] = cursor["officers"]["edges"][0]["cursor"]
    result = await both(graph, Q4, variables)
    assert result.compiled == result.general
    assert result.compiled_path
    assert first_id not in [n["id"] for n in result.compiled["data"]["officers"]["nodes"]]


async def test_refused_values_and_officer_searches_take_the_general_path(graph: Graph) -> None:
    other_order = await graph.data(
        "{ mutualAidRequests(first: 1, orderBy: {field: STARTS_ON}) { pageInfo { endCursor } } }"
    )
    refused: list[dict[str, Any]] = [
        {"after": "not-a-cursor"},
        {"after": other_order["mutualAidRequests"]["pageInfo"]["endCursor"]},
        {"filter": {"search": "x" * 201}},
        {"filter": {"forces": [f"f{i}" for i in range(101)]}},
        {"first": 1000},
    ]
    for variables in refused:
        result = await both(graph, REQUESTS_BY_VARIABLE, variables)
        assert result.compiled == result.general, variables
        assert result.compiled["errors"], variables
        assert not result.compiled_path
    document = '{ officers(filter: {search: "a"}) { totalCount nodes { id } } }'
    partner = auth_headers(await graph.key("partner", "metropolitan"))
    stakeholder = auth_headers(await graph.key("stakeholder"))
    for headers in (
        {**graph.headers},
        {**partner, "X-Purpose": "test"},
        stakeholder,
    ):
        result = await both(graph, document, headers=headers)
        assert result.compiled == result.general
        assert result.compiled_audit == result.general_audit
        assert not result.compiled_path
