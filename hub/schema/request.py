"""Mutual aid requests and the commitments providing forces make against them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.federation import type as entity_type

from hub.resolvers import workflow_history
from hub.schema.base import HubInfo, Node, global_id, is_row_of
from hub.schema.base import reference as entity_reference
from hub.schema.enums import Classification, CommitmentStatus, RequestStatus
from hub.schema.history import EdxlMessage, RequestEvent
from hub.schema.location import Location
from hub.schema.markings import classification_field
from hub.schema.operation import Operation
from hub.schema.provenance import Provenance, provenance_field
from hub.schema.reference import Capability, Force
from hub.schema.relations import to_many, to_many_first, to_one

if TYPE_CHECKING:
    from hub.schema.deployment import Deployment
    from hub.schema.units import PlanningUnit

PlanningUnitRef = Annotated["PlanningUnit", strawberry.lazy("hub.schema.units")]
DeploymentRef = Annotated["Deployment", strawberry.lazy("hub.schema.deployment")]


@entity_type(keys=["id", "reference"], description="A host force's request for mutual aid.")
class MutualAidRequest(Node):
    """A request for officers with a capability, for dates, at a place, and what answered it."""

    is_type_of = staticmethod(is_row_of("MutualAidRequest"))
    pk: strawberry.Private[int]
    classification: Classification = classification_field("MutualAidRequest")
    requesting_force_id: strawberry.Private[int]
    operation_id: strawberry.Private[int | None]
    capability_id: strawberry.Private[int]
    location_id: strawberry.Private[int | None]
    reference: str = strawberry.field(description="Stable reference of the request.")
    quantity: int = strawberry.field(description="How many of `unit` are asked for.")
    unit: str = strawberry.field(
        description="Code of the resource unit the quantity counts (`resourceUnits`: OFFICER, "
        "PSU, SERIAL ...)."
    )
    officers: int = strawberry.field(
        description="Officer equivalent: quantity x the unit's officers (2 PSUs are 50), fixed "
        "when the request was written. Every figure of the hub compares these."
    )
    starts_on: date = strawberry.field(description="First day officers are needed.")
    ends_on: date = strawberry.field(description="Last day officers are needed.")
    status: RequestStatus = strawberry.field(description="Where the request is in its life.")
    description: str = strawberry.field(description="What the officers are needed for.")
    raised_at: datetime = strawberry.field(description="When the request was raised.")
    version: int = strawberry.field(description="Version: name it in `expectedVersion`.")
    provenance: Provenance = provenance_field()

    @strawberry.field(description="Global id of the request.")
    def id(self) -> strawberry.ID:
        return global_id("MutualAidRequest", self.reference)

    requesting_force: Force = to_one(
        "Force", "requesting_force_id", "The host force asking for officers."
    )
    operation: Operation | None = to_one(
        "Operation", "operation_id", "The operation the request is for, if any."
    )
    capability: Capability = to_one("Capability", "capability_id", "The capability asked for.")
    location: Location | None = to_one(
        "Location", "location_id", "Where officers are to report, if given."
    )
    commitments: list[Commitment] = to_many(
        "request.commitments", "Providing forces' commitments against the request."
    )
    planning_units: list[PlanningUnitRef] = to_many_first(
        "request.planning_units", "Planning units formed to fill the request."
    )
    deployments: list[DeploymentRef] = to_many_first(
        "request.deployments", "Officers' deployments that fill the request, earliest first."
    )

    @strawberry.field(description="Every step of the request so far, oldest first (append-only).")
    async def history(self, info: HubInfo) -> list[RequestEvent]:
        rows = await workflow_history.history(info.context, self.pk)
        return [RequestEvent.of(row) for row in rows]

    @strawberry.field(description="The history as a chain of OASIS EDXL-RM 1.0 messages.")
    async def edxl_messages(self, info: HubInfo) -> list[EdxlMessage]:
        chain = await workflow_history.edxl_messages(info.context, self.pk)
        return [
            EdxlMessage(
                message_id=message.message_id,
                message_type=message.message_type,
                response_type=message.response_type,
                originating_message_id=message.originating_message_id,
                preceding_message_id=message.preceding_message_id,
                sent_at=message.sent_at,
                sender_force=message.sender,
                source=message,
            )
            for message in chain
        ]

    @classmethod
    async def resolve_reference(
        cls, info: HubInfo, id: strawberry.ID | None = None, reference: str | None = None
    ) -> Any:
        return await entity_reference(info, "MutualAidRequest", id, reference=reference)


@entity_type(keys=["id"], description="A providing force's offer of officers against a request.")
class Commitment(Node):
    """An offer of officers; `sequence` counts a force's offers against the same request."""

    is_type_of = staticmethod(is_row_of("Commitment"))
    pk: strawberry.Private[int]
    classification: Classification = classification_field("Commitment")
    request_id: strawberry.Private[int]
    request_reference: strawberry.Private[str]
    providing_force_id: strawberry.Private[int]
    providing_force_code: strawberry.Private[str]
    sequence: int = strawberry.field(description="Number of this offer from this force (1, 2…).")
    quantity: int = strawberry.field(
        description="How many of the request's unit are offered (1 for one PSU)."
    )
    status: CommitmentStatus = strawberry.field(description="Where the commitment stands.")
    version: int = strawberry.field(description="Version: name it in `expectedVersion`.")
    provenance: Provenance = provenance_field()

    @strawberry.field(description="Global id of the commitment.")
    def id(self) -> strawberry.ID:
        return global_id(
            "Commitment", self.request_reference, self.providing_force_code, self.sequence
        )

    request: MutualAidRequest = to_one(
        "MutualAidRequest", "request_id", "The request the commitment answers."
    )
    providing_force: Force = to_one(
        "Force", "providing_force_id", "The force providing the officers."
    )
    planning_units: list[PlanningUnitRef] = to_many(
        "commitment.planning_units", "Planning units formed from the commitment."
    )

    @classmethod
    async def resolve_reference(cls, info: HubInfo, id: strawberry.ID | None = None) -> Any:
        return await entity_reference(info, "Commitment", id)
