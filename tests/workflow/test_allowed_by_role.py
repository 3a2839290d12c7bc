"""An ILLEGAL_TRANSITION error lists only the steps its caller could take (#16 item 2)."""

from __future__ import annotations

from tests.workflow.conftest import Workflow, offer, raise_input, step


async def test_the_host_is_offered_the_host_steps(workflow: Workflow) -> None:
    submitted = await workflow.raise_submitted(8)
    error = await workflow.error("host", "confirmRequest", step(submitted))
    assert error["code"] == "ILLEGAL_TRANSITION"
    assert "OFFER" not in error["allowed"]
    assert error["allowed"] == ["UPDATE", "RELEASE", "EXTEND", "CANCEL", "FILL"]


async def test_a_coordinator_is_offered_every_step(workflow: Workflow) -> None:
    submitted = await workflow.raise_submitted(8)
    error = await workflow.error("coordinator", "confirmRequest", step(submitted))
    assert error["allowed"] == ["UPDATE", "RELEASE", "EXTEND", "CANCEL", "OFFER", "FILL"]


async def test_a_donor_is_offered_only_what_a_provider_does(workflow: Workflow) -> None:
    draft = await workflow.ok("host", "raiseRequest", raise_input())
    error = await workflow.error("donor", "offerCommitment", offer(draft, 1))
    assert (error["currentState"], error["allowed"]) == ("DRAFT", [])
    filled = await workflow.raise_submitted(2)
    accepted = await workflow.ok("donor", "offerCommitment", offer(filled, 2))
    await workflow.ok("host", "acceptCommitment", step(accepted))
    late = await workflow.error("donor2", "offerCommitment", offer(filled, 1))
    assert (late["currentState"], late["allowed"]) == ("FILLED", ["RELEASE"])
