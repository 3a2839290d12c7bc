"""Accommodation and travel booked for planning units or officers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.federation import type as entity_type

from hub.schema.base import HubInfo, Node, global_id, is_row_of, one
from hub.schema.base import reference as entity_reference
from hub.schema.enums import BookingStatus, TravelMode
from hub.schema.location import Location
from hub.schema.officer import Officer
from hub.schema.provenance import provenance_field
from hub.schema.units import PlanningUnit


@entity_type(keys=["id"], description="Rooms booked at an accommodation location.")
class AccommodationBooking(Node):
    """Rooms for a planning unit or an officer, from check-in to check-out."""

    is_type_of = staticmethod(is_row_of("AccommodationBooking"))
    pk: strawberry.Private[int]
    location_id: strawberry.Private[int]
    location_code: strawberry.Private[str]
    holder_key: strawberry.Private[str]
    planning_unit_id: strawberry.Private[int | None]
    officer_id: strawberry.Private[int | None]
    check_in: date = strawberry.field(description="First night.")
    check_out: date = strawberry.field(description="Day of departure.")
    rooms: int = strawberry.field(description="Rooms booked.")
    status: BookingStatus = strawberry.field(description="Whether the booking is firm.")
    version: int = strawberry.field(description="Version, raised by every change.")
    provenance = provenance_field()

    @strawberry.field(description="Global id of the booking.")
    def id(self) -> strawberry.ID:
        return global_id("AccommodationBooking", self.location_code, self.holder_key, self.check_in)

    @strawberry.field(description="Nights booked (check-out minus check-in).")
    def nights(self) -> int:
        return (self.check_out - self.check_in).days

    @strawberry.field(description="Where the rooms are.")
    async def location(self, info: HubInfo) -> Location:
        result: Location = await one(info, "Location", self.location_id)
        return result

    @strawberry.field(description="The planning unit the rooms are for, if booked for a unit.")
    async def planning_unit(self, info: HubInfo) -> PlanningUnit | None:
        result: PlanningUnit | None = await one(info, "PlanningUnit", self.planning_unit_id)
        return result

    @strawberry.field(description="The officer the rooms are for, if booked for one officer.")
    async def officer(self, info: HubInfo) -> Officer | None:
        result: Officer | None = await one(info, "Officer", self.officer_id)
        return result

    @classmethod
    async def resolve_reference(cls, info: HubInfo, id: strawberry.ID | None = None) -> Any:
        return await entity_reference(info, "AccommodationBooking", id)


@entity_type(keys=["id", "reference"], description="A journey booked for officers.")
class TravelBooking(Node):
    """Travel for a planning unit or an officer from one location to another."""

    is_type_of = staticmethod(is_row_of("TravelBooking"))
    pk: strawberry.Private[int]
    planning_unit_id: strawberry.Private[int | None]
    officer_id: strawberry.Private[int | None]
    from_location_id: strawberry.Private[int]
    to_location_id: strawberry.Private[int]
    reference: str = strawberry.field(description="Stable reference of the booking.")
    mode: TravelMode = strawberry.field(description="How the officers travel.")
    departs_at: datetime = strawberry.field(description="Departure time.")
    arrives_at: datetime = strawberry.field(description="Arrival time.")
    seats: int = strawberry.field(description="Seats booked.")
    status: BookingStatus = strawberry.field(description="Whether the booking is firm.")
    version: int = strawberry.field(description="Version, raised by every change.")
    provenance = provenance_field()

    @strawberry.field(description="Global id of the booking.")
    def id(self) -> strawberry.ID:
        return global_id("TravelBooking", self.reference)

    @strawberry.field(description="Where the journey starts.")
    async def origin(self, info: HubInfo) -> Location:
        result: Location = await one(info, "Location", self.from_location_id)
        return result

    @strawberry.field(description="Where the journey ends.")
    async def destination(self, info: HubInfo) -> Location:
        result: Location = await one(info, "Location", self.to_location_id)
        return result

    @strawberry.field(description="The planning unit travelling, if booked for a unit.")
    async def planning_unit(self, info: HubInfo) -> PlanningUnit | None:
        result: PlanningUnit | None = await one(info, "PlanningUnit", self.planning_unit_id)
        return result

    @strawberry.field(description="The officer travelling, if booked for one officer.")
    async def officer(self, info: HubInfo) -> Officer | None:
        result: Officer | None = await one(info, "Officer", self.officer_id)
        return result

    @classmethod
    async def resolve_reference(
        cls, info: HubInfo, id: strawberry.ID | None = None, reference: str | None = None
    ) -> Any:
        return await entity_reference(info, "TravelBooking", id, reference=reference)
