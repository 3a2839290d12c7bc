"""Each message type written and read back by the hub's profile, without a database; and the
documents of many requests read in a bounded number of statements."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from hub.config import Settings
from hub.domain.edxl import (
    MESSAGE_TYPES,
    RECORDED,
    CommitmentKey,
    Message,
    Party,
    RequestState,
    step_for,
)
from hub.edxl.build import to_xml
from hub.edxl.parse import parse_bytes
from tests.edxl.conftest import valid_against_oasis
from tests.edxl.test_round_trip import Story
from tests.helpers import count_statements
from tests.workflow.conftest import Workflow

STATE = RequestState(
    reference="MAR-ROUND/1",
    requesting_force="police-scotland",
    capability="PUBLIC_ORDER_L2",
    quantity=3,
    starts_on=date(2026, 11, 1),
    ends_on=date(2026, 11, 13),
    description="Serials for COP26 <Glasgow> & Edinburgh",
    operation="COP26",
    location="SEC-GLASGOW",
    unit="SERIAL",
)
COMMITMENT = CommitmentKey("metropolitan", 2, 1)


@pytest.mark.parametrize("message_type", MESSAGE_TYPES)
@pytest.mark.parametrize("about_commitment", [False, True])
def test_written_and_read_back(message_type: str, about_commitment: bool) -> None:
    message = Message(
        message_id="m-2",
        message_type=message_type,
        response_type="Provisional" if message_type == "ResponseToRequestResource" else None,
        originating_message_id="m-1",
        preceding_message_id="m-1",
        sent_at=datetime(2026, 11, 2, 9, 30, 15, 250000, tzinfo=UTC),
        sender="metropolitan",
        party=Party.RESPONDER,
        request=STATE,
        commitment=COMMITMENT if about_commitment else None,
        note="Reply by 18:00",
        price="GBP 100" if message_type == "ResponseToRequestQuote" else None,
    )
    xml = to_xml(message)
    assert valid_against_oasis(xml.decode()) == []
    parsed = parse_bytes(xml, "m.xml")
    assert (parsed.message_type, parsed.message_id, parsed.sent_at) == (
        message_type,
        "m-2",
        message.sent_at,
    )
    assert (parsed.sender, parsed.party, parsed.request) == ("metropolitan", Party.RESPONDER, STATE)
    assert parsed.commitment == (COMMITMENT if about_commitment else None)
    assert parsed.originating_message_id == "m-1"
    if message_type not in ("RequestResource", "OfferUnsolicitedResource"):
        assert parsed.preceding_message_id == "m-1"
    assert parsed.note == "Reply by 18:00"
    step = step_for(
        message_type,
        response_type=parsed.response_type,
        party=parsed.party,
        about_commitment=about_commitment,
    )
    assert step == message_type if message_type in RECORDED else step.isupper()


@pytest.mark.asyncio(loop_scope="package")
async def test_documents_of_many_requests_in_bounded_statements(
    hub: tuple[Settings, Workflow], tmp_path: Path
) -> None:
    settings, workflow = hub
    for _ in range(4):
        story = Story(workflow, tmp_path, settings)
        await story.submit()
        await story.offer("donor", 2)
    query = (
        'query($n: Int!) { mutualAidRequests(first: $n, filter: {forces: ["police-scotland"]})'
        " { nodes { edxlMessages { messageType xml } } } }"
    )
    counts = []
    for first in (1, 4):
        with count_statements(workflow.graph.engine) as log:
            result = await workflow.call("coordinator", query, {"n": first})
        assert "errors" not in result, result
        nodes = result["data"]["mutualAidRequests"]["nodes"]
        assert len(nodes) == first and all(node["edxlMessages"] for node in nodes)
        counts.append(log.count)
    assert counts[0] == counts[1], counts
