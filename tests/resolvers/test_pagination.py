"""Connections: keyset cursors, orderings, filters, totals and page-size limits."""

from __future__ import annotations

from typing import Any

import pytest

from tests.client import Graph

PAGE = """
query (
  $first: Int, $after: String, $order: MutualAidRequestOrder, $filter: MutualAidRequestFilter
) {
  mutualAidRequests(first: $first, after: $after, orderBy: $order, filter: $filter) {
    totalCount
    edges { cursor node { reference startsOn raisedAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def _walk(graph: Graph, first: int, **variables: Any) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    after = None
    for _ in range(100):
        page = (await graph.data(PAGE, {"first": first, "after": after, **variables}))[
            "mutualAidRequests"
        ]
        seen += [edge["node"] for edge in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if page["edges"]:
            assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("the pages never ended")


@pytest.mark.parametrize(
    ("order", "key", "reverse"),
    [
        (None, "reference", False),
        ({"field": "REFERENCE", "direction": "DESC"}, "reference", True),
        ({"field": "STARTS_ON"}, "startsOn", False),
        ({"field": "RAISED_AT", "direction": "DESC"}, "raisedAt", True),
    ],
)
async def test_walking_every_page_visits_each_record_once_in_order(
    graph: Graph, order: dict[str, str] | None, key: str, reverse: bool
) -> None:
    seen = await _walk(graph, 7, order=order)
    references = [node["reference"] for node in seen]
    assert len(references) == len(set(references)) == 30
    values = [node[key] for node in seen]
    assert values == sorted(values, reverse=reverse)


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"forces": ["police-scotland"]}, 30),
        ({"forces": ["metropolitan"]}, 0),
        ({"providingForces": ["metropolitan"]}, 4 + 1),
        ({"regions": ["scotland"]}, 30),
        ({"statuses": ["FILLED"]}, 30),
        ({"statuses": ["DRAFT", "CANCELLED"]}, 0),
        ({"capabilities": ["PUBLIC_ORDER_L2"], "operations": ["COP26"]}, 30),
        ({"startsOn": {"start": "2021-10-31", "end": "2021-11-01"}}, 6),
        ({"startsOn": {"start": "2021-11-09"}}, 3),
        ({"search": "ma-001"}, 10),
        ({"search": "100%_"}, 0),
        ({"locations": ["SEC"]}, 30),
    ],
)
async def test_filters_narrow_the_list_and_its_total(
    graph: Graph, filter_: dict[str, Any], expected: int
) -> None:
    page = (await graph.data(PAGE, {"first": 100, "filter": filter_}))["mutualAidRequests"]
    assert page["totalCount"] == len(page["edges"]) == expected


async def test_other_lists_filter_by_their_own_fields(graph: Graph) -> None:
    data = await graph.data(
        """{
          officers(filter: {forces: ["metropolitan"], ranks: ["SGT"]}) { totalCount }
          byCapability: officers(filter: {capabilities: ["FIREARMS_AFO"]}) { totalCount }
          dutyUnits(filter: {shiftTypes: [NIGHT]}, first: 1) { totalCount nodes { shiftType } }
          deployments(filter: {dutyDate: {start: "2021-10-31", end: "2021-10-31"}}) { totalCount }
          locations(filter: {types: [ACCOMMODATION]}) { nodes { code } }
          travelBookings(filter: {locations: ["HOTEL-1", "HOTEL-2"]}) { totalCount }
          accommodationBookings(filter: {checkIn: {end: "2021-10-30"}}) { totalCount }
          planningUnits(filter: {forces: ["metropolitan"]}) { totalCount }
          forces(filter: {regions: ["national"]}) { code }
        }"""
    )
    assert data["officers"]["totalCount"] == 5
    assert data["byCapability"]["totalCount"] == 0
    assert data["dutyUnits"]["totalCount"] == 40
    assert data["dutyUnits"]["nodes"] == [{"shiftType": "NIGHT"}]
    assert data["deployments"]["totalCount"] == 2 * 5 * 2
    assert [n["code"] for n in data["locations"]["nodes"]] == ["HOTEL-1", "HOTEL-2"]
    assert data["travelBookings"]["totalCount"] == 40
    # Requests 1, 11 and 21 start on 31 October; request 1 has two units.
    assert data["accommodationBookings"]["totalCount"] == 4
    assert data["planningUnits"]["totalCount"] == 5
    assert sorted(force["code"] for force in data["forces"]) == ["btp", "cnc", "mdp"]


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"first": 101}, "PAGE_SIZE_EXCEEDED"),
        ({"first": 100000}, "PAGE_SIZE_EXCEEDED"),
        ({"first": -1}, "BAD_USER_INPUT"),
        ({"first": 5, "after": "not a cursor"}, "INVALID_CURSOR"),
    ],
)
async def test_bad_paging_arguments_get_a_stable_code(
    graph: Graph, variables: dict[str, Any], code: str
) -> None:
    result = await graph.execute(PAGE, variables)
    assert result["data"] is None
    assert [error["extensions"]["code"] for error in result["errors"]] == [code]


async def test_time_ranges_need_a_timezone(graph: Graph) -> None:
    query = "query ($r: DateTimeRange) { dutyUnits(filter: {startsAt: $r}) { totalCount } }"
    aware = await graph.data(query, {"r": {"start": "2021-11-01T00:00:00+00:00"}})
    assert aware["dutyUnits"]["totalCount"] > 0
    naive = await graph.execute(query, {"r": {"start": "2021-11-01T00:00:00"}})
    assert naive["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "start"}


async def test_a_cursor_of_another_ordering_is_refused(graph: Graph) -> None:
    page = (await graph.data(PAGE, {"first": 2}))["mutualAidRequests"]
    result = await graph.execute(
        PAGE,
        {"first": 2, "after": page["pageInfo"]["endCursor"], "order": {"field": "STARTS_ON"}},
    )
    assert result["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_nested_lists_respect_the_page_size_limit(graph: Graph) -> None:
    result = await graph.execute(
        '{ operation(code: "COP26") { requests(first: 1000) { reference } } }'
    )
    assert result["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    assert result["errors"][0]["path"] == ["operation", "requests"]
