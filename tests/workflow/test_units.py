"""After acceptance: planning units of the providing force's officers, duties, deployments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.store import models as m
from tests.workflow.conftest import Workflow, offer, step

UNIT = "formPlanningUnit(input: $input) { id reference members { role } commitment { id } }"
DUTY = "scheduleDutyUnit(input: $input) { id shiftType deployments { id status version } }"
DEPLOYMENT = "id status version"


async def _officers(engine: AsyncEngine) -> None:
    """Met officers MET1..MET5 trained to level 2, MET9 without it, and GMP1 of Manchester."""
    async with engine.begin() as connection:
        forces = dict((await connection.execute(select(m.Force.code, m.Force.id))).all())
        level2 = await connection.scalar(
            select(m.Capability.id).where(m.Capability.code == "PUBLIC_ORDER_L2")
        )
        officers = [("metropolitan", f"MET{n}") for n in (1, 2, 3, 4, 5, 9)]
        officers.append(("greater-manchester", "GMP1"))
        await connection.execute(
            insert(m.Location),
            [
                {"code": "hotel", "name": "Hotel", "type": "ACCOMMODATION"},
                {"code": "venue", "name": "Venue", "type": "VENUE"},
                {"code": "depot", "name": "Depot", "type": "POLICE_STATION"},
            ],
        )
        for force, number in officers:
            officer = (
                await connection.execute(
                    insert(m.Officer)
                    .values(
                        force_id=forces[force],
                        service_number=number,
                        given_name="Test",
                        family_name=number,
                        rank="PC",
                    )
                    .returning(m.Officer.id)
                )
            ).scalar_one()
            if number != "MET9":
                await connection.execute(
                    insert(m.officer_capability).values(officer_id=officer, capability_id=level2)
                )


async def _run(w: Workflow, caller: str, field: str, input_type: str, input: Any) -> Any:
    query = f"mutation($input: {input_type}!) {{ {field} }}"
    return await w.call(caller, query, {"input": input})


def _unit(commitment: dict[str, Any], *numbers: str) -> dict[str, Any]:
    officers = [{"serviceNumber": number} for number in numbers]
    return {"commitment": commitment["id"], "name": "MPS serial 1", "officers": officers}


def _duty(unit: dict[str, Any], start: str, end: str) -> dict[str, Any]:
    return {"planningUnit": unit["id"], "startsAt": start, "endsAt": end, "shiftType": "DAY"}


def _code(result: dict[str, Any]) -> tuple[str, str | None]:
    extensions = result["errors"][0]["extensions"]
    return extensions["code"], extensions.get("field")


async def test_units_duties_and_deployments(workflow: Workflow) -> None:
    w = workflow
    await _officers(w.graph.engine)
    request = await w.raise_submitted(4)
    offered = await w.ok("donor", "offerCommitment", offer(request, 4))
    refused = await _run(w, "donor", UNIT, "FormPlanningUnitInput", _unit(offered, "MET1"))
    assert _code(refused) == ("BAD_USER_INPUT", "commitment")
    accepted = await w.ok("host", "acceptCommitment", step(offered))

    bad_units = [
        ("donor", ("GMP1",), ("BAD_USER_INPUT", "officers[0]")),
        ("donor", ("MET1", "MET9"), ("BAD_USER_INPUT", "officers[1]")),
        ("donor", ("MET1", "MET1"), ("BAD_USER_INPUT", "officers")),
        ("donor", ("MET1", "MET2", "MET3", "MET4", "MET5"), ("BAD_USER_INPUT", "officers")),
        ("host", ("MET1",), ("FORBIDDEN", None)),
    ]
    for caller, numbers, expected in bad_units:
        result = await _run(w, caller, UNIT, "FormPlanningUnitInput", _unit(accepted, *numbers))
        assert _code(result) == expected, numbers
    input = _unit(accepted, "MET1", "MET2", "MET3")
    input["officers"][0]["role"] = "driver"
    result = await _run(w, "donor", UNIT, "FormPlanningUnitInput", input)
    unit = result["data"]["formPlanningUnit"]
    assert len(unit["members"]) == 3 and unit["commitment"] == {"id": accepted["id"]}
    again = await _run(w, "donor", UNIT, "FormPlanningUnitInput", _unit(accepted, "MET3", "MET4"))
    assert _code(again) == ("BAD_USER_INPUT", "officers")

    bad_duties = [
        ("host", ("2026-11-02T18:00:00Z", "2026-11-02T08:00:00Z"), ("BAD_USER_INPUT", "endsAt")),
        ("host", ("2026-11-02T06:00:00Z", "2026-11-03T06:00:00Z"), ("BAD_USER_INPUT", "endsAt")),
        ("host", ("2026-12-02T08:00:00Z", "2026-12-02T18:00:00Z"), ("BAD_USER_INPUT", "startsAt")),
        ("donor", ("2026-11-02T08:00:00Z", "2026-11-02T18:00:00Z"), ("FORBIDDEN", None)),
    ]
    for caller, (start, end), expected in bad_duties:
        result = await _run(w, caller, DUTY, "ScheduleDutyUnitInput", _duty(unit, start, end))
        assert _code(result) == expected, (start, end)
    result = await _run(
        w,
        "host",
        DUTY,
        "ScheduleDutyUnitInput",
        _duty(unit, "2026-11-02T08:00:00Z", "2026-11-02T18:00:00Z"),
    )
    deployments = result["data"]["scheduleDutyUnit"]["deployments"]
    assert [d["status"] for d in deployments] == ["PLANNED"] * 3

    first = {"id": deployments[0]["id"], "expectedVersion": 1}
    deploy = f"deployOfficer(input: $input) {{ {DEPLOYMENT} }}"
    stand_down = f"standDownOfficer(input: $input) {{ {DEPLOYMENT} }}"
    on_duty = await _run(w, "host", deploy, "DeploymentStepInput", first)
    assert on_duty["data"]["deployOfficer"]["status"] == "ON_DUTY"
    stale = await _run(w, "donor", stand_down, "DeploymentStepInput", first)
    assert _code(stale) == ("VERSION_CONFLICT", None)
    second = {**first, "expectedVersion": 2}
    stood_down = await _run(w, "donor", stand_down, "DeploymentStepInput", second)
    assert stood_down["data"]["standDownOfficer"]["status"] == "STOOD_DOWN"
    third = {**first, "expectedVersion": 3}
    illegal = await _run(w, "donor2", deploy, "DeploymentStepInput", third)
    assert _code(illegal) == ("FORBIDDEN", None)
    illegal = await _run(w, "host", deploy, "DeploymentStepInput", third)
    assert illegal["errors"][0]["extensions"]["currentState"] == "STOOD_DOWN"


STAY = "bookAccommodation(input: $input) { rooms checkIn status }"
TRIP = "bookTravel(input: $input) { reference mode seats }"


async def test_bookings_for_a_unit(workflow: Workflow) -> None:
    w = workflow
    await _officers(w.graph.engine)
    request = await w.raise_submitted(2)
    accepted = await w.ok(
        "host", "acceptCommitment", step(await w.ok("donor", "offerCommitment", offer(request, 2)))
    )
    result = await _run(w, "donor", UNIT, "FormPlanningUnitInput", _unit(accepted, "MET1", "MET2"))
    unit = result["data"]["formPlanningUnit"]
    stay = {
        "planningUnit": unit["id"],
        "location": "hotel",
        "checkIn": "2026-11-01",
        "checkOut": "2026-11-13",
        "rooms": 2,
    }
    bad_stays = [
        ("host", {"checkOut": "2026-11-01"}, ("BAD_USER_INPUT", "checkOut")),
        ("host", {"rooms": 3}, ("BAD_USER_INPUT", "rooms")),
        ("host", {"location": "venue"}, ("BAD_USER_INPUT", "location")),
        ("donor2", {}, ("FORBIDDEN", None)),
    ]
    for caller, changes, expected in bad_stays:
        result = await _run(w, caller, STAY, "BookAccommodationInput", {**stay, **changes})
        assert _code(result) == expected, changes
    booked = await _run(w, "host", STAY, "BookAccommodationInput", stay)
    assert booked["data"]["bookAccommodation"] == {
        "rooms": 2,
        "checkIn": "2026-11-01",
        "status": "CONFIRMED",
    }
    trip = {
        "planningUnit": unit["id"],
        "mode": "COACH",
        "from": "depot",
        "to": "venue",
        "departsAt": "2026-10-31T08:00:00Z",
        "arrivesAt": "2026-10-31T16:00:00Z",
        "seats": 2,
        "reference": "TRIP-1",
    }
    bad_trips = [
        ({"arrivesAt": "2026-10-31T07:00:00Z"}, ("BAD_USER_INPUT", "arrivesAt")),
        ({"to": "depot"}, ("BAD_USER_INPUT", "to")),
        ({"seats": 0}, ("BAD_USER_INPUT", "seats")),
        ({"to": "atlantis"}, ("BAD_USER_INPUT", "to")),
    ]
    for changes, expected in bad_trips:
        result = await _run(w, "donor", TRIP, "BookTravelInput", {**trip, **changes})
        assert _code(result) == expected, changes
    booked = await _run(w, "donor", TRIP, "BookTravelInput", trip)
    assert booked["data"]["bookTravel"] == {"reference": "TRIP-1", "mode": "COACH", "seats": 2}
