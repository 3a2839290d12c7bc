"""The workflow's own records: each request's append-only event log, and idempotency keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.store.models.base import Base
from hub.store.types import UtcDateTime, utcnow

#: Steps a request's log records (requests' and commitments' actions, by name).
EVENT_ACTIONS = (
    "RAISE",
    "UPDATE",
    "SUBMIT",
    "OFFER",
    "ACCEPT",
    "DECLINE",
    "WITHDRAW",
    "RELEASE",
    "CONFIRM",
    "START",
    "EXTEND",
    "COMPLETE",
    "CANCEL",
)
_ACTION_LIST = ", ".join(f"'{action}'" for action in EVENT_ACTIONS)


class RequestEvent(Base):
    """One step in a request's life: who took it, when, what it changed. Never updated."""

    __tablename__ = "request_event"
    __table_args__ = (
        UniqueConstraint("request_id", "sequence"),
        CheckConstraint(f"action IN ({_ACTION_LIST})", name="action_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("mutual_aid_request.id", ondelete="CASCADE"))
    sequence: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20), default=None)
    to_status: Mapped[str | None] = mapped_column(String(20), default=None)
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), default=None, index=True
    )
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    actor_key_id: Mapped[int | None] = mapped_column(Integer, default=None)
    actor_name: Mapped[str] = mapped_column(String(120))
    actor_role: Mapped[str] = mapped_column(String(20))
    actor_force_id: Mapped[int | None] = mapped_column(ForeignKey("force.id"), default=None)
    message_id: Mapped[str] = mapped_column(String(36), unique=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class IdempotencyKey(Base):
    """A client's key for one mutation: its input's digest and the first answer, replayed."""

    __tablename__ = "idempotency_key"

    owner: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    operation: Mapped[str] = mapped_column(String(60))
    input_hash: Mapped[str] = mapped_column(String(64))
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
