"""Import batches (one run of an adapter over one file) and the rows they rejected."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.store.models.base import Base
from hub.store.models.reference import Force
from hub.store.types import UtcDateTime, utcnow


class ImportBatch(Base):
    """Who imported which file with which adapter, when, and what came of each row."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    force_id: Mapped[int | None] = mapped_column(ForeignKey("force.id"), default=None, index=True)
    adapter: Mapped[str] = mapped_column(String(120))
    file_name: Mapped[str] = mapped_column(String(300))
    checksum: Mapped[str] = mapped_column(String(64), index=True)
    actor: Mapped[str] = mapped_column(String(120), default="cli")
    status: Mapped[str] = mapped_column(String(20), default="RUNNING")
    # Who runs the import ("host:pid"), so that a batch left RUNNING by a process that died
    # can be told from one still running (see hub/adapters/write/liveness.py).
    runner: Mapped[str | None] = mapped_column(String(120), default=None)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    strict: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)

    force: Mapped[Force | None] = relationship(lazy="raise")
    rejects: Mapped[list[ImportReject]] = relationship(back_populates="batch", lazy="raise")


class ImportReject(Base):
    """One rejected source record: where it was, which field, the value, a code and a message."""

    __tablename__ = "import_reject"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batch.id", ondelete="CASCADE"), index=True
    )
    file: Mapped[str] = mapped_column(String(300))
    line: Mapped[int | None] = mapped_column(Integer, default=None)
    path: Mapped[str | None] = mapped_column(String(500), default=None)
    field: Mapped[str | None] = mapped_column(String(120), default=None)
    value: Mapped[str | None] = mapped_column(Text, default=None)
    code: Mapped[str] = mapped_column(String(60), index=True)
    message: Mapped[str] = mapped_column(Text)

    batch: Mapped[ImportBatch] = relationship(back_populates="rejects", lazy="raise")
