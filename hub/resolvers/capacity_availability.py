"""Setting and clearing an officer's availability window for mutual aid through the graph.

The force the officer serves in (or a national coordinator) may change it; any other key is
answered as if the officer did not exist. Each change names the version it read, may carry an
idempotency key, and is written to the append-only `availability_change` log with who made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.domain import rules
from hub.resolvers.context import RequestContext
from hub.resolvers.workflow import not_found, version_conflict
from hub.resolvers.workflow_tx import row_of, run_write
from hub.security.policy import WriteAs, require_write
from hub.security.principal import Principal, Role
from hub.standard.enums import AvailabilityStatus
from hub.store import models as m
from hub.store.capacity import refresh_officers
from hub.store.types import utcnow


@dataclass(frozen=True)
class Window:
    """An availability status and the days it covers (either end open)."""

    status: AvailabilityStatus | None
    available_from: date | None = None
    available_to: date | None = None


CLEARED = Window(None)


async def change_availability(
    context: RequestContext,
    officer_id: str,
    expected_version: int,
    window: Window,
    idempotency_key: str | None,
) -> Any:
    """Set the officer's window (or clear it with `CLEARED`); the officer's row after."""
    if (
        window.available_from
        and window.available_to
        and window.available_to < window.available_from
    ):
        raise rules.bad_input("availableTo", "the window ends before it starts")
    principal = context.security.principal

    async def work(connection: AsyncConnection) -> Any:
        officer = await _locked_officer(connection, principal, officer_id)
        if officer.version != expected_version:
            raise version_conflict("officer", officer.version, expected_version)
        o = m.Officer
        await connection.execute(
            update(o)
            .where(o.id == officer.id, o.version == officer.version)
            .values(
                availability=None if window.status is None else window.status.value,
                available_from=window.available_from,
                available_to=window.available_to,
                version=officer.version + 1,
            )
        )
        await _log(connection, principal, officer, window)
        await refresh_officers(connection, [officer.id])
        return await row_of(connection, "Officer", officer.id)

    arguments = {
        "id": officer_id,
        "expectedVersion": expected_version,
        "status": None if window.status is None else window.status.value,
        "availableFrom": window.available_from,
        "availableTo": window.available_to,
    }
    operation = "clearOfficerAvailability" if window == CLEARED else "setOfficerAvailability"
    return await run_write(context, operation, arguments, idempotency_key, work)


async def _locked_officer(connection: AsyncConnection, principal: Principal, gid: str) -> Any:
    """The officer, locked; NOT_FOUND for an id of no officer, and for another force's officer
    unless the key is a coordinator's (no enumeration of other forces' officers)."""
    o, f = m.Officer, m.Force
    row = (
        await connection.execute(
            select(
                o.id,
                o.gid,
                o.force_id,
                o.version,
                o.availability,
                o.available_from,
                o.available_to,
                f.code.label("force_code"),
            )
            .join(f, f.id == o.force_id)
            .where(o.gid == gid, o.identity_erased_at.is_(None))
            .with_for_update(of=o)
        )
    ).first()
    if row is None or (
        principal.role is not Role.COORDINATOR and row.force_id != principal.force_id
    ):
        raise not_found("officer")
    require_write(principal, WriteAs.PROVIDER, row.force_code)
    return row


async def _log(
    connection: AsyncConnection, principal: Principal, officer: Any, window: Window
) -> None:
    await connection.execute(
        insert(m.AvailabilityChange).values(
            officer_gid=officer.gid,
            force_id=officer.force_id,
            action="CLEAR" if window == CLEARED else "SET",
            status_before=officer.availability,
            from_before=officer.available_from,
            to_before=officer.available_to,
            status_after=None if window.status is None else window.status.value,
            from_after=window.available_from,
            to_after=window.available_to,
            actor_key_id=principal.key_id,
            actor_name=principal.name,
            actor_role=principal.role.value,
            actor_force_id=principal.force_id,
            occurred_at=utcnow(),
        )
    )
