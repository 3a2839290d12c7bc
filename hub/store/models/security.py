"""API keys, the read-access audit log and per-key rate-limit windows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.store.models.base import Base
from hub.store.models.reference import Force
from hub.store.types import UtcDateTime, utcnow

ROLES = ("coordinator", "partner", "ingest", "stakeholder")
_ROLE_LIST = ", ".join(f"'{role}'" for role in ROLES)


class ApiKey(Base):
    """A principal: a random key, stored only as its SHA-256, with a role and maybe a force."""

    __tablename__ = "api_key"
    __table_args__ = (
        CheckConstraint(f"role IN ({_ROLE_LIST})", name="role_code"),
        CheckConstraint(
            "role IN ('coordinator', 'stakeholder') OR force_id IS NOT NULL",
            name="force_for_scoped_roles",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    force_id: Mapped[int | None] = mapped_column(ForeignKey("force.id"), default=None, index=True)
    # SHA-256 digests of the only documents the key may run (trusted documents); None: any.
    allowed_operations: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    force: Mapped[Force | None] = relationship(lazy="raise")


class AuditRecord(Base):
    """One operation that consulted personal data: who, when, what, how much, and why.

    Append-only: the migration adds triggers that refuse UPDATE and DELETE.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"), default=None, index=True)
    key_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    force_code: Mapped[str | None] = mapped_column(String(40), default=None)
    operation_type: Mapped[str] = mapped_column(String(20))
    operation_name: Mapped[str | None] = mapped_column(String(200), default=None)
    document_hash: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(200))
    fields: Mapped[str] = mapped_column(String(500))
    record_count: Mapped[int] = mapped_column(Integer)
    request_id: Mapped[str] = mapped_column(String(32))


class AuditSubject(Base):
    """A record whose personal data an audited operation disclosed: the audit record and the
    record's global id (an officer's opaque id), so "who read officer X" is one look-up.

    Append-only, as the audit log is.
    """

    __tablename__ = "audit_subject"

    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_log.id"), primary_key=True)
    subject: Mapped[str] = mapped_column(String(120), primary_key=True, index=True)


class RateLimitWindow(Base):
    """Requests counted per key and fixed time window, shared by every hub process."""

    __tablename__ = "rate_limit_window"

    bucket: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[int] = mapped_column(Integer, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
