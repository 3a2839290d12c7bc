"""Security markings: a record's own government security classification, where one is set."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.standard.enums import Classification
from hub.store.models.base import Base, one_of
from hub.store.types import UtcDateTime, utcnow


class RecordMarking(Base):
    """The classification a mapping or a mutation gave one record (by GraphQL type and row id).

    A record with no marking is OFFICIAL; a record of an operation is never less restricted
    than the operation (hub/resolvers/markings.py works out the effective classification)."""

    __tablename__ = "record_marking"
    __table_args__ = (one_of("classification", Classification),)

    record_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    classification: Mapped[str] = mapped_column(String(30))
    # Who marked it: "key:<key id>" for a mutation, "import" for a mapping (see the batch).
    marked_by: Mapped[str] = mapped_column(String(120))
    source_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), default=None, index=True
    )
    marked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
