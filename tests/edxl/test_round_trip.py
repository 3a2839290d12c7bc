"""Every EDXL-RM 1.0 message type, both ways: a request taken through GraphQL (and, for the
eight kinds with no step, messages a partner's system sent), exported as XML valid against
the OASIS schemas, removed, and imported again with `hub edxl import`: the request, its
commitments, its history and its messages come back the same."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete

from hub.config import Settings
from hub.store import models as m
from tests.edxl.conftest import hub_cli, valid_against_oasis
from tests.edxl.messages import Sent, message_xml
from tests.workflow.conftest import Workflow, offer, raise_input, step

SNAPSHOT = """
query($id: ID!) {
  node(id: $id) {
    ... on MutualAidRequest {
      reference status version quantity unit officers startsOn endsOn description
      capability { code } requestingForce { code }
      commitments { sequence quantity status version providingForce { code } }
      history {
        sequence action fromStatus toStatus actorRole actorForce { code }
        changes { field from to } messageId occurredAt commitment { id }
      }
      edxlMessages {
        messageId messageType responseType originatingMessageId precedingMessageId
        sentAt senderForce xml
      }
    }
  }
}
"""


class Story:
    """A request taken step by step, as its forces would."""

    def __init__(self, w: Workflow, tmp: Path, settings: Settings) -> None:
        self.w, self.tmp, self.settings = w, tmp, settings
        self.request: dict[str, Any] = {}
        self.offers: dict[str, dict[str, Any]] = {}
        self.sent = 0

    async def refresh(self) -> None:
        query = "query($id: ID!) { node(id: $id) { ... on MutualAidRequest { id version } } }"
        found = await self.w.call("coordinator", query, {"id": self.request["id"]})
        self.request.update(found["data"]["node"])

    async def submit(self) -> None:
        raised = await self.w.ok("host", "raiseRequest", raise_input(8, operation=None))
        self.request = await self.w.ok("host", "submitRequest", step(raised))

    async def update(self) -> None:
        changed = {**step(self.request), "quantity": 3, "unit": "SERIAL", "description": "Serials"}
        self.request = await self.w.ok("host", "updateRequest", changed)

    async def offer(self, caller: str, quantity: int) -> None:
        made = await self.w.ok(caller, "offerCommitment", offer(self.request, quantity))
        self.offers[caller] = made

    async def commitment(self, caller: str, by: str, name: str) -> None:
        self.offers[caller] = await self.w.ok(by, name, step(self.offers[caller]))
        await self.refresh()

    async def request_step(self, name: str, **values: Any) -> None:
        await self.refresh()
        self.request = await self.w.ok("host", name, {**step(self.request), **values})

    async def filled(self) -> None:
        await self.submit()
        await self.offer("donor", 5)
        await self.offer("donor2", 3)
        await self.commitment("donor", "host", "acceptCommitment")
        await self.commitment("donor2", "host", "acceptCommitment")
        await self.request_step("confirmRequest")

    async def started(self) -> None:
        await self.filled()
        await self.request_step("startRequest")

    async def last_message(self) -> tuple[str, str]:
        node = await self.snapshot()
        messages = node["edxlMessages"]
        return messages[0]["messageId"], messages[-1]["messageId"]

    async def send(self, message_type: str, sender: str, role: str, **extra: Any) -> None:
        """A message from a force's own system, applied with `hub edxl import`."""
        originating, preceding = await self.last_message()
        self.sent += 1
        sent = Sent(
            message_type,
            f"partner-{uuid.uuid4().hex[:24]}",
            originating,
            preceding,
            sender,
            role,
            self.request["reference"],
            **extra,
        )
        path = self.tmp / f"sent-{self.sent}.xml"
        path.write_text(message_xml(sent))
        result = await hub_cli(self.settings, "edxl", "import", str(path))
        assert result.exit_code == 0, result.output

    async def snapshot(self) -> dict[str, Any]:
        found = await self.w.call("coordinator", SNAPSHOT, {"id": self.request["id"]})
        assert "errors" not in found, found["errors"]
        node: dict[str, Any] = found["data"]["node"]
        return node


Scenario = Callable[[Story], Awaitable[None]]


async def _request_resource(s: Story) -> None:
    await s.submit()
    await s.update()


async def _responses(s: Story) -> None:
    await s.submit()
    await s.offer("donor", 4)
    await s.offer("donor2", 3)
    await s.commitment("donor2", "host", "declineCommitment")
    await s.commitment("donor", "donor", "withdrawCommitment")


async def _requisition(s: Story) -> None:
    await s.submit()
    await s.offer("donor", 5)
    await s.commitment("donor", "host", "acceptCommitment")


async def _extend(s: Story) -> None:
    await s.filled()
    await s.request_step("extendRequest", endsOn="2026-11-20")


async def _release(s: Story) -> None:
    await s.started()
    await s.commitment("donor2", "donor2", "releaseCommitment")
    await s.request_step("cancelRequest", reason="event called off")


async def _complete(s: Story) -> None:
    await s.started()
    await s.request_step("completeRequest")


async def _information(s: Story) -> None:
    await s.submit()
    await s.send("RequestInformation", "metropolitan", "Sender")


