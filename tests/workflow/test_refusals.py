"""What the workflow refuses, and how: roles, inputs, states, versions and idempotency keys."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from hub.store import models as m
from tests.workflow.conftest import Workflow, offer, raise_input, step

Case = Callable[[Workflow], Awaitable[tuple[str, dict[str, Any]]]]


async def _offered(w: Workflow) -> tuple[dict[str, Any], dict[str, Any]]:
    request = await w.raise_submitted(4)
    return request, await w.ok("donor", "offerCommitment", offer(request, 2))


async def donor_submits_the_hosts_request(w: Workflow) -> tuple[str, dict[str, Any]]:
    raised = await w.ok("host", "raiseRequest", raise_input())
    return "donor", {"name": "submitRequest", "input": step(raised)}


async def donor_raises_for_the_host(w: Workflow) -> tuple[str, dict[str, Any]]:
    return "donor", {"name": "raiseRequest", "input": raise_input(force="police-scotland")}


async def donor_accepts_its_own_offer(w: Workflow) -> tuple[str, dict[str, Any]]:
    _, commitment = await _offered(w)
    return "donor", {"name": "acceptCommitment", "input": step(commitment)}


async def host_withdraws_the_donors_offer(w: Workflow) -> tuple[str, dict[str, Any]]:
    _, commitment = await _offered(w)
    return "host", {"name": "withdrawCommitment", "input": step(commitment)}


async def donor2_offers_as_the_met(w: Workflow) -> tuple[str, dict[str, Any]]:
    request = await w.raise_submitted(4)
    return "donor2", {"name": "offerCommitment", "input": offer(request, 1, "metropolitan")}


async def stakeholder_raises(w: Workflow) -> tuple[str, dict[str, Any]]:
    return "stakeholder", {"name": "raiseRequest", "input": raise_input(force="police-scotland")}


@pytest.mark.parametrize(
    "case",
    [
        donor_submits_the_hosts_request,
        donor_raises_for_the_host,
        donor_accepts_its_own_offer,
        host_withdraws_the_donors_offer,
        donor2_offers_as_the_met,
        stakeholder_raises,
    ],
)
async def test_roles(workflow: Workflow, case: Case) -> None:
    caller, call = await case(workflow)
    async with workflow.graph.engine.connect() as connection:
        events = await connection.scalar(select(func.count()).select_from(m.RequestEvent))
    error = await workflow.error(caller, call["name"], call["input"])
    assert error["code"] == "FORBIDDEN"
    async with workflow.graph.engine.connect() as connection:
        after = await connection.scalar(select(func.count()).select_from(m.RequestEvent))
    assert after == events


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": -4}, "quantity"),
        ({"endsOn": "2026-10-31"}, "endsOn"),
        ({"endsOn": "2027-03-01"}, "endsOn"),
        ({"capability": "NO_SUCH_THING"}, "capability"),
        ({"operation": "no-such-operation"}, "operation"),
        ({"force": "atlantis"}, "force"),
    ],
)
async def test_bad_requests(workflow: Workflow, changes: dict[str, Any], field: str) -> None:
    input = raise_input(**{"force": "police-scotland", **changes})
    error = await workflow.error("coordinator", "raiseRequest", input)
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", field)


async def test_bad_offers_and_changes(workflow: Workflow) -> None:
    w = workflow
    request = await w.raise_submitted(4)
    cases = [
        ("host", "offerCommitment", offer(request, 2), "force"),
        ("donor", "offerCommitment", offer(request, 0), "quantity"),
        ("donor", "offerCommitment", offer(request, 5), "quantity"),
        ("host", "updateRequest", {**step(request), "endsOn": "2026-10-01"}, "endsOn"),
        ("host", "updateRequest", {**step(request), "startsOn": "2026-12-01"}, "startsOn"),
        ("host", "updateRequest", step(request), "input"),
        ("host", "extendRequest", {**step(request), "endsOn": "2026-11-13"}, "endsOn"),
    ]
    for caller, name, input, field in cases:
        error = await w.error(caller, name, input)
        assert (error["code"], error.get("field")) == ("BAD_USER_INPUT", field), (name, input)


async def test_an_unknown_id_is_not_found(workflow: Workflow) -> None:
    for name, id in [("submitRequest", "nonsense"), ("acceptCommitment", "Q29tbWl0bWVudDp4")]:
        error = await workflow.error("host", name, {"id": id, "expectedVersion": 1})
        assert error["code"] == "NOT_FOUND"


async def test_an_illegal_step_names_the_state_and_what_is_allowed(workflow: Workflow) -> None:
    raised = await workflow.ok("host", "raiseRequest", raise_input())
    error = await workflow.error("host", "confirmRequest", step(raised))
    assert error["code"] == "ILLEGAL_TRANSITION"
    assert error["currentState"] == "DRAFT"
    assert error["allowed"] == ["UPDATE", "SUBMIT", "CANCEL"]
    offered = await workflow.error("donor", "offerCommitment", offer(raised, 1))
    assert (offered["code"], offered["currentState"]) == ("ILLEGAL_TRANSITION", "DRAFT")


async def test_a_stale_version_is_a_conflict(workflow: Workflow) -> None:
    w = workflow
    raised = await w.ok("host", "raiseRequest", raise_input())
    await w.ok("host", "updateRequest", {**step(raised), "description": "changed"})
    error = await w.error("host", "submitRequest", step(raised))
    assert (error["code"], error["currentVersion"]) == ("VERSION_CONFLICT", 2)
    _, commitment = await _offered(w)
    await w.ok("host", "acceptCommitment", step(commitment))
    error = await w.error("host", "declineCommitment", step(commitment))
    assert (error["code"], error["currentVersion"]) == ("VERSION_CONFLICT", 2)


async def test_an_idempotency_key_replays_the_first_answer(workflow: Workflow) -> None:
    w = workflow
    first = await w.ok("host", "raiseRequest", raise_input(), key="raise-1")
    again = await w.ok("host", "raiseRequest", raise_input(), key="raise-1")
    assert again == first
    submitted = await w.ok("host", "submitRequest", step(first), key="submit-1")
    # The request moved on, but the retry still gets the first answer, not a conflict.
    await w.ok("host", "updateRequest", {**step(submitted), "quantity": 6})
    assert await w.ok("host", "submitRequest", step(first), key="submit-1") == submitted
    reused = await w.mutate("host", "raiseRequest", raise_input(quantity=3), key="raise-1")
    assert reused["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    # Keys belong to the key that sent them: another caller's same key is a new call.
    other = await w.ok("coordinator", "raiseRequest", raise_input(force="kent"), key="raise-1")
    assert other["id"] != first["id"]
    async with w.graph.engine.connect() as connection:
        raised = await connection.scalar(select(func.count()).select_from(m.MutualAidRequest))
    assert raised == 2
