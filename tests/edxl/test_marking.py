"""EDXL-RM messages carry their request's security marking, and stay valid against the XSDs
(also a request for information whose note is empty: its schema requires a description)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hub.config import Settings
from hub.domain.edxl import Message
from hub.edxl.build import to_xml
from tests.edxl.conftest import valid_against_oasis
from tests.workflow.conftest import Workflow

MESSAGES = """query($ref: String!) { mutualAidRequest(reference: $ref) {
  id classification edxlMessages { messageType xml } } }"""
MARK = """mutation($id: ID!) {
  markClassification(id: $id, classification: OFFICIAL_SENSITIVE) { classification } }"""
TAG = "Classification>{}</"


@pytest.mark.asyncio(loop_scope="package")
async def test_messages_carry_the_requests_marking(hub: tuple[Settings, Workflow]) -> None:
    _settings, workflow = hub
    submitted = await workflow.raise_submitted(3)
    reference = submitted["reference"]
    answer = await workflow.call("coordinator", MESSAGES, {"ref": reference})
    assert "errors" not in answer, answer
    before = answer["data"]
    request = before["mutualAidRequest"]
    assert request["classification"] == "OFFICIAL"
    assert request["edxlMessages"], "a submitted request has its RequestResource message"
    for message in request["edxlMessages"]:
        assert TAG.format("OFFICIAL") in message["xml"]
        assert valid_against_oasis(message["xml"]) == []

    marked = await workflow.call("coordinator", MARK, {"id": request["id"]})
    assert marked["data"]["markClassification"]["classification"] == "OFFICIAL_SENSITIVE"
    after = (await workflow.call("coordinator", MESSAGES, {"ref": reference}))["data"]
    for message in after["mutualAidRequest"]["edxlMessages"]:
        assert TAG.format("OFFICIAL-SENSITIVE") in message["xml"], message["xml"]
        assert valid_against_oasis(message["xml"]) == []


def test_a_request_for_information_with_an_empty_note_is_still_valid() -> None:
    message = Message(
        "m-1", "RequestInformation", None, "o-1", None, datetime(2026, 11, 2, tzinfo=UTC), "kent"
    )
    xml = to_xml(message).decode()
    assert "<rmsg:MessageDescription>RequestInformation</rmsg:MessageDescription>" in xml
    assert valid_against_oasis(xml) == []
