"""EDXL-RM messages that have no lifecycle step, recorded with their request (issue #18).

Messages that take a step (a request, an offer, an acceptance...) live in the request's event
log; these eight kinds (information, quotes, deployment status requests, unsolicited offers,
answers to extensions and returns) change nothing, so they are kept here, in the order they
came: `after_sequence` is the number of the last event of the request when each arrived.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.store.models.base import Base
from hub.store.types import UtcDateTime, utcnow


class EdxlRecord(Base):
    """One recorded message: who sent it, when, about which request, and what it said."""

    __tablename__ = "edxl_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("mutual_aid_request.id", ondelete="CASCADE"), index=True
    )
    after_sequence: Mapped[int] = mapped_column(Integer)
    message_id: Mapped[str] = mapped_column(String(36), unique=True)
    message_type: Mapped[str] = mapped_column(String(60))
    sender_force_id: Mapped[int | None] = mapped_column(ForeignKey("force.id"), default=None)
    actor_name: Mapped[str] = mapped_column(String(120))
    actor_role: Mapped[str] = mapped_column(String(20))
    response_type: Mapped[str | None] = mapped_column(String(20), default=None)
    quantity: Mapped[int | None] = mapped_column(Integer, default=None)
    price: Mapped[str | None] = mapped_column(String(60), default=None)
    note: Mapped[str | None] = mapped_column(String(2000), default=None)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
