"""Mutations booking accommodation and travel for planning units."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from hub.resolvers import workflow_logistics
from hub.schema.base import HubInfo
from hub.schema.enums import TravelMode
from hub.schema.logistics import AccommodationBooking, TravelBooking
from hub.schema.workflow_units import IdempotencyKey
from hub.security.permissions import CanWrite


@strawberry.input(description="Rooms for a planning unit at an accommodation location.")
class BookAccommodationInput:
    """Which unit, where, which nights, how many rooms."""

    planning_unit: strawberry.ID = strawberry.field(description="Global id of the unit.")
    location: str = strawberry.field(description="Code of an ACCOMMODATION location.")
    check_in: date = strawberry.field(description="First night.")
    check_out: date = strawberry.field(description="Day of leaving (after check-in).")
    rooms: int = strawberry.field(description="Rooms: at least one, at most one per officer.")


@strawberry.input(description="A journey for a planning unit.")
class BookTravelInput:
    """Which unit, how, from where to where, when, how many seats."""

    planning_unit: strawberry.ID = strawberry.field(description="Global id of the unit.")
    mode: TravelMode = strawberry.field(description="How the unit travels.")
    from_location: str = strawberry.field(name="from", description="Code of the start location.")
    to_location: str = strawberry.field(name="to", description="Code of the destination.")
    departs_at: datetime = strawberry.field(description="Departure, with a timezone.")
    arrives_at: datetime = strawberry.field(description="Arrival, after departure.")
    seats: int = strawberry.field(description="Seats: at least one, at most one per officer.")
    reference: str | None = strawberry.field(
        default=None, description="Reference to give the booking (generated if left out)."
    )


@strawberry.type(description="Mutations booking accommodation and travel.")
class LogisticsMutations:
    """Part of `Mutation`."""

    @strawberry.mutation(
        description="Book rooms for a planning unit (requesting or providing force).",
        permission_classes=[CanWrite],
    )
    async def book_accommodation(
        self,
        info: HubInfo,
        input: Annotated[BookAccommodationInput, strawberry.argument(description="The stay.")],
        idempotency_key: IdempotencyKey = None,
    ) -> AccommodationBooking:
        values = {
            "planning_unit": str(input.planning_unit),
            "location": input.location,
            "check_in": input.check_in,
            "check_out": input.check_out,
            "rooms": input.rooms,
        }
        result: AccommodationBooking = await workflow_logistics.book_accommodation(
            info.context, values, idempotency_key
        )
        return result

    @strawberry.mutation(
        description="Book a journey for a planning unit (requesting or providing force).",
        permission_classes=[CanWrite],
    )
    async def book_travel(
        self,
        info: HubInfo,
        input: Annotated[BookTravelInput, strawberry.argument(description="The journey.")],
        idempotency_key: IdempotencyKey = None,
    ) -> TravelBooking:
        values = {
            "planning_unit": str(input.planning_unit),
            "mode": TravelMode(input.mode).value,
            "from_location": input.from_location,
            "to_location": input.to_location,
            "departs_at": input.departs_at,
            "arrives_at": input.arrives_at,
            "seats": input.seats,
            "reference": input.reference,
        }
        result: TravelBooking = await workflow_logistics.book_travel(
            info.context, values, idempotency_key
        )
        return result
