"""Accommodation and travel booked for a planning unit of an accepted commitment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.domain import rules
from hub.resolvers.context import RequestContext
from hub.resolvers.workflow import key_parts, not_found, require_party
from hub.resolvers.workflow_tx import lock_request, row_of, run_write
from hub.resolvers.workflow_units import accepted_commitment, new_reference
from hub.standard.enums import BookingStatus, LocationType
from hub.store import models as m
from hub.store.gids import fill_gids


async def _unit(connection: AsyncConnection, context: RequestContext, global_id: str) -> Any:
    """The planning unit, its request locked, the caller checked; with its size."""
    (reference,) = key_parts(global_id, "PlanningUnit", 1)
    pu, c = m.PlanningUnit, m.Commitment
    unit = (
        await connection.execute(
            select(pu.id, pu.reference, pu.commitment_id, c.request_id)
            .join(c, c.id == pu.commitment_id)
            .where(pu.reference == reference)
        )
    ).first()
    if unit is None:
        raise not_found("planning unit of a commitment")
    request = await lock_request(connection, unit.request_id)
    commitment = await accepted_commitment(connection, unit.commitment_id)
    require_party(
        context.security.principal,
        rules.DEPLOYMENT_PARTIES,
        "book for this unit",
        request.force_code,
        commitment.force_code,
    )
    members = await connection.scalar(
        select(func.count()).where(m.PlanningUnitMember.planning_unit_id == unit.id)
    )
    return unit, int(members or 0)


async def _location(
    connection: AsyncConnection, code: str, field: str, kind: LocationType | None = None
) -> int:
    location = (
        await connection.execute(
            select(m.Location.id, m.Location.type).where(m.Location.code == code)
        )
    ).first()
    if location is None:
        raise rules.bad_input(field, f"no location has the code {code!r}")
    if kind is not None and location.type != kind:
        raise rules.bad_input(field, f"{code!r} is not a place to stay ({location.type})")
    return int(location.id)


async def book_accommodation(
    context: RequestContext, values: Mapping[str, Any], idempotency_key: str | None
) -> Any:
    """Rooms for a planning unit at an accommodation location."""

    async def work(connection: AsyncConnection) -> Any:
        unit, officers = await _unit(connection, context, values["planning_unit"])
        rules.check_stay(values["check_in"], values["check_out"], values["rooms"], officers)
        location = await _location(
            connection, values["location"], "location", LocationType.ACCOMMODATION
        )
        ab = m.AccommodationBooking
        holder = f"unit:{unit.reference}"
        taken = await connection.scalar(
            select(ab.id).where(
                ab.location_id == location,
                ab.holder_key == holder,
                ab.check_in == values["check_in"],
            )
        )
        if taken is not None:
            raise rules.bad_input("checkIn", "the unit has a booking there from that day already")
        booking = (
            await connection.execute(
                insert(ab)
                .values(
                    location_id=location,
                    holder_key=holder,
                    planning_unit_id=unit.id,
                    check_in=values["check_in"],
                    check_out=values["check_out"],
                    rooms=values["rooms"],
                    status=BookingStatus.CONFIRMED.value,
                    version=1,
                )
                .returning(ab.id)
            )
        ).scalar_one()
        await fill_gids(connection, "AccommodationBooking")
        return await row_of(connection, "AccommodationBooking", booking)

    return await run_write(context, "bookAccommodation", values, idempotency_key, work)


async def book_travel(
    context: RequestContext, values: Mapping[str, Any], idempotency_key: str | None
) -> Any:
    """A journey for a planning unit from one location to another."""

    async def work(connection: AsyncConnection) -> Any:
        unit, officers = await _unit(connection, context, values["planning_unit"])
        rules.check_journey(
            values["departs_at"],
            values["arrives_at"],
            values["seats"],
            officers,
            (values["from_location"], values["to_location"]),
        )
        tb = m.TravelBooking
        booking = (
            await connection.execute(
                insert(tb)
                .values(
                    reference=await new_reference(connection, tb, values.get("reference"), "TB"),
                    mode=values["mode"],
                    planning_unit_id=unit.id,
                    from_location_id=await _location(connection, values["from_location"], "from"),
                    to_location_id=await _location(connection, values["to_location"], "to"),
                    departs_at=values["departs_at"],
                    arrives_at=values["arrives_at"],
                    seats=values["seats"],
                    status=BookingStatus.CONFIRMED.value,
                    version=1,
                )
                .returning(tb.id)
            )
        ).scalar_one()
        await fill_gids(connection, "TravelBooking")
        return await row_of(connection, "TravelBooking", booking)

    return await run_write(context, "bookTravel", values, idempotency_key, work)
