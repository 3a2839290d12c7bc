"""Capacity: who can send officers of a capability, and when; and the national picture.

Each answer is one set-wise statement built from `capacity_sql` (no query per force or per
day); the schema resolves forces, regions and capabilities through the request's loaders.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import CTE, Select, Subquery, case, func, literal, null, select, true, union_all

from hub.resolvers.capacity_sql import (
    Scope,
    busy_by_day,
    busy_in_window,
    capable,
    days,
    floor_zero,
    overlaps,
    pending_by_day,
    unnamed_commitments,
)
from hub.resolvers.reader import Reader
from hub.standard.enums import CommitmentStatus
from hub.store import models as m
from hub.store.capacity import LIVE_REQUESTS

_O, _D, _DU, _PU, _PUM = m.Officer, m.Deployment, m.DutyUnit, m.PlanningUnit, m.PlanningUnitMember
_C, _R, _F = m.Commitment, m.MutualAidRequest, m.Force

#: What daily capacity can be summed to.
LEVELS = ("force", "region", "national")
COUNTS = ("capable", "busy", "deployed", "committed", "unavailable", "pending", "available")


def _z(column: Any) -> Any:
    return func.coalesce(column, 0)


def per_force_day(scope: Scope, day_rows: CTE) -> Subquery:
    """Capacity of each capability, force and day of the scope (forces holding it only)."""
    held = capable(scope)
    busy = busy_by_day(scope, day_rows)
    pending = pending_by_day(scope, day_rows)

    def same(other: Subquery) -> Any:
        return (
            (other.c.capability_id == held.c.capability_id)
            & (other.c.force_id == held.c.force_id)
            & (other.c.day == day_rows.c.day)
        )

    return (
        select(
            held.c.capability_id,
            held.c.force_id,
            day_rows.c.day,
            held.c.capable,
            _z(busy.c.busy).label("busy"),
            _z(busy.c.deployed).label("deployed"),
            _z(busy.c.committed).label("committed"),
            _z(busy.c.unavailable).label("unavailable"),
            _z(pending.c.pending).label("pending"),
            floor_zero(held.c.capable - _z(busy.c.busy) - _z(pending.c.pending)).label("available"),
        )
        .select_from(held)
        .join(day_rows, true())
        .outerjoin(busy, same(busy))
        .outerjoin(pending, same(pending))
        .subquery("per_force_day")
    )


async def daily(reader: Reader, scope: Scope, level: str) -> Sequence[Any]:
    """Capacity per capability and day, for each force, each region or the nation."""
    rows = per_force_day(scope, days(scope))
    sums = [func.sum(rows.c[name]).label(name) for name in COUNTS]
    if level == "force":
        stmt: Select[Any] = (
            select(rows, _F.region_id)
            .join(_F, _F.id == rows.c.force_id)
            .order_by(rows.c.capability_id, rows.c.day, rows.c.force_id)
        )
    elif level == "region":
        regional = (rows.c.capability_id, _F.region_id, rows.c.day)
        stmt = (
            select(*regional, null().label("force_id"), *sums)
            .join(_F, _F.id == rows.c.force_id)
            .group_by(*regional)
            .order_by(rows.c.capability_id, rows.c.day, _F.region_id)
        )
    else:
        keys = (rows.c.capability_id, rows.c.day)
        stmt = (
            select(*keys, null().label("force_id"), null().label("region_id"), *sums)
            .group_by(*keys)
            .order_by(*keys)
        )
    return await reader.rows(stmt)


def _away_by_day(scope: Scope, day_rows: CTE) -> Subquery:
    """Officers of each force away on mutual aid each day of the window (for other forces'
    requests: deployed, named in an accepted commitment, or promised and not yet named):
    `force_id, day, away`. The first two are counted ahead (`capacity_away_day`)."""
    _A = m.CapacityAwayDay
    people = select(_A.force_id, _A.day, _A.away.label("n")).where(
        _A.day >= literal(scope.start, _A.day.type), _A.day <= literal(scope.end, _A.day.type)
    )
    unnamed = unnamed_commitments(scope, day_rows, "firm_away").subquery("unnamed_away")
    promised = (
        select(unnamed.c.force_id, unnamed.c.day, func.sum(unnamed.c.pending).label("n"))
        .where(unnamed.c.requesting_force_id != unnamed.c.force_id)
        .group_by(unnamed.c.force_id, unnamed.c.day)
    )
    both = union_all(people, promised).subquery("away_parts")
    return (
        select(both.c.force_id, both.c.day, func.sum(both.c.n).label("away"))
        .group_by(both.c.force_id, both.c.day)
        .subquery("away_by_day")
    )


async def providers(reader: Reader, scope: Scope) -> Sequence[Any]:
    """For one capability over a window, each force holding it: officers free on every day
    (`free`), and its peak of officers away on mutual aid against its establishment."""
    day_rows = days(scope)
    held = capable(scope)
    busy = busy_in_window(scope)
    daily_pending = pending_by_day(scope, day_rows)
    pending = (
        select(daily_pending.c.force_id, func.max(daily_pending.c.pending).label("pending"))
        .group_by(daily_pending.c.force_id)
        .subquery("pending")
    )
    away_days = _away_by_day(scope, day_rows)
    away = (
        select(away_days.c.force_id, func.max(away_days.c.away).label("away"))
        .group_by(away_days.c.force_id)
        .subquery("away")
    )
    stmt = (
        select(
            held.c.force_id,
            _F.code.label("force_code"),
            _F.region_id,
            _F.officer_strength_fte.label("establishment"),
            held.c.capable,
            _z(busy.c.busy).label("busy"),
            _z(pending.c.pending).label("pending"),
            floor_zero(held.c.capable - _z(busy.c.busy) - _z(pending.c.pending)).label("free"),
            _z(away.c.away).label("away"),
        )
        .select_from(held)
        .join(_F, _F.id == held.c.force_id)
        .outerjoin(busy, busy.c.force_id == held.c.force_id)
        .outerjoin(pending, pending.c.force_id == held.c.force_id)
        .outerjoin(away, away.c.force_id == held.c.force_id)
        .order_by(held.c.force_id)
    )
    return await reader.rows(stmt)


def _demand(scope: Scope, day_rows: CTE) -> Subquery:
    """Officers asked for and committed per capability and day: live requests spanning the day,
    and their accepted commitments: `capability_id, day, requested, committed`."""
    # requests that cannot overlap the window are left out before their days are spread, once
    # (not once per day: SQLite would put the days outside)
    kept = [_R.status.in_(LIVE_REQUESTS), overlaps(scope, _R.starts_on, _R.ends_on)]
    if scope.capabilities is not None:
        kept.append(_R.capability_id.in_(scope.capabilities))
    accepted = case((_C.status == CommitmentStatus.ACCEPTED, _C.quantity), else_=0)
    # by request only: a test of status here would walk every accepted commitment instead
    promised = (
        select(func.coalesce(func.sum(accepted), 0)).where(_C.request_id == _R.id).scalar_subquery()
    )
    live = (
        select(_R.capability_id, _R.starts_on, _R.ends_on, _R.officers, promised.label("promised"))
        .where(*kept)
        .cte("live_requests")
        .prefix_with("MATERIALIZED")
    )
    spans = (live.c.starts_on <= day_rows.c.day) & (live.c.ends_on >= day_rows.c.day)
    return (
        select(
            live.c.capability_id,
            day_rows.c.day,
            func.sum(live.c.officers).label("requested"),
            func.sum(live.c.promised).label("committed"),
        )
        .join(day_rows, spans)
        .group_by(live.c.capability_id, day_rows.c.day)
        .subquery("demand")
    )


def _on_duty(scope: Scope) -> Subquery:
    """Distinct officers on duty per capability of their unit and day: `capability_id, day,
    on_duty` (counted ahead per force in `capacity_day`)."""
    _CD = m.CapacityDay
    stmt = (
        select(_CD.capability_id, _CD.day, func.sum(_CD.on_duty).label("on_duty"))
        .where(
            _CD.day >= literal(scope.start, _CD.day.type),
            _CD.day <= literal(scope.end, _CD.day.type),
            _CD.on_duty > 0,
        )
        .group_by(_CD.capability_id, _CD.day)
    )
    if scope.capabilities is not None:
        stmt = stmt.where(_CD.capability_id.in_(scope.capabilities))
    return stmt.subquery("on_duty")


async def national(reader: Reader, scope: Scope) -> Sequence[Any]:
    """Per capability and day: capable and available officers (summed over forces), officers
    asked for and committed by live requests, and officers on duty in its units."""
    day_rows = days(scope)
    rows = per_force_day(scope, day_rows)
    supply = (
        select(
            rows.c.capability_id,
            rows.c.day,
            func.sum(rows.c.capable).label("capable"),
            func.sum(rows.c.available).label("available"),
        )
        .group_by(rows.c.capability_id, rows.c.day)
        .subquery("supply")
    )
    demand, duty = _demand(scope, day_rows), _on_duty(scope)
    grid = select(m.Capability.id.label("capability_id"), day_rows.c.day).join(day_rows, true())
    if scope.capabilities is not None:
        grid = grid.where(m.Capability.id.in_(scope.capabilities))
    cells = grid.subquery("grid")

    def same(other: Subquery) -> Any:
        return (other.c.capability_id == cells.c.capability_id) & (other.c.day == cells.c.day)

    stmt = (
        select(
            cells.c.capability_id,
            cells.c.day,
            _z(supply.c.capable).label("capable"),
            _z(supply.c.available).label("available"),
            _z(demand.c.requested).label("requested"),
            _z(demand.c.committed).label("committed"),
            _z(duty.c.on_duty).label("on_duty"),
        )
        .select_from(cells)
        .outerjoin(supply, same(supply))
        .outerjoin(demand, same(demand))
        .outerjoin(duty, same(duty))
        .order_by(cells.c.capability_id, cells.c.day)
    )
    return await reader.rows(stmt)


__all__ = ["LEVELS", "Scope", "daily", "national", "providers"]
