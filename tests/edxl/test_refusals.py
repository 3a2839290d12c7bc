"""Messages the hub refuses, each with a stable code naming the file and the XML path, and
nothing written: steps that do not fit the request's state, senders who may not send them,
messages out of sequence, reused ids, hostile or broken XML. And the documents themselves
carry no personal data, whoever reads them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from hub.config import Settings
from tests.edxl.conftest import hub_cli
from tests.edxl.messages import Sent, message_xml
from tests.edxl.test_round_trip import Story, remove_request
from tests.workflow.conftest import Workflow

pytestmark = pytest.mark.asyncio(loop_scope="package")


async def _refused(settings: Settings, path: Path) -> str:
    result = await hub_cli(settings, "edxl", "import", str(path))
    assert result.exit_code == 1, result.output
    assert "1 refused" in result.output
    return " ".join(result.output.split())


async def _sent(story: Story, name: str, **changes: Any) -> Path:
    originating, preceding = await story.last_message()
    fields: dict[str, Any] = {
        "message_type": "RequestInformation",
        "message_id": f"{name}-{story.request['reference']}",
        "originating": originating,
        "preceding": preceding,
        "sender": "metropolitan",
        "role": "Sender",
        "reference": story.request["reference"],
        **changes,
    }
    path = story.tmp / f"{name}.xml"
    path.write_text(message_xml(Sent(**fields)))
    return path


async def test_a_step_the_state_does_not_allow(
    hub: tuple[Settings, Workflow], tmp_path: Path
) -> None:
    settings, workflow = hub
    story = Story(workflow, tmp_path, settings)
    await story.submit()
    before = await story.snapshot()
    path = await _sent(
        story,
        "status",
        message_type="RequestResourceDeploymentStatus",
        sender="police-scotland",
        role="Requester",
    )
    output = await _refused(settings, path)
    assert "ILLEGAL_TRANSITION" in output and str(path) in output
    assert "path /rmsg:RequestResourceDeploymentStatus/rmsg:MessageContentType" in output
    assert await story.snapshot() == before


async def test_refusals_name_their_place(hub: tuple[Settings, Workflow], tmp_path: Path) -> None:
    settings, workflow = hub
    story = Story(workflow, tmp_path, settings)
    await story.submit()
    before = await story.snapshot()
    cases = [
        # A quote is asked for by the requesting force, not by another.
        (
            {"message_type": "RequestQuote", "sender": "metropolitan", "role": "Requester"},
            "FORBIDDEN",
            "/rmsg:RequestQuote/rmsg:ContactInformation",
        ),
        ({"preceding": "not-the-last-one"}, "EDXL_OUT_OF_SEQUENCE", "rmsg:PrecedingMessageID"),
        ({"originating": "never-sent"}, "EDXL_UNKNOWN_REQUEST", "rmsg:OriginatingMessageID"),
        ({"sender": "atlantis"}, "EDXL_BAD_VALUE", "rm:ContactDescription"),
        ({"note": "x" * 2_001}, "EDXL_BAD_VALUE", "/rmsg:MessageDescription"),
        (
            {"message_type": "ResponseToRequestQuote", "role": "RespondingOrg"},
            "EDXL_NOTHING_TO_ANSWER",
            "/rmsg:ResponseToRequestQuote/rmsg:MessageContentType",
        ),
    ]
    for number, (changes, code, place) in enumerate(cases):
        output = await _refused(settings, await _sent(story, f"case{number}", **changes))
        assert code in output and place in output, output
    assert await story.snapshot() == before


async def test_a_message_id_is_one_message(hub: tuple[Settings, Workflow], tmp_path: Path) -> None:
    settings, workflow = hub
    story = Story(workflow, tmp_path, settings)
    await story.submit()
    first = await _sent(story, "asked")
    result = await hub_cli(settings, "edxl", "import", str(first))
    assert result.exit_code == 0, result.output
    # The same message again: known, nothing written; the same id for another message: refused.
    result = await hub_cli(settings, "edxl", "import", str(first))
    assert result.exit_code == 0 and "unchanged" in result.output, result.output
    node = await story.snapshot()
    assert [m["messageType"] for m in node["edxlMessages"]].count("RequestInformation") == 1
    path = story.tmp / "reused.xml"
    text = first.read_text().replace("RequestInformation", "OfferUnsolicitedResource")
    path.write_text(re.sub("<rmsg:PrecedingMessageID>.*</rmsg:PrecedingMessageID>", "", text))
    output = await _refused(settings, path)
    assert "EDXL_MESSAGE_ID_REUSED" in output and "rmsg:MessageID" in output
    assert await story.snapshot() == node


async def test_documents_carry_no_personal_data(
    hub: tuple[Settings, Workflow], tmp_path: Path
) -> None:
    settings, workflow = hub
    story = Story(workflow, tmp_path, settings)
    await story.submit()
    await story.offer("donor", 4)
    query = (
        "query($id: ID!) { node(id: $id) { ... on MutualAidRequest "
        "{ edxlMessages { xml } history { actorName } } } }"
    )
    seen = {}
    for caller in ("coordinator", "host", "donor", "stakeholder"):
        result = await workflow.call(caller, query, {"id": story.request["id"]})
        assert "errors" not in result, result
        seen[caller] = result["data"]["node"]
    documents = [m["xml"] for m in seen["coordinator"]["edxlMessages"]]
    assert len(documents) == 2
    assert all([m["xml"] for m in seen[c]["edxlMessages"]] == documents for c in seen)
    names = {e["actorName"] for e in seen["coordinator"]["history"]}
    assert names and all(name and name not in doc for name in names for doc in documents)
    assert {e["actorName"] for e in seen["stakeholder"]["history"]} == {None}


HOSTILE = {
    "xxe": (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<rmsg:RequestResource xmlns:rmsg="urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg">'
        "&x;</rmsg:RequestResource>",
        "EDXL_DOCTYPE_FORBIDDEN",
    ),
    "laughs": (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {b} "&{a};&{a};&{a};&{a};&{a};&{a};&{a};&{a};&{a};&{a};">'
            for a, b in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]><l>&i;</l>",
        "EDXL_DOCTYPE_FORBIDDEN",
    ),
    "laughs-utf8": (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {b} "&{a};&{a};&{a};&{a};&{a};&{a};&{a};&{a};&{a};&{a};">'
            for a, b in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]><l>&i;</l>",
        "EDXL_DOCTYPE_FORBIDDEN",
    ),
    "huge": ("<l>" + "x" * 1_100_000 + "</l>", "EDXL_TOO_LARGE"),
    "deep": ("<a>" * 300 + "</a>" * 300, "EDXL_MALFORMED"),
    "truncated": ('<rmsg:RequestResource xmlns:rmsg="urn:x"><rmsg:MessageID>', "EDXL_MALFORMED"),
    "foreign": ("<incident><id>1</id></incident>", "EDXL_UNKNOWN_MESSAGE"),
    "invalid": (
        '<rmsg:RequestResource xmlns:rmsg="urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg">'
        "<rmsg:MessageID>m1</rmsg:MessageID></rmsg:RequestResource>",
        "EDXL_SCHEMA_INVALID",
    ),
}


async def test_hostile_and_broken_files(tmp_path: Path) -> None:
    """Refused while reading, before the database is asked anything (no hub needed)."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'none.db'}")
    for name, (text, code) in HOSTILE.items():
        path = tmp_path / f"{name}.xml"
        path.write_bytes(text.encode("utf-16" if name == "laughs" else "utf-8"))
        output = await _refused(settings, path)
        assert code in output and str(path) in output, (name, output)


