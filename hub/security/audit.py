"""The read-access audit log (DPA 2018 Part 3, s.62): who consulted personal data, when, why.

One record per operation that disclosed personal data: the key, its role and force, the time,
the operation's type, name and document hash, the personal fields disclosed, how many records
they came from, and the purpose given in `X-Purpose`; and, in `audit_subject`, the global id
of each of those records (an officer's opaque id), so that "who read officer X, when and why"
is one query. Records are only ever inserted (the database refuses UPDATE and DELETE).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.ops.metrics import AUDIT_WRITES
from hub.security.errors import SecurityError
from hub.security.policy import sees_personal_data
from hub.security.state import RequestSecurity
from hub.store.models import AuditRecord
from hub.store.models.security import AuditSubject
from hub.store.types import utcnow


def needs_audit(security: RequestSecurity) -> bool:
    """Whether the operation consulted personal data and must leave an audit record: it asked
    for some, with a key that may see some, and some went out (masked reads leave none)."""
    return (
        security.personal_requested
        and sees_personal_data(security.principal)
        and bool(security.disclosed_fields)
    )


async def write_audit(engine: AsyncEngine, security: RequestSecurity) -> None:
    """Append the operation's audit record; AUDIT_UNAVAILABLE (503) when that fails."""
    principal = security.principal
    values = {
        "occurred_at": utcnow(),
        "key_id": principal.key_id,
        "key_name": principal.name,
        "role": principal.role.value,
        "force_code": principal.force_code,
        "operation_type": security.operation_type,
        "operation_name": (security.operation_name or "")[:200] or None,
        "document_hash": security.document_hash,
        "purpose": security.purpose or "",
        "fields": ",".join(sorted(security.disclosed_fields))[:500],
        "record_count": len(security.disclosed_records),
        "request_id": security.request_id,
    }
    subjects = sorted(security.disclosed_records)
    try:
        async with engine.begin() as connection:
            audit_id = await connection.scalar(
                insert(AuditRecord).values(**values).returning(AuditRecord.id)
            )
            if subjects:
                rows = [{"audit_id": audit_id, "subject": subject} for subject in subjects]
                await connection.execute(insert(AuditSubject), rows)
    except Exception as error:  # any failure: the personal data must not leave unlogged
        AUDIT_WRITES.labels("failed").inc()
        raise SecurityError(
            "AUDIT_UNAVAILABLE", "the access could not be recorded, so nothing is returned", 503
        ) from error
    AUDIT_WRITES.labels("written").inc()


@dataclass(frozen=True)
class AuditQuery:
    """Which audit records to read: newest first, filtered, a page at a time."""

    first: int = 100
    before_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    key_names: Sequence[str] = ()
    roles: Sequence[str] = ()
    forces: Sequence[str] = ()
    #: Only records that disclosed one of these records' personal data (global ids).
    subjects: Sequence[str] = ()

    def statement(self) -> Select[Any]:
        """The page (one record more than `first`, to tell whether another page follows)."""
        return (
            self._where(select(AuditRecord.__table__))
            .order_by(AuditRecord.id.desc())
            .limit(self.first + 1)
        )

    def count_statement(self) -> Select[Any]:
        """How many records match the filters, over all pages."""
        unpaged = AuditQuery(
            since=self.since,
            until=self.until,
            key_names=self.key_names,
            roles=self.roles,
            forces=self.forces,
            subjects=self.subjects,
        )
        return unpaged._where(select(func.count()).select_from(AuditRecord))

    def _where(self, stmt: Select[Any]) -> Select[Any]:
        record = AuditRecord
        if self.before_id is not None:
            stmt = stmt.where(record.id < self.before_id)
        if self.since is not None:
            stmt = stmt.where(record.occurred_at >= self.since)
        if self.until is not None:
            stmt = stmt.where(record.occurred_at <= self.until)
        for column, values in (
            (record.key_name, self.key_names),
            (record.role, self.roles),
            (record.force_code, self.forces),
        ):
            if values:
                stmt = stmt.where(column.in_(list(values)))
        if self.subjects:
            about = select(AuditSubject.audit_id).where(
                AuditSubject.subject.in_(list(self.subjects))
            )
            stmt = stmt.where(record.id.in_(about))
        return stmt


async def read_audit(engine: AsyncEngine, query: AuditQuery) -> Sequence[Row[Any]]:
    """Audit records, newest first (at most `query.first`)."""
    async with engine.connect() as connection:
        rows = (await connection.execute(query.statement())).all()
    return list(rows[: query.first])
