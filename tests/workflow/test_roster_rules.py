"""Duties that break a roster rule are refused with a code naming both duty units (#16 item 3)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from hub.store import models as m
from tests.workflow.conftest import Workflow, offer, step
from tests.workflow.test_units import UNIT, _duty, _officers, _run, _unit

DUTY_FIELDS = "scheduleDutyUnit(input: $input) { reference }"


async def _planning_unit(w: Workflow) -> dict[str, Any]:
    await _officers(w.graph.engine)
    request = await w.raise_submitted(4)
    offered = await w.ok("donor", "offerCommitment", offer(request, 2))
    accepted = await w.ok("host", "acceptCommitment", step(offered))
    result = await _run(w, "donor", UNIT, "FormPlanningUnitInput", _unit(accepted, "MET1", "MET2"))
    unit: dict[str, Any] = result["data"]["formPlanningUnit"]
    return unit


async def _schedule(w: Workflow, unit: dict[str, Any], start: str, end: str) -> dict[str, Any]:
    input = {**_duty(unit, start, end), "reference": f"DU-{start[8:13]}"}
    return await _run(w, "host", DUTY_FIELDS, "ScheduleDutyUnitInput", input)


async def test_overlap_and_short_rest_are_refused(workflow: Workflow) -> None:
    unit = await _planning_unit(workflow)
    first = await _schedule(workflow, unit, "2026-11-02T07:00:00Z", "2026-11-02T15:00:00Z")
    assert first["data"]["scheduleDutyUnit"]["reference"] == "DU-02T07"
    overlap = await _schedule(workflow, unit, "2026-11-02T12:00:00Z", "2026-11-02T20:00:00Z")
    error = overlap["errors"][0]["extensions"]
    assert (error["code"], error["dutyUnit"], error["otherDutyUnit"]) == (
        "ROSTER_OVERLAP",
        "DU-02T12",
        "DU-02T07",
    )
    assert "DU-02T07" in overlap["errors"][0]["message"]
    short = await _schedule(workflow, unit, "2026-11-02T23:00:00Z", "2026-11-03T07:00:00Z")
    error = short["errors"][0]["extensions"]
    assert (error["code"], error["otherDutyUnit"]) == ("ROSTER_SHORT_REST", "DU-02T07")
    # Eleven hours after the first tour ends is enough rest; nothing refused was written.
    rested = await _schedule(workflow, unit, "2026-11-03T02:00:00Z", "2026-11-03T10:00:00Z")
    assert rested["data"]["scheduleDutyUnit"]["reference"] == "DU-03T02"


async def test_a_duty_while_unavailable_is_refused(workflow: Workflow) -> None:
    unit = await _planning_unit(workflow)
    async with workflow.graph.engine.begin() as connection:
        await connection.execute(
            update(m.Officer)
            .where(m.Officer.service_number == "MET2")
            .values(availability="UNAVAILABLE")
        )
    refused = await _schedule(workflow, unit, "2026-11-02T07:00:00Z", "2026-11-02T15:00:00Z")
    assert refused["errors"][0]["extensions"]["code"] == "ROSTER_OFFICER_UNAVAILABLE"
