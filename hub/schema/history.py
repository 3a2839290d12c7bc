"""A request's history: the append-only log of its steps, and the same as EDXL-RM messages."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from hub.edxl.build import to_xml
from hub.schema.base import HubInfo
from hub.schema.enums import RequestStatus
from hub.schema.reference import Force
from hub.schema.relations import to_one
from hub.security.policy import sees_actors

if TYPE_CHECKING:
    from hub.schema.request import Commitment

CommitmentRef = Annotated["Commitment", strawberry.lazy("hub.schema.request")]


@strawberry.enum(description="A step in the life of a request or of a commitment against it.")
class WorkflowAction(Enum):
    """The steps the history records; EDXL-RM's message for each is in docs/workflow.md."""

    RAISE = strawberry.enum_value("RAISE", description="The request was raised as a draft.")
    UPDATE = strawberry.enum_value("UPDATE", description="The request's details changed.")
    SUBMIT = strawberry.enum_value("SUBMIT", description="The request was sent to forces.")
    OFFER = strawberry.enum_value("OFFER", description="A force offered officers.")
    ACCEPT = strawberry.enum_value("ACCEPT", description="The host force accepted an offer.")
    DECLINE = strawberry.enum_value("DECLINE", description="The host force declined an offer.")
    WITHDRAW = strawberry.enum_value("WITHDRAW", description="A force withdrew its offer.")
    RELEASE = strawberry.enum_value("RELEASE", description="Accepted officers were released.")
    CONFIRM = strawberry.enum_value("CONFIRM", description="The filled request was confirmed.")
    START = strawberry.enum_value("START", description="Officers went on duty.")
    EXTEND = strawberry.enum_value("EXTEND", description="The deployment was extended.")
    COMPLETE = strawberry.enum_value("COMPLETE", description="The request was completed.")
    CANCEL = strawberry.enum_value("CANCEL", description="The request was cancelled.")


@strawberry.type(description="One value a step changed.")
class FieldChange:
    """A field's value before and after a step, as text (dates in ISO 8601)."""

    field: str = strawberry.field(description="The field that changed, e.g. `status`.")
    from_value: str | None = strawberry.field(
        name="from", description="Its value before the step (null: none)."
    )
    to_value: str | None = strawberry.field(
        name="to", description="Its value after the step (null: none)."
    )


def _actor_name(root: strawberry.Parent[Any], info: HubInfo) -> str | None:
    name: str | None = root.actor_key_name
    return name if sees_actors(info.context.security.principal) else None


@strawberry.type(description="One step in a request's life: who took it, when, what changed.")
class RequestEvent:
    """An event of the append-only log of a request (rows of `request_event`)."""

    pk: strawberry.Private[int]
    commitment_id: strawberry.Private[int | None]
    actor_force_id: strawberry.Private[int | None]
    changes_json: strawberry.Private[Any]
    actor_key_name: strawberry.Private[str]
    sequence: int = strawberry.field(description="Number of the event in the request's log (1…).")
    action: WorkflowAction = strawberry.field(description="The step taken.")
    from_status: RequestStatus | None = strawberry.field(
        description="The request's state before the step (null when it was raised)."
    )
    to_status: RequestStatus | None = strawberry.field(
        description="The request's state after the step."
    )
    occurred_at: datetime = strawberry.field(description="When the step was taken.")
    actor_role: str = strawberry.field(description="Role of that key, e.g. `partner`.")
    message_id: str = strawberry.field(description="Id of the EDXL-RM message for the step.")

    actor_name: str | None = strawberry.field(
        resolver=_actor_name,
        description="Name of the key that took the step; null for keys that "
        "may not see who acted (stakeholders).",
    )

    actor_force: Force | None = to_one(
        "Force", "actor_force_id", "The force of the key that took the step (none for national)."
    )

    commitment: CommitmentRef | None = to_one(
        "Commitment", "commitment_id", "The commitment the step was about, if any."
    )

    @strawberry.field(description="What the step changed.")
    def changes(self) -> list[FieldChange]:
        return [
            FieldChange(field=item["field"], from_value=item["from"], to_value=item["to"])
            for item in self.changes_json or []
        ]

    @classmethod
    def of(cls, row: Any) -> RequestEvent:
        return cls(
            pk=row.pk,
            commitment_id=row.commitment_id,
            actor_force_id=row.actor_force_id,
            changes_json=row.changes,
            sequence=row.sequence,
            action=WorkflowAction(row.action),
            from_status=None if row.from_status is None else RequestStatus(row.from_status),
            to_status=None if row.to_status is None else RequestStatus(row.to_status),
            occurred_at=row.occurred_at,
            actor_key_name=row.actor_name,
            actor_role=row.actor_role,
            message_id=row.message_id,
        )


@strawberry.type(description="One OASIS EDXL-RM 1.0 message of a request's history.")
class EdxlMessage:
    """A message of the chain; messages link by originating and preceding message ids."""

    message_id: str = strawberry.field(description="MessageID of the message.")
    message_type: str = strawberry.field(description="MessageType, e.g. `RequestResource`.")
    response_type: str | None = strawberry.field(
        description="ResponseType of the resource line: Accept, Decline or Provisional."
    )
    originating_message_id: str = strawberry.field(
        description="OriginatingMessageID: the first message of the request."
    )
    preceding_message_id: str | None = strawberry.field(
        description="PrecedingMessageID: the message before this one (null for the first)."
    )
    sent_at: datetime = strawberry.field(description="SentDateTime: when the step was taken.")
    sender_force: str | None = strawberry.field(
        description="Code of the force that sent it (null: the national coordinator)."
    )
    source: strawberry.Private[Any] = None

    @strawberry.field(
        description="The whole message as an EDXL-RM 1.0 XML document, valid against the "
        "OASIS schema of its type. It names forces, codes, dates and numbers of officers, "
        "never a person or an API key (docs/edxl.md)."
    )
    def xml(self) -> str:
        return to_xml(self.source).decode("utf-8")
