"""Locations: venues, briefing centres, muster points, accommodation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.federation import type as entity_type

from hub.schema.base import HubInfo, Node, global_id, is_row_of, reference
from hub.schema.enums import Classification, LocationType
from hub.schema.markings import classification_field
from hub.schema.provenance import Provenance, provenance_field
from hub.schema.relations import to_many_first

if TYPE_CHECKING:
    from hub.schema.units import DutyUnit


@entity_type(keys=["id", "code"], description="A place officers are sent to, brief or sleep at.")
class Location(Node):
    """A location, with coordinates and a postcode where known."""

    is_type_of = staticmethod(is_row_of("Location"))
    pk: strawberry.Private[int]
    classification: Classification = classification_field("Location")
    operation_id: strawberry.Private[int | None]
    code: str = strawberry.field(description="Stable code of the location.")
    name: str = strawberry.field(description="Name of the location.")
    type: LocationType = strawberry.field(description="What the location is used for.")
    address: str | None = strawberry.field(description="Postal address.")
    postcode: str | None = strawberry.field(description="Postcode.")
    latitude: float | None = strawberry.field(description="Latitude (WGS 84).")
    longitude: float | None = strawberry.field(description="Longitude (WGS 84).")
    capacity: int | None = strawberry.field(description="People the place can hold or sleep.")
    version: int = strawberry.field(description="Version, raised by every change.")
    provenance: Provenance = provenance_field()

    @strawberry.field(description="Global id of the location.")
    def id(self) -> strawberry.ID:
        return global_id("Location", self.code)

    duty_units: list[Annotated[DutyUnit, strawberry.lazy("hub.schema.units")]] = to_many_first(
        "location.duty_units", "Duty units working at this location, earliest first."
    )

    @classmethod
    async def resolve_reference(
        cls, info: HubInfo, id: strawberry.ID | None = None, code: str | None = None
    ) -> Any:
        return await reference(info, "Location", id, code=code)
