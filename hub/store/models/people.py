"""Officers and the capabilities they hold. Names and service numbers are personal data."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, ForeignKey, String, Table, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.standard.enums import AvailabilityStatus
from hub.store.models.base import Base, OpaqueId, Provenance, Versioned
from hub.store.models.base import one_of as _one_of
from hub.store.models.reference import Capability, Force
from hub.store.types import UtcDateTime

officer_capability = Table(
    "officer_capability",
    Base.metadata,
    Column("officer_id", ForeignKey("officer.id", ondelete="CASCADE"), primary_key=True),
    Column("capability_id", ForeignKey("capability.id"), primary_key=True, index=True),
)


class Officer(OpaqueId, Provenance, Versioned, Base):
    """A police officer of one force, identified by the force and its service number."""

    __tablename__ = "officer"
    __table_args__ = (
        UniqueConstraint("force_id", "service_number"),
        _one_of("availability", AvailabilityStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("force.id"))
    service_number: Mapped[str] = mapped_column(String(40))
    # Null only for a provisional officer (see `provisional`).
    given_name: Mapped[str | None] = mapped_column(String(80))
    family_name: Mapped[str | None] = mapped_column(String(80), index=True)
    rank: Mapped[str | None] = mapped_column(String(20), index=True)
    detective: Mapped[bool] = mapped_column(Boolean, default=False)
    # Availability for mutual aid, as the force's HR system last gave it (all three optional).
    available_from: Mapped[date | None] = mapped_column(Date, default=None)
    available_to: Mapped[date | None] = mapped_column(Date, default=None)
    availability: Mapped[str | None] = mapped_column(String(20), default=None)
    # Named by another export (a roster) by service number alone: names and rank are null
    # until the force's HR record fills them in.
    provisional: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Set by retention (`hub retention run`): the record stands in for an officer on the
    # deployments of one past operation, with force and rank kept and no name or number.
    identity_erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    # Set when the force's newest full list (a snapshot import) no longer names the officer,
    # by that import's batch; cleared when a later full list names the officer again.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    withdrawn_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), default=None
    )

    force: Mapped[Force] = relationship(lazy="raise")
    capabilities: Mapped[list[Capability]] = relationship(
        secondary=officer_capability, lazy="raise"
    )
