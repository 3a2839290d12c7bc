"""Accommodation and travel booked for planning units or single officers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.standard.enums import BookingStatus, TravelMode
from hub.store.models.base import Base, OpaqueId, Provenance, Versioned, one_of
from hub.store.models.operations import Location
from hub.store.models.people import Officer
from hub.store.models.units import PlanningUnit
from hub.store.types import UtcDateTime

HOLDER_CHECK = "(planning_unit_id IS NOT NULL) OR (officer_id IS NOT NULL)"


class AccommodationBooking(OpaqueId, Provenance, Versioned, Base):
    """Rooms at an accommodation location for a planning unit or an officer, for some nights.

    `holder_key` names the holder in the natural key ("unit:REF" or "officer:FORCE:NUMBER"),
    so the key is the same whichever of the two the booking is for.
    """

    __tablename__ = "accommodation_booking"
    __table_args__ = (
        UniqueConstraint("location_id", "holder_key", "check_in"),
        one_of("status", BookingStatus),
        CheckConstraint(HOLDER_CHECK, name="has_holder"),
        CheckConstraint("check_out > check_in", name="dates_in_order"),
        CheckConstraint("rooms > 0", name="rooms_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    holder_key: Mapped[str] = mapped_column(String(120))
    planning_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("planning_unit.id"), default=None, index=True
    )
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officer.id"), default=None, index=True
    )
    check_in: Mapped[date] = mapped_column(Date, index=True)
    check_out: Mapped[date] = mapped_column(Date)
    rooms: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default=BookingStatus.CONFIRMED)

    location: Mapped[Location] = relationship(lazy="raise")
    planning_unit: Mapped[PlanningUnit | None] = relationship(lazy="raise")
    officer: Mapped[Officer | None] = relationship(lazy="raise")


class TravelBooking(OpaqueId, Provenance, Versioned, Base):
    """A journey booked for a planning unit or an officer, from one location to another."""

    __tablename__ = "travel_booking"
    __table_args__ = (
        one_of("mode", TravelMode),
        one_of("status", BookingStatus),
        CheckConstraint(HOLDER_CHECK, name="has_holder"),
        CheckConstraint("arrives_at > departs_at", name="times_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    mode: Mapped[str] = mapped_column(String(20))
    planning_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("planning_unit.id"), default=None, index=True
    )
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("officer.id"), default=None, index=True
    )
    from_location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), index=True)
    to_location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), index=True)
    departs_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    arrives_at: Mapped[datetime] = mapped_column(UtcDateTime)
    seats: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default=BookingStatus.CONFIRMED)

    planning_unit: Mapped[PlanningUnit | None] = relationship(lazy="raise")
    officer: Mapped[Officer | None] = relationship(lazy="raise")