async def _information_answered(s: Story) -> None:
    await _information(s)
    await s.send("ResponseToRequestInformation", "police-scotland", "Sender", note="Kit: PSU")


async def _unsolicited(s: Story) -> None:
    await s.submit()
    await s.send("OfferUnsolicitedResource", "metropolitan", "RespondingOrg", quantity=2)


async def _quote(s: Story) -> None:
    await s.submit()
    await s.send("RequestQuote", "police-scotland", "Requester")


async def _quote_answered(s: Story) -> None:
    await _quote(s)
    await s.send("ResponseToRequestQuote", "greater-manchester", "RespondingOrg", quantity=3)


async def _status_asked(s: Story) -> None:
    await s.filled()
    await s.send("RequestResourceDeploymentStatus", "police-scotland", "Requester")


async def _extension_answered(s: Story) -> None:
    await _extend(s)
    await s.send("ResponseToRequestExtendedDeploymentDuration", "metropolitan", "RespondingOrg")


async def _return_answered(s: Story) -> None:
    await _complete(s)
    await s.send("ResponseToRequestReturn", "greater-manchester", "RespondingOrg")


SCENARIOS: dict[str, Scenario] = {
    "RequestResource": _request_resource,
    "ResponseToRequestResource": _responses,
    "RequisitionResource": _requisition,
    "CommitResource": lambda s: s.filled(),
    "RequestInformation": _information,
    "ResponseToRequestInformation": _information_answered,
    "OfferUnsolicitedResource": _unsolicited,
    "ReleaseResource": _release,
    "RequestReturn": _complete,
    "ResponseToRequestReturn": _return_answered,
    "RequestQuote": _quote,
    "ResponseToRequestQuote": _quote_answered,
    "RequestResourceDeploymentStatus": _status_asked,
    "ReportResourceDeploymentStatus": lambda s: s.started(),
    "RequestExtendedDeploymentDuration": _extend,
    "ResponseToRequestExtendedDeploymentDuration": _extension_answered,
}


def _comparable(node: dict[str, Any]) -> dict[str, Any]:
    """The snapshot less what an import cannot carry: the draft's own event (raised at import
    time, under an id of its own); everything else, message ids and times included, returns."""
    history = [dict(event) for event in node["history"]]
    assert history[0]["action"] == "RAISE"
    history[0] = {k: v for k, v in history[0].items() if k not in ("messageId", "occurredAt")}
    return {**node, "history": history}


async def remove_request(s: Story) -> None:
    reference = s.request["reference"]
    async with s.w.graph.engine.begin() as connection:
        r = m.MutualAidRequest
        found = await connection.execute(r.__table__.select().where(r.reference == reference))
        pk = found.one().id
        for table in (m.EdxlRecord, m.RequestEvent, m.Commitment):
            await connection.execute(delete(table).where(table.request_id == pk))
        await connection.execute(delete(r).where(r.id == pk))
        # The keys of messages imported into this hub before (a partner's own messages).
        k = m.IdempotencyKey
        await connection.execute(delete(k).where(k.key.like("edxl:%")))


pytestmark = pytest.mark.asyncio(loop_scope="package")


@pytest.mark.parametrize("message_type", list(SCENARIOS))
async def test_round_trip(
    message_type: str, hub: tuple[Settings, Workflow], tmp_path: Path
) -> None:
    settings, workflow = hub
    story = Story(workflow, tmp_path, settings)
    await SCENARIOS[message_type](story)
    before = await story.snapshot()
    messages = before["edxlMessages"]
    assert message_type in {message["messageType"] for message in messages}
    for message in messages:
        assert valid_against_oasis(message["xml"]) == [], message["messageType"]

    files = []
    for number, message in enumerate(messages):
        files.append(tmp_path / f"{number:02d}.xml")
        files[-1].write_text(message["xml"])
    await remove_request(story)
    result = await hub_cli(settings, "edxl", "import", *map(str, files))
    assert result.exit_code == 0, result.output
    after = await story.snapshot()
    assert _comparable(after) == _comparable(before)


async def test_export_files_and_import_them_again(
    hub: tuple[Settings, Workflow], tmp_path: Path
) -> None:
    """`hub edxl export` writes the graph's documents; importing them where they came from
    changes nothing (each message is known by its MessageID)."""
    settings, workflow = hub
    story = Story(workflow, tmp_path, settings)
    await _release(story)
    before = await story.snapshot()
    exported = tmp_path / "exported"
    reference = before["reference"]
    result = await hub_cli(settings, "edxl", "export", "--request", reference, str(exported))
    assert result.exit_code == 0, result.output
    files = sorted(exported.iterdir())
    assert [path.read_text() for path in files] == [m["xml"] for m in before["edxlMessages"]]
    result = await hub_cli(settings, "edxl", "import", *map(str, files))
    assert result.exit_code == 0, result.output
    assert f"0 applied, {len(files)} unchanged" in " ".join(result.output.split())
    assert await story.snapshot() == before
    result = await hub_cli(settings, "edxl", "export", "--request", "NO-SUCH", str(exported))
    assert result.exit_code == 1 and "EDXL_UNKNOWN_REQUEST" in result.output
