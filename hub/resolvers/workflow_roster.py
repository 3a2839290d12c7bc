"""Roster rules in the workflow: a duty that breaks one is refused, and an operation's conflicts
are listed (the rules are `hub.domain.roster`, their reads `hub.store.roster`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Row, Select, func, select, union
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Executable

from hub.config import Settings
from hub.domain.roster import Conflict, ConflictKind, row_conflicts
from hub.errors import HubError
from hub.resolvers.context import RequestContext
from hub.resolvers.dates import seconds_between
from hub.store import models as m
from hub.store.roster import COUNTED, Fetch, officer_duties, operation_officers


def min_rest(settings: Settings) -> timedelta:
    return timedelta(hours=settings.roster_min_rest_hours)


class RosterConflict(HubError):
    """A duty would put an officer on two duties at once, without rest, or while unavailable."""

    def __init__(self, conflict: Conflict) -> None:
        other = conflict.other.reference if conflict.other else None
        super().__init__(
            conflict.code,
            conflict.message(),
            dutyUnit=conflict.duty.reference,
            otherDutyUnit=other,
        )


async def refuse_conflicts(
    connection: AsyncConnection, settings: Settings, planning_unit: int, duty_unit: int
) -> None:
    """Refuse the new duty unit if it breaks a roster rule for one of the unit's officers."""

    async def fetch(statement: Executable) -> Sequence[Row[Any]]:
        return (await connection.execute(statement)).all()

    members = select(m.PlanningUnitMember.officer_id).where(
        m.PlanningUnitMember.planning_unit_id == planning_unit
    )
    for found, _, _ in await _conflicts(fetch, members, settings):
        sides = {found.duty.duty_unit, found.other.duty_unit if found.other else None}
        if duty_unit in sides:
            raise RosterConflict(found)


async def operation_conflicts(context: RequestContext, code: str) -> list[tuple[Conflict, int]]:
    """Every conflict with a duty of the operation on either side, and the officer of each."""
    operation = await context.reader.scalar(select(m.Operation.id).where(m.Operation.code == code))
    if operation is None:
        raise HubError("NOT_FOUND", f"no operation has the code {code!r}", field="operation")
    suspects = _in_conflict(operation_officers(operation), min_rest(context.settings))
    ids = [row[0] for row in await context.reader.rows(suspects)]  # read once, used twice
    officers = select(m.Officer.id).where(m.Officer.id.in_(ids))
    found = await _conflicts(context.reader.rows, officers, context.settings)
    return [
        (conflict, conflict.duty.officer)
        for conflict, row, other in found
        if row.operation_id == operation or (other is not None and other.operation_id == operation)
    ]


def _in_conflict(officers: Select[Any], rest: timedelta) -> Any:
    """Of `officers`, those who may break a roster rule, found set-wise: a duty starting before
    the officer's previous duties have all ended plus the rest, or a declared availability. The
    rules themselves (`hub.domain.roster`) then run on these officers' duties alone."""
    d, du, o = m.Deployment, m.DutyUnit, m.Officer
    previous_end = func.max(du.ends_at).over(
        partition_by=d.officer_id,
        order_by=(du.starts_at, du.ends_at, d.duty_unit_id),
        rows=(None, -1),
    )
    tours = (
        select(d.officer_id, du.starts_at, previous_end.label("previous_end"))
        .join(du, du.id == d.duty_unit_id)
        .where(COUNTED, d.officer_id.in_(officers))
        .subquery("tours")
    )
    short = seconds_between(tours.c.starts_at, tours.c.previous_end) < rest.total_seconds()
    return union(
        select(tours.c.officer_id).where(tours.c.previous_end.is_not(None), short),
        select(o.id).where(o.id.in_(officers), o.availability.is_not(None)),
    )


async def _conflicts(fetch: Fetch, officers: Any, settings: Settings) -> list[Any]:
    duties, windows = await officer_duties(fetch, officers)
    return row_conflicts(duties, windows, min_rest(settings))


__all__ = ["ConflictKind", "RosterConflict", "operation_conflicts", "refuse_conflicts"]
