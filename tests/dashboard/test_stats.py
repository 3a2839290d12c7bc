"""The figures the dashboard added to the graph: request counts and the viewer."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from tests.client import Graph, auth_headers


async def _rows(graph: Graph, sql: str) -> list[Any]:
    async with graph.engine.connect() as connection:
        return list((await connection.execute(text(sql))).mappings())


@pytest.fixture
async def varied(graph: Graph) -> Graph:
    """Requests in several states, one of them in another operation's absence (no operation)."""
    async with graph.engine.begin() as connection:
        await connection.execute(
            text("UPDATE mutual_aid_request SET status = 'DRAFT' WHERE id % 5 = 0")
        )
        await connection.execute(
            text("UPDATE mutual_aid_request SET status = 'CANCELLED' WHERE id % 7 = 0")
        )
    return graph


async def test_request_counts_by_status_match_the_rows(varied: Graph) -> None:
    rows = await _rows(varied, "SELECT status, quantity FROM mutual_aid_request")
    requests = Counter(row["status"] for row in rows)
    officers: Counter[str] = Counter()
    for row in rows:
        officers[row["status"]] += row["quantity"]
    data = await varied.data(
        '{ requestCounts(groupBy: [STATUS], filter: {operations: ["COP26"]}) '
        "{ status requests officersRequested capability { code } } }"
    )
    got = data["requestCounts"]
    assert {item["status"]: item["requests"] for item in got} == dict(requests)
    assert {item["status"]: item["officersRequested"] for item in got} == dict(officers)
    assert {"DRAFT", "CANCELLED"} <= {item["status"] for item in got}
    assert all(item["capability"] is None for item in got)


async def test_request_counts_by_capability_and_status_with_a_filter(varied: Graph) -> None:
    rows = await _rows(
        varied,
        "SELECT r.status, c.code AS capability FROM mutual_aid_request r "
        "JOIN capability c ON c.id = r.capability_id",
    )
    capability = rows[0]["capability"]
    expected = Counter(row["status"] for row in rows if row["capability"] == capability)
    data = await varied.data(
        "query($c: [String!]) { requestCounts(groupBy: [CAPABILITY, STATUS], "
        "filter: {capabilities: $c}) { capability { code } status requests } }",
        {"c": [capability]},
    )
    got = data["requestCounts"]
    assert {item["capability"]["code"] for item in got} == {capability}
    assert {item["status"]: item["requests"] for item in got} == dict(expected)


async def test_request_counts_of_an_unknown_operation_are_empty(varied: Graph) -> None:
    data = await varied.data(
        '{ requestCounts(groupBy: [STATUS], filter: {operations: ["NONE"]}) { requests } }'
    )
    assert data["requestCounts"] == []


@pytest.mark.parametrize(
    ("role", "force", "personal"),
    [
        ("coordinator", None, True),
        ("partner", "metropolitan", True),
        ("stakeholder", None, False),
    ],
)
async def test_viewer_names_the_keys_role_and_force(
    graph: Graph, role: str, force: str | None, personal: bool
) -> None:
    key = await graph.key(role, force)
    response = await graph.post(
        "{ viewer { role force { code } seesPersonalData anonymous } }",
        headers=auth_headers(key, None),
    )
    viewer = response.json()["data"]["viewer"]
    assert viewer == {
        "role": role.upper(),
        "force": None if force is None else {"code": force},
        "seesPersonalData": personal,
        "anonymous": False,
    }


async def test_occupancy_of_a_window_of_nights_counts_stays_that_began_before_it(
    graph: Graph,
) -> None:
    bookings = await _rows(
        graph,
        "SELECT b.check_in, b.check_out, b.rooms, l.code FROM accommodation_booking b "
        "JOIN location l ON l.id = b.location_id WHERE b.status <> 'CANCELLED'",
    )
    start, end = date(2021, 11, 2), date(2021, 11, 4)
    expected: Counter[tuple[str, str]] = Counter()
    began_before = 0
    for row in bookings:
        night = date.fromisoformat(str(row["check_in"]))
        began_before += night < start < date.fromisoformat(str(row["check_out"]))
        while night < date.fromisoformat(str(row["check_out"])):
            if start <= night <= end:
                expected[(row["code"], night.isoformat())] += row["rooms"]
            night += timedelta(days=1)
    assert began_before > 0, "the fixture should hold a stay across the window's start"
    data = await graph.data(
        '{ accommodationOccupancy(filter: {nights: {start: "2021-11-02", end: "2021-11-04"}}) '
        "{ location { code } night rooms } }"
    )
    got = {
        (item["location"]["code"], item["night"]): item["rooms"]
        for item in data["accommodationOccupancy"]
    }
    assert got == dict(expected)
