"""The read-access audit log, for national coordinators: who consulted personal data, and why."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from typing import Annotated, Any

import strawberry
from sqlalchemy import select

from hub.errors import BadUserInput
from hub.resolvers.pagination import Page
from hub.resolvers.queries import page_size
from hub.schema.base import Connection, DateTimeRange, HubInfo
from hub.security.audit import AuditQuery
from hub.security.errors import forbidden
from hub.security.policy import may_read_audit
from hub.store.models.security import AuditSubject


@strawberry.type(description="One operation that consulted personal data, as the log keeps it.")
class AuditRecord:
    """Who (key, role, force), when, which operation, what was disclosed, and why."""

    occurred_at: datetime = strawberry.field(description="When the operation ran (UTC).")
    key_name: str = strawberry.field(description="Name of the API key that ran it.")
    role: str = strawberry.field(description="Role of the key.")
    force_code: str | None = strawberry.field(description="Force of the key, if force-scoped.")
    operation_type: str = strawberry.field(description="`query` or `mutation`.")
    operation_name: str | None = strawberry.field(description="The operation's name, if any.")
    document_hash: str = strawberry.field(description="SHA-256 of the canonical document.")
    purpose: str = strawberry.field(description="The purpose given in the X-Purpose header.")
    record_count: int = strawberry.field(description="Records whose personal data was disclosed.")
    request_id: str = strawberry.field(description="Id of the request, as the hub's log has it.")

    @strawberry.field(description="Personal fields disclosed, as `Type.field`.")
    def fields(self) -> list[str]:
        text: str = self.fields  # type: ignore[assignment]
        return [name for name in text.split(",") if name]

    @strawberry.field(
        description="Global ids of the records whose personal data the operation disclosed "
        "(officers' ids; an import batch's for its rejected values)."
    )
    async def records(self, info: HubInfo) -> list[strawberry.ID]:
        audit_id: int = self.id  # type: ignore[attr-defined]
        loader = info.context.loaders.get(("audit_subjects",), partial(_subjects, info))
        subjects: list[str] = await loader.load(audit_id)
        return [strawberry.ID(subject) for subject in subjects]


async def _subjects(info: HubInfo, audit_ids: Sequence[int]) -> list[list[str]]:
    """The records each audit record names, for a page of them in one statement."""
    statement = (
        select(AuditSubject.audit_id, AuditSubject.subject)
        .where(AuditSubject.audit_id.in_(list(audit_ids)))
        .order_by(AuditSubject.subject)
    )
    found: dict[int, list[str]] = {audit_id: [] for audit_id in audit_ids}
    for row in await info.context.reader.rows(statement):
        found[row.audit_id].append(row.subject)
    return [found[audit_id] for audit_id in audit_ids]


@strawberry.input(description="Which audit records: all given conditions must hold.")
class AuditLogFilter:
    """Filter of `auditLog`."""

    occurred_at: DateTimeRange | None = strawberry.field(default=None, description="When.")
    key_names: list[str] | None = strawberry.field(default=None, description="Keys, by name.")
    roles: list[str] | None = strawberry.field(default=None, description="Roles of the keys.")
    forces: list[str] | None = strawberry.field(default=None, description="Forces of the keys.")
    records: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Only operations that disclosed personal data of one of these records, by "
        "global id (an officer's `id`): who read this officer, when and why.",
    )


def _cursor(row: Any) -> str:
    return base64.urlsafe_b64encode(f"audit:{row.id}".encode()).decode().rstrip("=")


def _before(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, number = text.partition(":")
        if kind == "audit" and number.isdigit():
            return int(number)
    except (binascii.Error, UnicodeError, ValueError):
        pass
    raise BadUserInput("INVALID_CURSOR", "the cursor is not one this hub gave")


async def audit_log(
    info: HubInfo, filter: AuditLogFilter | None, first: int | None, after: str | None
) -> Connection[AuditRecord]:
    """A page of the audit log, newest first."""
    if not may_read_audit(info.context.security.principal):
        raise forbidden("only coordinators may read the audit log")
    given = filter or AuditLogFilter()
    period = given.occurred_at or DateTimeRange()
    query = AuditQuery(
        first=page_size(info.context, first),
        before_id=_before(after),
        since=period.start,
        until=period.end,
        key_names=given.key_names or (),
        roles=given.roles or (),
        forces=given.forces or (),
        subjects=[str(record) for record in given.records or ()],
    )
    reader = info.context.reader
    rows = await reader.rows(query.statement())

    async def count() -> int:
        return int(await reader.scalar(query.count_statement()))

    page = Page(
        rows=rows[: query.first],
        has_next_page=len(rows) > query.first,
        has_previous_page=after is not None,
        cursor=_cursor,
        count=count,
    )
    return Connection(page=page)


AuditFilterArgument = Annotated[
    AuditLogFilter | None, strawberry.argument(description="Which records.")
]
