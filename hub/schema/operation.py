"""Operations: the events and crises mutual aid is planned for."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.federation import type as entity_type

from hub.schema.base import HubInfo, Node, global_id, is_row_of, reference
from hub.schema.enums import Classification
from hub.schema.location import Location
from hub.schema.markings import classification_field
from hub.schema.provenance import Provenance, provenance_field
from hub.schema.reference import Force
from hub.schema.relations import to_many_first, to_one

if TYPE_CHECKING:
    from hub.schema.request import MutualAidRequest


@entity_type(keys=["id", "code"], description="A named policing operation, e.g. an event.")
class Operation(Node):
    """An operation with its dates and lead force, e.g. COP26 (Operation Urram)."""

    is_type_of = staticmethod(is_row_of("Operation"))
    pk: strawberry.Private[int]
    classification: Classification = classification_field("Operation")
    lead_force_id: strawberry.Private[int]
    code: str = strawberry.field(description="Stable code of the operation.")
    name: str = strawberry.field(description="Name of the operation.")
    description: str = strawberry.field(description="What the operation is for.")
    starts_on: date = strawberry.field(description="First day of the operation.")
    ends_on: date = strawberry.field(description="Last day of the operation.")
    version: int = strawberry.field(description="Version, raised by every change.")
    provenance: Provenance = provenance_field()

    @strawberry.field(description="Global id of the operation.")
    def id(self) -> strawberry.ID:
        return global_id("Operation", self.code)

    lead_force: Force = to_one(
        "Force", "lead_force_id", "The force leading the operation (usually the host force)."
    )

    requests: list[Annotated[MutualAidRequest, strawberry.lazy("hub.schema.request")]] = (
        to_many_first(
            "operation.requests", "Mutual aid requests raised for the operation, by reference."
        )
    )

    locations: list[Location] = to_many_first(
        "operation.locations", "Locations used by the operation, by code."
    )

    @classmethod
    async def resolve_reference(
        cls, info: HubInfo, id: strawberry.ID | None = None, code: str | None = None
    ) -> Any:
        return await reference(info, "Operation", id, code=code)
