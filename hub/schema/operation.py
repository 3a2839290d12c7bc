"""Operations: the events and crises mutual aid is planned for."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.federation import type as entity_type

from hub.schema.base import HubInfo, LimitArgument, Node, global_id, is_row_of, many, one, reference
from hub.schema.location import Location
from hub.schema.provenance import provenance_field
from hub.schema.reference import Force

if TYPE_CHECKING:
    from hub.schema.request import MutualAidRequest


@entity_type(keys=["id", "code"], description="A named policing operation, e.g. an event.")
class Operation(Node):
    """An operation with its dates and lead force, e.g. COP26 (Operation Urram)."""

    is_type_of = staticmethod(is_row_of("Operation"))
    pk: strawberry.Private[int]
    lead_force_id: strawberry.Private[int]
    code: str = strawberry.field(description="Stable code of the operation.")
    name: str = strawberry.field(description="Name of the operation.")
    description: str = strawberry.field(description="What the operation is for.")
    starts_on: date = strawberry.field(description="First day of the operation.")
    ends_on: date = strawberry.field(description="Last day of the operation.")
    version: int = strawberry.field(description="Version, raised by every change.")
    provenance = provenance_field()

    @strawberry.field(description="Global id of the operation.")
    def id(self) -> strawberry.ID:
        return global_id("Operation", self.code)

    @strawberry.field(description="The force leading the operation (usually the host force).")
    async def lead_force(self, info: HubInfo) -> Force:
        result: Force = await one(info, "Force", self.lead_force_id)
        return result

    @strawberry.field(description="Mutual aid requests raised for the operation, by reference.")
    async def requests(
        self, info: HubInfo, first: LimitArgument = 100
    ) -> list[Annotated[MutualAidRequest, strawberry.lazy("hub.schema.request")]]:
        result: list[MutualAidRequest] = await many(info, "operation.requests", self.pk, first)
        return result

    @strawberry.field(description="Locations used by the operation, by code.")
    async def locations(self, info: HubInfo, first: LimitArgument = 100) -> list[Location]:
        result: list[Location] = await many(info, "operation.locations", self.pk, first)
        return result

    @classmethod
    async def resolve_reference(
        cls, info: HubInfo, id: strawberry.ID | None = None, code: str | None = None
    ) -> Any:
        return await reference(info, "Operation", id, code=code)
