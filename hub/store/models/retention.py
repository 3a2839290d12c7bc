"""The retention log: one row per rule applied by `hub retention run`, never changed after."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.store.models.base import Base
from hub.store.types import UtcDateTime, utcnow


class RetentionErasure(Base):
    """What one rule of a retention run erased: the kind of record, how many, under which
    rule and cut-off. It names no person: counts only. The database refuses to update or
    delete these rows (triggers made by migration 0011)."""

    __tablename__ = "retention_erasure"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(String(36), index=True)
    rule: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str] = mapped_column(String(60))
    records: Mapped[int] = mapped_column(Integer)
    cutoff: Mapped[date] = mapped_column(Date)
    policy_sha256: Mapped[str] = mapped_column(String(64))
    erased_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
