"""Management information: every figure equals the same figure recomputed from the rows."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from hub.store.capacity import refresh
from tests.client import Graph
from tests.helpers import count_statements

ROWS = """
SELECT d.id, d.officer_id, d.duty_date, d.status, d.location_id, o.force_id, f.region_id,
       pu.capability_id, r.operation_id, r.requesting_force_id
FROM deployment d
JOIN officer o ON o.id = d.officer_id JOIN force f ON f.id = o.force_id
JOIN duty_unit du ON du.id = d.duty_unit_id JOIN planning_unit pu ON pu.id = du.planning_unit_id
LEFT JOIN commitment c ON c.id = pu.commitment_id
LEFT JOIN mutual_aid_request r ON r.id = c.request_id
"""


async def _rows(graph: Graph, sql: str) -> list[Any]:
    async with graph.engine.connect() as connection:
        return list((await connection.execute(text(sql))).mappings())


async def _codes(graph: Graph, table: str) -> dict[int, str]:
    return {row["id"]: row["code"] for row in await _rows(graph, f"SELECT id, code FROM {table}")}


@pytest.fixture
async def varied(graph: Graph) -> Graph:
    """Cancel some deployments, decline a commitment, and leave a request in draft."""
    async with graph.engine.begin() as connection:
        await connection.execute(
            text("UPDATE deployment SET status = 'CANCELLED' WHERE id % 7 = 0")
        )
        await connection.execute(
            text("UPDATE commitment SET status = 'DECLINED' WHERE sequence = 2 AND id % 2 = 0")
        )
        await connection.execute(
            text("UPDATE mutual_aid_request SET status = 'DRAFT' WHERE reference = 'COP26-MA-0005'")
        )
        # rows changed in SQL, outside the hub's writes: recounted as `hub capacity recount`
        # does (the duty-days by force and day are counted ahead, in `duty_day`)
        await refresh(connection)
    return graph


async def test_duty_days_by_force_and_day_match_the_deployments(varied: Graph) -> None:
    rows = [row for row in await _rows(varied, ROWS) if row["status"] != "CANCELLED"]
    forces = await _codes(varied, "force")
    expected = Counter((forces[row["force_id"]], str(row["duty_date"])) for row in rows)
    data = await varied.data(
        "{ officerDutyDays(groupBy: [FORCE, DAY]) { force { code } day officerDutyDays "
        "region { code } } }"
    )
    got = {
        (item["force"]["code"], item["day"]): item["officerDutyDays"]
        for item in data["officerDutyDays"]
    }
    assert got == dict(expected)
    assert all(item["region"] is None for item in data["officerDutyDays"])


@pytest.mark.parametrize(
    ("group_by", "column", "table"),
    [
        ("REGION", "region_id", "region"),
        ("CAPABILITY", "capability_id", "capability"),
        ("LOCATION", "location_id", "location"),
        ("OPERATION", "operation_id", "operation"),
        ("REQUESTING_FORCE", "requesting_force_id", "force"),
    ],
)
async def test_duty_days_and_officers_by_each_dimension(
    varied: Graph, group_by: str, column: str, table: str
) -> None:
    rows = [row for row in await _rows(varied, ROWS) if row["status"] != "CANCELLED"]
    codes = await _codes(varied, table)
    days: Counter[str] = Counter(codes[row[column]] for row in rows)
    officers: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        officers[codes[row[column]]].add(row["officer_id"])
    field = {"REQUESTING_FORCE": "requestingForce"}.get(group_by, group_by.lower())
    data = await varied.data(
        f"{{ officerDutyDays(groupBy: [{group_by}]) {{ {field} {{ code }} "
        "officerDutyDays officers } }"
    )
    got = {item[field]["code"]: item for item in data["officerDutyDays"]}
    assert {key: item["officerDutyDays"] for key, item in got.items()} == dict(days)
    assert {key: item["officers"] for key, item in got.items()} == {
        key: len(value) for key, value in officers.items()
    }


async def test_duty_day_filters(varied: Graph) -> None:
    rows = [row for row in await _rows(varied, ROWS) if row["status"] != "CANCELLED"]
    forces = await _codes(varied, "force")
    first = date(2021, 10, 31)
    expected = sum(
        1
        for row in rows
        if forces[row["force_id"]] == "metropolitan"
        and first <= date.fromisoformat(str(row["duty_date"])) <= first + timedelta(days=3)
    )
    data = await varied.data(
        """{ officerDutyDays(groupBy: [], filter: {forces: ["metropolitan"], operations: ["COP26"],
             dutyDate: {start: "2021-10-31", end: "2021-11-03"}}) { officerDutyDays } }"""
    )
    assert data["officerDutyDays"] == [{"officerDutyDays": expected}]


async def test_fill_rates_by_capability_and_requesting_force(varied: Graph) -> None:
    requests = await _rows(
        varied,
        "SELECT id, quantity FROM mutual_aid_request WHERE status NOT IN ('DRAFT', 'CANCELLED')",
    )
    open_ids = {row["id"] for row in requests}
    commitments = await _rows(varied, "SELECT request_id, quantity, status FROM commitment")
    committed = sum(
        row["quantity"]
        for row in commitments
        if row["request_id"] in open_ids and row["status"] in ("ACCEPTED", "RELEASED")
    )
    deployed_sql = ROWS.replace("SELECT d.id,", "SELECT c.request_id AS request_id, d.id,")
    per_request: dict[int, set[int]] = defaultdict(set)
    for row in await _rows(varied, deployed_sql):
        if row["status"] != "CANCELLED" and row["request_id"] in open_ids:
            per_request[row["request_id"]].add(row["officer_id"])
    data = await varied.data(
        """{ requestFillRates(groupBy: [CAPABILITY, REQUESTING_FORCE]) {
             capability { code } requestingForce { code } operation { code }
             requests requested committed deployed commitmentRate } }"""
    )
    (rate,) = data["requestFillRates"]
    assert rate["capability"] == {"code": "PUBLIC_ORDER_L2"}
    assert rate["requestingForce"] == {"code": "police-scotland"}
    assert rate["operation"] is None
    assert rate["requests"] == len(requests) == 29
    assert rate["requested"] == sum(row["quantity"] for row in requests)
    assert rate["committed"] == committed
    assert rate["deployed"] == sum(len(officers) for officers in per_request.values())
    assert rate["commitmentRate"] == pytest.approx(committed / rate["requested"])


async def test_mutual_aid_balance_gives_and_receives(varied: Graph) -> None:
    rows = [row for row in await _rows(varied, ROWS) if row["status"] != "CANCELLED"]
    forces = await _codes(varied, "force")
    given: Counter[str] = Counter()
    received: Counter[str] = Counter()
    for row in rows:
        if row["requesting_force_id"] != row["force_id"]:
            given[forces[row["force_id"]]] += 1
            received[forces[row["requesting_force_id"]]] += 1
    data = await varied.data("{ mutualAidBalance { force { code } given received net } }")
    got = {item["force"]["code"]: item for item in data["mutualAidBalance"]}
    assert set(got) == set(given) | set(received)
    for code, item in got.items():
        assert (item["given"], item["received"]) == (given[code], received[code])
        assert item["net"] == given[code] - received[code]
    assert got["police-scotland"]["received"] == len(rows)


async def test_accommodation_occupancy_by_location_and_night(varied: Graph) -> None:
    bookings = await _rows(
        varied,
        "SELECT b.check_in, b.check_out, b.rooms, l.code FROM accommodation_booking b "
        "JOIN location l ON l.id = b.location_id WHERE b.status <> 'CANCELLED'",
    )
    expected: Counter[tuple[str, str]] = Counter()
    for row in bookings:
        night = date.fromisoformat(str(row["check_in"]))
        while night < date.fromisoformat(str(row["check_out"])):
            expected[(row["code"], night.isoformat())] += row["rooms"]
            night += timedelta(days=1)
    data = await varied.data(
        "{ accommodationOccupancy { location { code capacity } night rooms bookings } }"
    )
    got = {
        (item["location"]["code"], item["night"]): item["rooms"]
        for item in data["accommodationOccupancy"]
    }
    assert got == dict(expected)
    window = await varied.data(
        """{ accommodationOccupancy(filter: {locations: ["HOTEL-1"],
             nights: {start: "2021-11-01", end: "2021-11-02"}}) { night rooms } }"""
    )
    assert [item["night"] for item in window["accommodationOccupancy"]] == [
        "2021-11-01",
        "2021-11-02",
    ]
    assert [item["rooms"] for item in window["accommodationOccupancy"]] == [
        expected[("HOTEL-1", "2021-11-01")],
        expected[("HOTEL-1", "2021-11-02")],
    ]


@pytest.mark.parametrize(
    ("query", "statements"),
    [
        (
            "{ officerDutyDays(groupBy: [FORCE, DAY, LOCATION]) "
            "{ force { code } location { code } } }",
            3,
        ),
        ("{ requestFillRates(groupBy: [CAPABILITY]) { capability { code } requested } }", 2),
        ("{ mutualAidBalance { force { region { code } } net } }", 3),
        ("{ accommodationOccupancy { location { code } rooms } }", 2),
    ],
)
async def test_each_figure_is_one_statement_plus_one_per_key_loaded(
    graph: Graph, query: str, statements: int
) -> None:
    # The general path's cost (a compiled read is one statement: tests/compiled pins it).
    graph.headers = {**graph.headers, "x-hub-plan": "general"}
    with count_statements(graph.engine) as log:
        await graph.data(query)
    assert log.count == statements, log.statements