async def test_a_workflow_step_out_of_its_state(
    hub: tuple[Settings, Workflow], tmp_path: Path
) -> None:
    """A request's return, sent while the request is only submitted: the workflow refuses it."""
    settings, workflow = hub
    story = Story(workflow, tmp_path, settings)
    await story.started()
    await story.request_step("completeRequest")
    messages = (await story.snapshot())["edxlMessages"]
    await remove_request(story)
    first, last = tmp_path / "first.xml", tmp_path / "last.xml"
    first.write_text(messages[0]["xml"])
    assert messages[-1]["messageType"] == "RequestReturn"
    # Without PrecedingMessageID (optional in RequestReturn) the sequence cannot stop it.
    last.write_text(
        re.sub(r"<rmsg:PrecedingMessageID>.*</rmsg:PrecedingMessageID>\s*", "", messages[-1]["xml"])
    )
    result = await hub_cli(settings, "edxl", "import", str(first))
    assert result.exit_code == 0, result.output
    before = await story.snapshot()
    output = await _refused(settings, last)
    assert "ILLEGAL_TRANSITION" in output
    assert "a request that is SUBMITTED cannot COMPLETE" in output
    assert str(last) in output and "/rmsg:RequestReturn/rmsg:MessageContentType" in output
    assert await story.snapshot() == before


IMPORT = """
mutation($xml: String!) {
  importEdxlMessage(xml: $xml) { messageId messageType step applied request { status version } }
}
"""


async def test_messages_through_the_graph_as_the_caller(
    hub: tuple[Settings, Workflow], tmp_path: Path
) -> None:
    """`importEdxlMessage`: each force's key sends its own force's messages, and only those."""
    settings, workflow = hub
    story = Story(workflow, tmp_path, settings)
    await story.submit()
    await story.offer("donor", 4)
    before = await story.snapshot()
    request_xml, offer_xml = (m["xml"] for m in before["edxlMessages"])
    await remove_request(story)

    refused = await workflow.call("donor", IMPORT, {"xml": request_xml})
    (error,) = refused["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["extensions"]["path"].endswith("rmsg:ContactInformation/rm:ContactDescription")
    refused = await workflow.call("stakeholder", IMPORT, {"xml": request_xml})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    for caller, xml, step in (("host", request_xml, "SUBMIT"), ("donor", offer_xml, "OFFER")):
        result = await workflow.call(caller, IMPORT, {"xml": xml})
        assert "errors" not in result, result
        assert result["data"]["importEdxlMessage"]["step"] == step
        assert result["data"]["importEdxlMessage"]["applied"] is True
    again = await workflow.call("donor", IMPORT, {"xml": offer_xml})
    assert again["data"]["importEdxlMessage"]["applied"] is False
    assert again["data"]["importEdxlMessage"]["request"] == {"status": "SUBMITTED", "version": 2}
    # Sent by the same keys as before: the same history, down to the forces and roles that acted.
    after = await story.snapshot()
    for snapshot in (before, after):
        snapshot["history"][0].pop("messageId")
        snapshot["history"][0].pop("occurredAt")
    assert after == before

    broken = await workflow.call("host", IMPORT, {"xml": "<!DOCTYPE x><x/>"})
    assert broken["errors"][0]["extensions"]["code"] == "EDXL_DOCTYPE_FORBIDDEN"
