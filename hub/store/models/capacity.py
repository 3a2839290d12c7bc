"""Officer-days counted ahead for capacity (issue #16): per capability, force and day, per
force and day, and each officer's runs of busy days; and duty-days per force and day for
the management information (issue #14). Derived data, never entered: kept up to date by
`hub.store.capacity.refresh` after the writes that change what they count."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from hub.store.models.base import Base


class CapacityDay(Base):
    """One capability, force and day: of the force's officers holding the capability (not
    erased or withdrawn), those deployed or named in an accepted commitment of a live
    request that day (`engaged`), by reason, and how many of those declared themselves
    unavailable that day; and the force's officers on duty that day in units of the
    capability (`on_duty`, whatever they hold). A row exists only where a count is not 0."""

    __tablename__ = "capacity_day"

    capability_id: Mapped[int] = mapped_column(ForeignKey("capability.id"), primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("force.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    engaged: Mapped[int] = mapped_column(Integer, default=0)
    deployed: Mapped[int] = mapped_column(Integer, default=0)
    committed: Mapped[int] = mapped_column(Integer, default=0)
    engaged_unavailable: Mapped[int] = mapped_column(Integer, default=0)
    on_duty: Mapped[int] = mapped_column(Integer, default=0)


class CapacityAwayDay(Base):
    """One force and day: its officers away on other forces' requests (deployed in a unit
    of another force's commitment, or named in an accepted commitment of another force's
    live request spanning the day), each counted once."""

    __tablename__ = "capacity_away_day"

    force_id: Mapped[int] = mapped_column(ForeignKey("force.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    away: Mapped[int] = mapped_column(Integer)


class CapacityRun(Base):
    """Consecutive days on which an officer is deployed or named in an accepted commitment
    of a live request (every officer, erased and withdrawn ones too)."""

    __tablename__ = "capacity_run"
    __table_args__ = (Index("ix_capacity_run_window", "starts_on", "ends_on", "officer_id"),)

    officer_id: Mapped[int] = mapped_column(
        ForeignKey("officer.id", ondelete="CASCADE"), primary_key=True
    )
    starts_on: Mapped[date] = mapped_column(Date, primary_key=True)
    ends_on: Mapped[date] = mapped_column(Date)


class DutyDay(Base):
    """One force and day: its officers' deployments not cancelled (`deployments`) and the
    officers among them (`officers`, each once), whatever their capability, erasure or
    withdrawal: `officerDutyDays` by force and day, counted ahead. A row exists only where
    the force has such a deployment that day."""

    __tablename__ = "duty_day"

    force_id: Mapped[int] = mapped_column(ForeignKey("force.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    deployments: Mapped[int] = mapped_column(Integer)
    officers: Mapped[int] = mapped_column(Integer)


class CapacityBatch(Base):
    """An import batch whose writes the capacity tables have taken in."""

    __tablename__ = "capacity_batch"

    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batch.id", ondelete="CASCADE"), primary_key=True
    )
