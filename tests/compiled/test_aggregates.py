"""Management information on the compiled path: the same figures as the general path."""

from __future__ import annotations

from benchmarks.queries import Q3
from tests.client import Graph, auth_headers
from tests.compiled.harness import both

FIGURES = [
    Q3,
    """{ officerDutyDays(groupBy: [REGION, CAPABILITY, LOCATION, OPERATION, REQUESTING_FORCE,
        REGION], filter: {locations: null, dutyDate: {start: "2021-11-01"}, regions: []}) {
        __typename region { code } capability { code } location { code name } operation { code }
        requestingForce { code } day officerDutyDays officers } }""",
    """{ total: officerDutyDays(groupBy: []) { officerDutyDays officers force { code } } }""",
    """{ requestFillRates(groupBy: [CAPABILITY, REQUESTING_FORCE], filter: {operations: ["COP26"],
        startsOn: {end: "2021-11-05"}}) { capability { code } requestingForce { code }
        operation { code } requests requested committed deployed } }""",
    """{ requestCounts(groupBy: [STATUS, OPERATION]) { status operation { code } requests
        officersRequested } all: requestCounts(groupBy: []) { requests } }""",
    """{ mutualAidBalance(filter: {operations: ["COP26"]}) { force { code } given received net }
        accommodationOccupancy(filter: {nights: {start: "2021-11-02", end: "2021-11-04"}}) {
        location { code } night rooms bookings } }""",
]

BY_VARIABLES = """query F($operation: String!, $filter: DutyDayFilter) {
  flows: officerDutyDays(groupBy: [FORCE, REQUESTING_FORCE], filter: {operations: [$operation]}) {
    force { code } requestingForce { code } officerDutyDays
  }
  days: officerDutyDays(groupBy: [DAY], filter: $filter) { day officers }
  occupancy: accommodationOccupancy(filter: {operations: [$operation]}) { night rooms }
}"""


async def test_figures_compile_and_agree_for_each_role(graph: Graph) -> None:
    roles = [
        dict(graph.headers),
        auth_headers(await graph.key("stakeholder")),
        auth_headers(await graph.key("partner", "metropolitan")),
    ]
    for headers in roles:
        for document in FIGURES:
            result = await both(graph, document, headers=headers)
            assert result.compiled == result.general, document
            assert "errors" not in result.general, result.general
            assert result.compiled_path, (document, result.statements)
    figures = await graph.data(Q3)
    assert figures["officerDutyDays"] and all(r["officers"] for r in figures["officerDutyDays"])


async def test_figures_filtered_by_variables_agree(graph: Graph) -> None:
    filters = [
        None,
        {},
        {"forces": ["metropolitan", "merseyside"]},
        {"dutyDate": {"end": "2021-11-02"}},
    ]
    for value in filters:
        variables = {"operation": "COP26", "filter": value}
        result = await both(graph, BY_VARIABLES, variables)
        assert result.compiled == result.general, value
        assert result.compiled["data"]["flows"], value
        assert result.compiled_path, value
