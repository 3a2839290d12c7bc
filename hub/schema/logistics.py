"""Accommodation and travel booked for planning units or officers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.federation import type as entity_type

from hub.schema.base import HubInfo, Node, is_row_of
from hub.schema.base import reference as entity_reference
from hub.schema.enums import BookingStatus, Classification, TravelMode
from hub.schema.location import Location
from hub.schema.markings import classification_field
from hub.schema.officer import Officer
from hub.schema.provenance import Provenance, provenance_field
from hub.schema.relations import to_one
from hub.schema.units import PlanningUnit


def _nights(root: strawberry.Parent[Any]) -> int:
    nights: int = (root.check_out - root.check_in).days
    return nights


@entity_type(keys=["id"], description="Rooms booked at an accommodation location.")
class AccommodationBooking(Node):
    """Rooms for a planning unit or an officer, from check-in to check-out."""

    is_type_of = staticmethod(is_row_of("AccommodationBooking"))
    pk: strawberry.Private[int]
    classification: Classification = classification_field("AccommodationBooking")
    gid: strawberry.Private[str]  # the opaque global id (hub.standard.ids)
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
    provenance: Provenance = provenance_field()

    @strawberry.field(description="Global id of the booking.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.gid)

    nights: int = strawberry.field(
        resolver=_nights, description="Nights booked (check-out minus check-in)."
    )

    location: Location = to_one("Location", "location_id", "Where the rooms are.")

    planning_unit: PlanningUnit | None = to_one(
        "PlanningUnit",
        "planning_unit_id",
        "The planning unit the rooms are for, if booked for a unit.",
    )

    officer: Officer | None = to_one(
        "Officer", "officer_id", "The officer the rooms are for, if booked for one officer."
    )

    @classmethod
    async def resolve_reference(cls, info: HubInfo, id: strawberry.ID | None = None) -> Any:
        return await entity_reference(info, "AccommodationBooking", id)


@entity_type(keys=["id", "reference"], description="A journey booked for officers.")
class TravelBooking(Node):
    """Travel for a planning unit or an officer from one location to another."""

    is_type_of = staticmethod(is_row_of("TravelBooking"))
    pk: strawberry.Private[int]
    classification: Classification = classification_field("TravelBooking")
    gid: strawberry.Private[str]  # the opaque global id (hub.standard.ids)
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
    provenance: Provenance = provenance_field()

    @strawberry.field(description="Global id of the booking.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.gid)

    origin: Location = to_one("Location", "from_location_id", "Where the journey starts.")

    destination: Location = to_one("Location", "to_location_id", "Where the journey ends.")

    planning_unit: PlanningUnit | None = to_one(
        "PlanningUnit", "planning_unit_id", "The planning unit travelling, if booked for a unit."
    )

    officer: Officer | None = to_one(
        "Officer", "officer_id", "The officer travelling, if booked for one officer."
    )

    @classmethod
    async def resolve_reference(
        cls, info: HubInfo, id: strawberry.ID | None = None, reference: str | None = None
    ) -> Any:
        return await entity_reference(info, "TravelBooking", id, reference=reference)
