"""Planning units, their members, duty units (shifts) and deployments of officers to them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.standard.enums import DeploymentStatus, ShiftType
from hub.store.models.base import Base, OpaqueId, Provenance, Versioned, one_of
from hub.store.models.operations import Commitment, Location
from hub.store.models.people import Officer
from hub.store.models.reference import Capability, Force
from hub.store.types import UtcDateTime


class PlanningUnit(Provenance, Versioned, Base):
    """A group of officers of one force sharing a capability, planned and sent together."""

    __tablename__ = "planning_unit"
    __table_args__ = (
        CheckConstraint(
            "provisional OR capability_id IS NOT NULL", name="capability_unless_provisional"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    force_id: Mapped[int] = mapped_column(ForeignKey("force.id"), index=True)
    # Null only for a provisional unit (see `provisional`).
    capability_id: Mapped[int | None] = mapped_column(ForeignKey("capability.id"), index=True)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitment.id"), default=None, index=True
    )

    force: Mapped[Force] = relationship(lazy="raise")
    capability: Mapped[Capability | None] = relationship(lazy="raise")
    commitment: Mapped[Commitment | None] = relationship(lazy="raise")
    members: Mapped[list[PlanningUnitMember]] = relationship(
        back_populates="planning_unit", lazy="raise"
    )


class PlanningUnitMember(Provenance, Base):
    """An officer's place in a planning unit, with the role they fill (e.g. driver)."""

    __tablename__ = "planning_unit_member"

    planning_unit_id: Mapped[int] = mapped_column(
        ForeignKey("planning_unit.id", ondelete="CASCADE"), primary_key=True
    )
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id"), primary_key=True, index=True)
    role: Mapped[str | None] = mapped_column(String(60), default=None)

    planning_unit: Mapped[PlanningUnit] = relationship(back_populates="members", lazy="raise")
    officer: Mapped[Officer] = relationship(lazy="raise")


class DutyUnit(Provenance, Versioned, Base):
    """One shift of a planning unit: when it starts and ends, and where."""

    __tablename__ = "duty_unit"
    __table_args__ = (
        UniqueConstraint("planning_unit_id", "starts_at"),
        one_of("shift_type", ShiftType),
        CheckConstraint("ends_at > starts_at", name="times_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    planning_unit_id: Mapped[int] = mapped_column(ForeignKey("planning_unit.id"))
    shift_type: Mapped[str] = mapped_column(String(10))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id"), default=None, index=True
    )

    planning_unit: Mapped[PlanningUnit] = relationship(lazy="raise")
    location: Mapped[Location | None] = relationship(lazy="raise")


class Deployment(OpaqueId, Provenance, Versioned, Base):
    """One officer on one duty unit: an officer duty-day."""

    __tablename__ = "deployment"
    __table_args__ = (
        UniqueConstraint("officer_id", "duty_unit_id"),
        one_of("status", DeploymentStatus),
        # capacity reads a window's officer-days from the index alone (migration 0010)
        Index("ix_deployment_capacity", "duty_date", "officer_id", "status", "duty_unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id"))
    duty_unit_id: Mapped[int] = mapped_column(ForeignKey("duty_unit.id"), index=True)
    # ix_deployment_duty_date: pages of deployments by day come in (duty_date, id) order from
    # it, which the capacity index (officer_id second) does not give (docs/performance.md)
    duty_date: Mapped[date] = mapped_column(Date, index=True)
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id"), default=None, index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=DeploymentStatus.PLANNED)

    officer: Mapped[Officer] = relationship(lazy="raise")
    duty_unit: Mapped[DutyUnit] = relationship(lazy="raise")
    location: Mapped[Location | None] = relationship(lazy="raise")
