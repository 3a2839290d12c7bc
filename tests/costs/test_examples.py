"""The hand-worked examples of docs/costs.md, priced through GraphQL.

Rate set 2021-04-01 (standards/rates/2021-04-01.yaml), illustrative hourly costs: PC £60.00,
SGT £72.00. Tours are rounded up to the half hour and split at local midnight (Europe/London);
each line is rounded to the penny once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.client import Graph, auth_headers
from tests.costs.conftest import Duty, utc, write_duties

SCOT, MET, GMP, WYP, CUMBRIA = (
    "police-scotland",
    "metropolitan",
    "greater-manchester",
    "west-yorkshire",
    "cumbria",
)
DUTIES = [
    # 1. A weekday tour: Tuesday 2 November 2021, 07:00-16:10 GMT, a Met constable.
    Duty(MET, SCOT, "PC", utc(2021, 11, 2, 7, 0), utc(2021, 11, 2, 16, 10)),
    # 2. A night tour into a bank holiday: Sunday 29 August 2021 23:00 BST to Monday 07:00 BST
    #    (the summer bank holiday of England and Wales, not of Scotland), a GMP sergeant ...
    Duty(GMP, SCOT, "SGT", utc(2021, 8, 29, 22), utc(2021, 8, 30, 6)),
    #    ... and the same tour worked by a Police Scotland sergeant for Cumbria.
    Duty(SCOT, CUMBRIA, "SGT", utc(2021, 8, 29, 22), utc(2021, 8, 30, 6)),
    # 3. A rest day cancelled at short notice: Saturday 6 November 2021, 07:00-15:00 GMT, a
    #    West Yorkshire constable's rostered rest day, told on Monday 1 November ...
    Duty(WYP, SCOT, "PC", utc(2021, 11, 6, 7), utc(2021, 11, 6, 15), True, date(2021, 11, 1)),
    #    ... and a rest-day duty on Sunday 7 November (told 1 November) itself cancelled on
    #    Friday 5 November.
    Duty(
        WYP,
        SCOT,
        "PC",
        utc(2021, 11, 7, 7),
        utc(2021, 11, 7, 15),
        True,
        date(2021, 11, 1),
        date(2021, 11, 5),
        "CANCELLED",
    ),
    # 4. A Scottish holiday: St Andrew's Day, Tuesday 30 November 2021, 07:00-15:00 GMT, a
    #    Police Scotland constable sent to Cumbria.
    Duty(SCOT, CUMBRIA, "PC", utc(2021, 11, 30, 7), utc(2021, 11, 30, 15)),
]

STATEMENT = """
query Statement($op: String!, $from: String!, $to: String!) {
  costStatement(operation: $op, providingForce: $from, requestingForce: $to) {
    providingForce { code } requestingForce { code }
    total deployments rateSets
    totals { kind lines hours amount }
    lines { kind date rank amount status rateSet hourlyCost
            hours { rate multiplier hours } deployment { dutyDate status } }
  }
}
"""


async def statement(graph: Graph, provider: str, requester: str) -> dict[str, Any]:
    data = await graph.data(STATEMENT, {"op": "HAND", "from": provider, "to": requester})
    found: dict[str, Any] = data["costStatement"]
    return found


def hours(line: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(h["rate"], h["multiplier"], h["hours"]) for h in line["hours"]]


async def test_a_weekday_tour(engine: AsyncEngine, graph: Graph) -> None:
    await write_duties(engine, "HAND", DUTIES)
    found = await statement(graph, MET, SCOT)
    (line,) = found["lines"]
    # 07:00-16:10 is 9 h 10 min, rounded up to 9.5 h: the normal tour's 8 h at £60.00 = £480.00,
    # then 1.5 h of overtime at time and a third, 1.5 x 4/3 x £60.00 = £120.00. Total £600.00.
    assert hours(line) == [("PLAIN", "1", "8.00"), ("OVERTIME", "4/3", "1.50")]
    assert (line["kind"], line["rank"], line["hourlyCost"]) == ("TOUR", "PC", "60.00")
    assert line["amount"] == "600.00"
    assert line["deployment"] == {"dutyDate": "2021-11-02", "status": "COMPLETED"}
    assert (found["total"], found["deployments"]) == ("600.00", 1)
    assert found["rateSets"] == ["2021-04-01"]


async def test_a_night_tour_into_a_bank_holiday(engine: AsyncEngine, graph: Graph) -> None:
    await write_duties(engine, "HAND", DUTIES)
    english = await statement(graph, GMP, SCOT)
    (line,) = english["lines"]
    # 23:00-24:00 on Sunday: 1 h x £72.00 = £72.00. 00:00-07:00 on the bank holiday (England and
    # Wales, the providing force's nation): 7 h at double time, 7 x 2 x £72.00 = £1,008.00.
    # Total £1,080.00.
    assert hours(line) == [("PLAIN", "1", "1.00"), ("PUBLIC_HOLIDAY", "2", "7.00")]
    assert line["amount"] == english["total"] == "1080.00"
    scottish = await statement(graph, SCOT, CUMBRIA)
    night = next(line for line in scottish["lines"] if line["date"] == "2021-08-29")
    # 30 August 2021 was no holiday in Scotland (its summer holiday was 2 August): 8 h x £72.00.
    assert hours(night) == [("PLAIN", "1", "8.00")]
    assert night["amount"] == "576.00"


async def test_a_rest_day_cancelled_at_short_notice(engine: AsyncEngine, graph: Graph) -> None:
    await write_duties(engine, "HAND", DUTIES)
    found = await statement(graph, WYP, SCOT)
    worked, cancelled = found["lines"]
    # Told on 1 November to work the rest day of 6 November: 4 clear days (2-5 November), under
    # the 15 days of England and Wales, so time and a half: 8 x 3/2 x £60.00 = £720.00.
    assert hours(worked) == [("REST_DAY", "3/2", "8.00")]
    assert worked["amount"] == "720.00"
    # The 7 November duty, cancelled on 5 November: 1 clear day, under 8, so the 4 hours'
    # minimum at the rest-day rate of its notice (5 clear days: time and a half),
    # 4 x 3/2 x £60.00 = £360.00.
    assert hours(cancelled) == [("CANCELLED_REST_DAY", "3/2", "4.00")]
    assert (cancelled["amount"], cancelled["status"]) == ("360.00", "CANCELLED")
    assert found["total"] == "1080.00"
    assert found["deployments"] == 2


async def test_a_scottish_holiday(engine: AsyncEngine, graph: Graph) -> None:
    await write_duties(engine, "HAND", DUTIES)
    found = await statement(graph, SCOT, CUMBRIA)
    holiday = next(line for line in found["lines"] if line["date"] == "2021-11-30")
    # St Andrew's Day is a public holiday of Scotland, the providing force's nation: 8 h at
    # double time, 8 x 2 x £60.00 = £960.00, under the rate set in force from 19 November.
    assert hours(holiday) == [("PUBLIC_HOLIDAY", "2", "8.00")]
    assert (holiday["amount"], holiday["rateSet"]) == ("960.00", "2021-11-19")
    # With the night of example 2 (£576.00): £1,536.00.
    assert found["total"] == "1536.00"
    assert found["rateSets"] == ["2021-04-01", "2021-11-19"]
    assert {"kind": "TOUR", "lines": 2, "hours": "16.00", "amount": "1536.00"} in found["totals"]


LIST = """
query List($op: String!) {
  costStatements(operation: $op) {
    providingForce { code } requestingForce { code } total deployments
  }
}
"""


async def test_every_pair_of_forces_has_a_statement(engine: AsyncEngine, graph: Graph) -> None:
    await write_duties(engine, "HAND", DUTIES)
    data = await graph.data(LIST, {"op": "HAND"})
    pairs = {
        (s["providingForce"]["code"], s["requestingForce"]["code"]): s["total"]
        for s in data["costStatements"]
    }
    assert pairs == {
        (GMP, SCOT): "1080.00",
        (MET, SCOT): "600.00",
        (SCOT, CUMBRIA): "1536.00",
        (WYP, SCOT): "1080.00",
    }


async def test_a_partner_sees_the_statements_its_force_sends_or_receives(
    engine: AsyncEngine, graph: Graph
) -> None:
    await write_duties(engine, "HAND", DUTIES)
    met = auth_headers(await graph.key("partner", MET))
    response = await graph.post(LIST, {"op": "HAND"}, headers=met)
    (only,) = response.json()["data"]["costStatements"]
    assert (only["providingForce"]["code"], only["total"]) == (MET, "600.00")
    other = await graph.post(STATEMENT, {"op": "HAND", "from": GMP, "to": SCOT}, headers=met)
    assert other.json()["data"]["costStatement"] is None
    scotland = auth_headers(await graph.key("partner", SCOT))
    response = await graph.post(LIST, {"op": "HAND"}, headers=scotland)
    assert len(response.json()["data"]["costStatements"]) == 4  # it receives three, sends one


async def test_a_stakeholder_sees_totals_never_lines(engine: AsyncEngine, graph: Graph) -> None:
    await write_duties(engine, "HAND", DUTIES)
    stakeholder = auth_headers(await graph.key("stakeholder"))
    totals = await graph.post(LIST, {"op": "HAND"}, headers=stakeholder)
    assert len(totals.json()["data"]["costStatements"]) == 4
    response = await graph.post(
        STATEMENT, {"op": "HAND", "from": MET, "to": SCOT}, headers=stakeholder
    )
    result = response.json()
    assert result["data"]["costStatement"]["lines"] is None
    assert result["data"]["costStatement"]["total"] == "600.00"
    assert [error["extensions"]["code"] for error in result["errors"]] == ["FORBIDDEN_FIELD"]


async def test_an_ingest_key_may_not_read_statements(engine: AsyncEngine, graph: Graph) -> None:
    await write_duties(engine, "HAND", DUTIES)
    ingest = auth_headers(await graph.key("ingest", MET))
    response = await graph.post(LIST, {"op": "HAND"}, headers=ingest)
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_statements_cost_a_fixed_number_of_sql_statements(
    engine: AsyncEngine, graph: Graph
) -> None:
    from tests.helpers import count_statements

    await write_duties(engine, "HAND", DUTIES)
    query = LIST.replace("deployments", "deployments lines { deployment { dutyDate } }")
    await graph.data(query, {"op": "HAND"})  # warm: the key is known
    with count_statements(graph.engine) as few:
        await graph.data(query, {"op": "HAND"})
    more = DUTIES + [Duty(MET, SCOT, "PC", utc(2021, 11, 4, 7), utc(2021, 11, 4, 15))] * 3
    await write_duties(engine, "MORE", more)
    await graph.data(query.replace('"HAND"', '"MORE"'), {"op": "MORE"})
    with count_statements(graph.engine) as many:
        await graph.data(query, {"op": "MORE"})
    # Operation, forces, deployments, unit ranks, travel, stays, agreements, then one statement
    # each for the forces, the operation and the deployments the lines name: not per line.
    assert many.count == few.count, many.statements
    assert few.count <= 12, few.statements


async def test_travel_and_stays_as_booked(engine: AsyncEngine, graph: Graph) -> None:
    from hub.store import models as m
    from tests.costs.conftest import write_bookings

    await write_duties(engine, "TRIP", [DUTIES[0]])
    journey = {
        "mode": "COACH",
        "seats": 1,
        "departs_at": utc(2021, 11, 1, 8),
        "arrives_at": utc(2021, 11, 1, 14, 10),
    }
    stay = {"check_in": date(2021, 11, 1), "check_out": date(2021, 11, 3), "rooms": 1}
    home = {
        "mode": "TRAIN",
        "seats": 1,
        "departs_at": utc(2021, 11, 3, 16),
        "arrives_at": utc(2021, 11, 3, 20, 30),
    }
    await write_bookings(
        engine,
        "TRIP-UNIT-1",
        [
            (m.TravelBooking, {"reference": "COACH-1", **journey}),
            (m.AccommodationBooking, stay),
            (m.TravelBooking, {"reference": "TRAIN-1", "unit": False, **home}),
        ],
    )
    data = await graph.data(STATEMENT, {"op": "TRIP", "from": MET, "to": SCOT})
    found = data["costStatement"]
    amounts = {(line["kind"], line["date"]): line["amount"] for line in found["lines"]}
    assert amounts == {
        ("TOUR", "2021-11-02"): "600.00",  # example 1
        ("TRAVEL_FARE", "2021-11-01"): "25.00",  # 1 coach seat
        ("TRAVEL_TIME", "2021-11-01"): "390.00",  # 6 h 10 min, rounded to 6.5 h x £60.00
        ("TRAVEL_FARE", "2021-11-03"): "90.00",  # 1 train seat, booked for the officer
        ("TRAVEL_TIME", "2021-11-03"): "270.00",  # 4.5 h x £60.00
        ("ACCOMMODATION", "2021-11-01"): "220.00",  # 1 room x 2 nights x £110.00
        ("SUBSISTENCE", "2021-11-01"): "50.00",  # 1 officer x 2 nights x £25.00
    }
    assert found["total"] == "1645.00"


NAMES = """
query Names($op: String!, $from: String!, $to: String!) {
  costStatement(operation: $op, providingForce: $from, requestingForce: $to) {
    lines(kind: TOUR) { deployment { officer { familyName } } }
  }
}
"""


async def test_officers_on_lines_follow_the_personal_data_rules(
    engine: AsyncEngine, graph: Graph
) -> None:
    await write_duties(engine, "HAND", DUTIES)
    variables = {"op": "HAND", "from": MET, "to": SCOT}
    receiver = auth_headers(await graph.key("partner", SCOT))
    response = await graph.post(NAMES, variables, headers=receiver)
    (line,) = response.json()["data"]["costStatement"]["lines"]
    assert line["deployment"]["officer"]["familyName"].startswith("Officer ")
    unnamed = auth_headers(await graph.key("partner", SCOT), purpose=None)
    response = await graph.post(NAMES, variables, headers=unnamed)
    assert response.json()["errors"][0]["extensions"]["code"] == "PURPOSE_REQUIRED"
