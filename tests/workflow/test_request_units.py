"""A request counts in a resource unit; every figure turns it into officers (#16 item 1)."""

from __future__ import annotations

from typing import Any

from tests.workflow.conftest import Workflow, offer, raise_input, step

FILL = """{ requestFillRates(groupBy: []) { requests requested committed deployed commitmentRate }
            requestCounts(groupBy: []) { requests officersRequested } }"""
FIELDS = "id version quantity unit officers"


async def _raise(w: Workflow, **changes: Any) -> dict[str, Any]:
    query = f"mutation($input: RaiseRequestInput!) {{ raiseRequest(input: $input) {{ {FIELDS} }} }}"
    result = await w.call("host", query, {"input": raise_input(**changes)})
    assert "errors" not in result, result
    raised: dict[str, Any] = result["data"]["raiseRequest"]
    return raised


async def test_a_request_for_psus_comes_to_their_officers(workflow: Workflow) -> None:
    raised = await _raise(workflow, quantity=2, unit="PSU")
    assert raised | {"id": 0, "version": 0} == {
        "id": 0,
        "version": 0,
        "quantity": 2,
        "unit": "PSU",
        "officers": 50,
    }
    # A name found in exports resolves to the code; a default is one officer.
    assert (await _raise(workflow, quantity=3, unit="po serial"))["officers"] == 24
    assert (await _raise(workflow, quantity=7))["unit"] == "OFFICER"


async def test_an_unknown_unit_is_refused_naming_the_field(workflow: Workflow) -> None:
    error = await workflow.error("host", "raiseRequest", raise_input(unit="BRIGADE"))
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", "unit")


async def test_fill_rates_compare_officers_with_officers(workflow: Workflow) -> None:
    psus = await _raise(workflow, quantity=2, unit="PSU")
    psus = await workflow.ok("host", "submitRequest", {"id": psus["id"], "expectedVersion": 1})
    officers = await workflow.raise_submitted(10)
    one_psu = await workflow.ok("donor", "offerCommitment", offer(psus, 1))
    four = await workflow.ok("donor", "offerCommitment", offer(officers, 4))
    await workflow.ok("host", "acceptCommitment", step(one_psu))
    await workflow.ok("host", "acceptCommitment", step(four))
    answer = await workflow.call("coordinator", FILL, {})
    assert "errors" not in answer, answer
    data = answer["data"]
    (rate,) = data["requestFillRates"]
    # 50 + 10 officers asked for; one PSU (25) and four officers committed.
    assert rate == {
        "requests": 2,
        "requested": 60,
        "committed": 29,
        "deployed": 0,
        "commitmentRate": 29 / 60,
    }
    assert data["requestCounts"] == [{"requests": 2, "officersRequested": 60}]


async def test_changing_quantity_or_unit_recomputes_officers(workflow: Workflow) -> None:
    raised = await _raise(workflow, quantity=2, unit="SERIAL")
    query = (
        f"mutation($input: UpdateRequestInput!) {{ updateRequest(input: $input) {{ {FIELDS} }} }}"
    )
    changed = await workflow.call(
        "host", query, {"input": {**step(raised), "unit": "PSU", "quantity": 1}}
    )
    assert changed["data"]["updateRequest"]["officers"] == 25
    again = await workflow.call(
        "host", query, {"input": {"id": raised["id"], "expectedVersion": 2, "quantity": 3}}
    )
    assert (again["data"]["updateRequest"]["unit"], again["data"]["updateRequest"]["officers"]) == (
        "PSU",
        75,
    )


async def test_the_unit_is_fixed_once_commitments_are_accepted(workflow: Workflow) -> None:
    psus = await _raise(workflow, quantity=2, unit="PSU")
    psus = await workflow.ok("host", "submitRequest", {"id": psus["id"], "expectedVersion": 1})
    accepted = await workflow.ok("donor", "offerCommitment", offer(psus, 1))
    await workflow.ok("host", "acceptCommitment", step(accepted))
    current = (
        await workflow.call(
            "host",
            "query($id: ID!) { node(id: $id) { ... on MutualAidRequest { version } } }",
            {"id": psus["id"]},
        )
    )["data"]["node"]
    error = await workflow.error(
        "host",
        "updateRequest",
        {"id": psus["id"], "expectedVersion": current["version"], "unit": "OFFICER"},
    )
    assert (error["code"], error["field"]) == ("BAD_USER_INPUT", "unit")


async def test_the_code_list_is_in_the_graph(workflow: Workflow) -> None:
    query = "{ resourceUnits { code officers composition } }"
    units = (await workflow.call("stakeholder", query, {}))["data"]["resourceUnits"]
    assert {
        "code": "PSU",
        "officers": 25,
        "composition": "1 inspector, 3 sergeants, 18 constables, 3 drivers",
    } in units
