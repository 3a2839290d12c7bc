"""The log of changes to officers' availability for mutual aid made through the graph."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.store.models.base import Base
from hub.store.types import UtcDateTime, utcnow


class AvailabilityChange(Base):
    """One change of an officer's availability window: who made it, when, and the window
    before and after. The officer is named by opaque global id (no foreign key, so that
    retention can erase the officer and keep the log). Append-only: the migration adds
    triggers that refuse UPDATE and DELETE."""

    __tablename__ = "availability_change"
    __table_args__ = (CheckConstraint("action IN ('SET', 'CLEAR')", name="action_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_gid: Mapped[str] = mapped_column(String(120), index=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("force.id"), index=True)
    action: Mapped[str] = mapped_column(String(10))
    status_before: Mapped[str | None] = mapped_column(String(20), default=None)
    from_before: Mapped[date | None] = mapped_column(Date, default=None)
    to_before: Mapped[date | None] = mapped_column(Date, default=None)
    status_after: Mapped[str | None] = mapped_column(String(20), default=None)
    from_after: Mapped[date | None] = mapped_column(Date, default=None)
    to_after: Mapped[date | None] = mapped_column(Date, default=None)
    actor_key_id: Mapped[int | None] = mapped_column(Integer, default=None)
    actor_name: Mapped[str] = mapped_column(String(120))
    actor_role: Mapped[str] = mapped_column(String(20))
    actor_force_id: Mapped[int | None] = mapped_column(Integer, default=None)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
