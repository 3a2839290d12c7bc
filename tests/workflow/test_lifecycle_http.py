"""A request played through every state over HTTP, with two forces' partner keys and a
coordinator's key, and its history read back as events and as EDXL-RM messages."""

from __future__ import annotations

from typing import Any

from tests.workflow.conftest import Workflow, offer, raise_input, step

HISTORY = """
query($id: ID!) {
  node(id: $id) {
    ... on MutualAidRequest {
      status
      history {
        sequence action fromStatus toStatus actorRole actorForce { code }
        commitment { id } changes { field from to }
      }
      edxlMessages { messageId messageType responseType originatingMessageId precedingMessageId }
      commitments { status version }
    }
  }
}
"""


async def test_a_request_through_every_state(workflow: Workflow) -> None:
    w = workflow
    seen: list[str] = []

    def saw(record: dict[str, Any]) -> dict[str, Any]:
        if not seen or seen[-1] != record["status"]:
            seen.append(record["status"])
        return record

    request = saw(await w.ok("host", "raiseRequest", raise_input(10)))
    request = saw(await w.ok("host", "updateRequest", {**step(request), "quantity": 8}))
    assert (request["quantity"], request["version"]) == (8, 2)
    request = saw(await w.ok("host", "submitRequest", step(request)))
    met = await w.ok("donor", "offerCommitment", offer(request, 5))
    gmp = await w.ok("donor2", "offerCommitment", offer(request, 3))
    spare = await w.ok("coordinator", "offerCommitment", offer(request, 2, "metropolitan"))
    assert (met["sequence"], spare["sequence"], met["status"]) == (1, 2, "OFFERED")

    await w.ok("host", "acceptCommitment", step(met))
    request = saw(await _request(w, request))
    assert (await w.ok("host", "declineCommitment", step(spare)))["status"] == "DECLINED"
    gmp = await w.ok("host", "acceptCommitment", step(gmp))
    request = saw(await _request(w, request))
    request = saw(await w.ok("host", "confirmRequest", step(request)))
    request = saw(await w.ok("host", "extendRequest", {**step(request), "endsOn": "2026-11-15"}))
    assert request["endsOn"] == "2026-11-15"
    request = saw(await w.ok("host", "startRequest", step(request)))
    assert (await w.ok("donor2", "releaseCommitment", step(gmp)))["status"] == "RELEASED"
    request = saw(await w.ok("coordinator", "completeRequest", step(request)))

    assert seen == [
        "DRAFT",
        "SUBMITTED",
        "PARTIALLY_FILLED",
        "FILLED",
        "CONFIRMED",
        "IN_PROGRESS",
        "COMPLETED",
    ]
    node = (await w.call("donor", HISTORY, {"id": request["id"]}))["data"]["node"]
    actions = [event["action"] for event in node["history"]]
    assert actions == [
        "RAISE",
        "UPDATE",
        "SUBMIT",
        "OFFER",
        "OFFER",
        "OFFER",
        "ACCEPT",
        "DECLINE",
        "ACCEPT",
        "CONFIRM",
        "EXTEND",
        "START",
        "RELEASE",
        "COMPLETE",
    ]
    assert [event["sequence"] for event in node["history"]] == list(range(1, 15))
    accept = node["history"][6]
    assert (accept["fromStatus"], accept["toStatus"]) == ("SUBMITTED", "PARTIALLY_FILLED")
    assert accept["actorForce"] == {"code": "police-scotland"}
    assert accept["commitment"] == {"id": met["id"]}
    assert accept["changes"] == [
        {"field": "commitment.status", "from": "OFFERED", "to": "ACCEPTED"}
    ]
    assert node["history"][-1]["actorRole"] == "coordinator"
    assert node["history"][-1]["actorForce"] is None
    # Completing released the Met's officers; every commitment is closed.
    assert sorted(c["status"] for c in node["commitments"]) == ["DECLINED", "RELEASED", "RELEASED"]

    messages = node["edxlMessages"]
    assert messages[0]["messageType"] == "RequestResource"
    assert messages[-1]["messageType"] == "RequestReturn"
    assert {m["originatingMessageId"] for m in messages} == {messages[0]["messageId"]}
    assert [m["precedingMessageId"] for m in messages[1:]] == [
        m["messageId"] for m in messages[:-1]
    ]


async def test_a_request_withdrawn_from_and_cancelled(workflow: Workflow) -> None:
    w = workflow
    request = await w.raise_submitted(6)
    met = await w.ok("donor", "offerCommitment", offer(request, 4))
    gmp = await w.ok("donor2", "offerCommitment", offer(request, 2))
    assert (await w.ok("donor", "withdrawCommitment", step(met)))["status"] == "WITHDRAWN"
    cancelled = await w.ok("host", "cancelRequest", {**step(request), "reason": "event called off"})
    assert cancelled["status"] == "CANCELLED"
    node = (await w.call("host", HISTORY, {"id": request["id"]}))["data"]["node"]
    assert [c["status"] for c in node["commitments"]] == ["WITHDRAWN", "DECLINED"]
    assert {"field": "reason", "from": None, "to": "event called off"} in node["history"][-1][
        "changes"
    ]
    # Cancelling declined the open offer: it can no longer be withdrawn.
    error = await w.error("donor2", "withdrawCommitment", {**step(gmp), "expectedVersion": 2})
    assert (error["code"], error["currentState"], error["allowed"]) == (
        "ILLEGAL_TRANSITION",
        "DECLINED",
        [],
    )


async def _request(w: Workflow, request: dict[str, Any]) -> dict[str, Any]:
    query = "query($id: ID!) { node(id: $id) { ... on MutualAidRequest { id status version } } }"
    node: dict[str, Any] = (await w.call("host", query, {"id": request["id"]}))["data"]["node"]
    return {**request, **node}


async def test_who_acted_is_withheld_from_stakeholders(workflow: Workflow) -> None:
    request = await workflow.raise_submitted(2)
    query = (
        "query($id: ID!) { node(id: $id) { ... on MutualAidRequest { history { actorName } } } }"
    )
    names = {}
    for caller in ("coordinator", "donor", "stakeholder"):
        result = await workflow.call(caller, query, {"id": request["id"]})
        assert "errors" not in result, result
        names[caller] = [event["actorName"] for event in result["data"]["node"]["history"]]
    assert names["coordinator"] == names["donor"] == ["test partner police-scotland"] * 2
    assert names["stakeholder"] == [None, None]
