"""Operations, locations, mutual aid requests and the commitments that answer them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.standard.codelists import load_vocabulary
from hub.standard.enums import CommitmentStatus, LocationType, RequestStatus
from hub.standard.units import OFFICER
from hub.store.models.base import Base, Provenance, Versioned, one_of
from hub.store.models.reference import Capability, Force
from hub.store.types import UtcDateTime, utcnow


class Operation(Provenance, Versioned, Base):
    """A named policing operation, such as an event, that mutual aid is planned for."""

    __tablename__ = "operation"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    lead_force_id: Mapped[int] = mapped_column(ForeignKey("force.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    lead_force: Mapped[Force] = relationship(lazy="raise")


class Location(Provenance, Versioned, Base):
    """A place officers are sent to, brief at, muster at or sleep at."""

    __tablename__ = "location"
    __table_args__ = (one_of("type", LocationType),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    type: Mapped[str] = mapped_column(String(30), index=True)
    address: Mapped[str | None] = mapped_column(String(300), default=None)
    postcode: Mapped[str | None] = mapped_column(String(10), default=None)
    latitude: Mapped[float | None] = mapped_column(Float, default=None)
    longitude: Mapped[float | None] = mapped_column(Float, default=None)
    capacity: Mapped[int | None] = mapped_column(Integer, default=None)
    operation_id: Mapped[int | None] = mapped_column(
        ForeignKey("operation.id"), default=None, index=True
    )


def officer_equivalent(context: Any) -> int:
    """A new request's officers, when its writer gives none: quantity x its unit's officers."""
    values = context.get_current_parameters()
    unit = values.get("unit") or OFFICER
    return int(values["quantity"]) * load_vocabulary().resource_unit(unit).officers


class MutualAidRequest(Provenance, Versioned, Base):
    """A host force's request for officers with a capability, for dates, at a place."""

    __tablename__ = "mutual_aid_request"
    __table_args__ = (
        one_of("status", RequestStatus),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint("officers >= quantity", name="officers_cover_quantity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    requesting_force_id: Mapped[int] = mapped_column(ForeignKey("force.id"), index=True)
    operation_id: Mapped[int | None] = mapped_column(
        ForeignKey("operation.id"), default=None, index=True
    )
    capability_id: Mapped[int] = mapped_column(ForeignKey("capability.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    # The resource unit the quantity counts (`resource-units.csv`), and the officers it comes to:
    # quantity x the unit's officer equivalent, fixed when the request is written.
    unit: Mapped[str] = mapped_column(String(20), default="OFFICER", server_default="OFFICER")
    officers: Mapped[int] = mapped_column(Integer, default=officer_equivalent)
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id"), default=None, index=True
    )
    status: Mapped[str] = mapped_column(
        String(20), default=RequestStatus.DRAFT, server_default=RequestStatus.DRAFT, index=True
    )
    # The status an imported record stated; `status` follows from it and the request's
    # commitments and deployments (`hub.domain.facts`). None for requests raised in the graph.
    stated_status: Mapped[str | None] = mapped_column(String(20), default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    requesting_force: Mapped[Force] = relationship(lazy="raise")
    operation: Mapped[Operation | None] = relationship(lazy="raise")
    capability: Mapped[Capability] = relationship(lazy="raise")
    location: Mapped[Location | None] = relationship(lazy="raise")
    commitments: Mapped[list[Commitment]] = relationship(back_populates="request", lazy="raise")


class Commitment(Provenance, Versioned, Base):
    """A providing force's offer of officers against a request; its sequence counts offers."""

    __tablename__ = "commitment"
    __table_args__ = (
        UniqueConstraint("request_id", "providing_force_id", "sequence"),
        one_of("status", CommitmentStatus),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("mutual_aid_request.id", ondelete="CASCADE"))
    providing_force_id: Mapped[int] = mapped_column(ForeignKey("force.id"), index=True)
    sequence: Mapped[int] = mapped_column(Integer, default=1)
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=CommitmentStatus.OFFERED, index=True)

    request: Mapped[MutualAidRequest] = relationship(back_populates="commitments", lazy="raise")
    providing_force: Mapped[Force] = relationship(lazy="raise")
