"""The SQL that capacity is made of: days, capable officers, busy officer-days, pending offers.

Definitions (docs/querying.md, "Capacity"), for a capability and a day:

- **capable**: officers holding the capability (records erased by retention do not count);
- **busy**: capable officers who, that day, are deployed (a deployment not cancelled), are
  named in a planning unit of an accepted commitment whose request (neither cancelled nor
  completed) spans the day, or have declared themselves `UNAVAILABLE` or `LIMITED` for a
  period that holds the day;
- **pending**: officers promised by a force's accepted commitments spanning the day (for that
  capability) but not yet named in one of their planning units;
- **available**: capable - busy - pending, never below zero, per force.

Deployed and committed officer-days are read from the tables that count them ahead
(`hub.store.capacity`); declared unavailability and pending offers are counted here. Every piece
is a subquery of one statement; nothing here runs a query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    CTE,
    Date,
    Integer,
    Select,
    Subquery,
    and_,
    case,
    func,
    literal,
    literal_column,
    or_,
    select,
    union,
    union_all,
)

from hub.resolvers.dates import add_days
from hub.standard.enums import CommitmentStatus
from hub.store import models as m
from hub.store.capacity import LIVE_REQUESTS, NOT_SENDABLE

_O, _OC, _D = m.Officer, m.officer_capability, m.Deployment
_PU, _PUM, _C, _R = m.PlanningUnit, m.PlanningUnitMember, m.Commitment, m.MutualAidRequest
_DU = m.DutyUnit

_CD, _RUN = m.CapacityDay, m.CapacityRun
BY_REASON = ("busy", "deployed", "committed", "unavailable")


@dataclass(frozen=True)
class Scope:
    """What a capacity statement covers: days, and optionally capabilities and forces (ids as
    subqueries of codes)."""

    start: date
    end: date
    capabilities: Select[Any] | None = None
    forces: Select[Any] | None = None


def days(scope: Scope) -> CTE:
    """One row per day from `start` to `end`, both included (`day`)."""
    first = select(literal(scope.start, Date).label("day")).cte("days", recursive=True)
    return first.union_all(
        select(add_days(first.c.day, 1)).where(first.c.day < literal(scope.end, Date))
    )


def _covers(day: Any, starts: Any, ends: Any) -> Any:
    return and_(starts <= day, ends >= day)


def overlaps(scope: Scope, starts: Any, ends: Any) -> Any:
    """Whether a period from `starts` to `ends` shares a day with the window."""
    return and_(starts <= literal(scope.end, Date), ends >= literal(scope.start, Date))


def capable(scope: Scope) -> Subquery:
    """Officers holding each capability, per force: `capability_id, force_id, capable`."""
    stmt = (
        select(
            _OC.c.capability_id,
            _O.force_id,
            func.count(_O.id).label("capable"),
        )
        .join(_O, _O.id == _OC.c.officer_id)
        .where(_O.identity_erased_at.is_(None), _O.withdrawn_at.is_(None))
        .group_by(_OC.c.capability_id, _O.force_id)
    )
    if scope.capabilities is not None:
        stmt = stmt.where(_OC.c.capability_id.in_(scope.capabilities))
    if scope.forces is not None:
        stmt = stmt.where(_O.force_id.in_(scope.forces))
    return stmt.subquery("capable")


def _within(scope: Scope, day: Any) -> list[Any]:
    return [day >= literal(scope.start, Date), day <= literal(scope.end, Date)]


def _unavailable(scope: Scope) -> list[Any]:
    """Conditions keeping officers (not erased or withdrawn) who declared themselves
    unavailable or limited for a period sharing a day with the window."""
    return [
        _O.availability.in_(NOT_SENDABLE),
        or_(_O.available_from.is_(None), _O.available_from <= literal(scope.end, Date)),
        or_(_O.available_to.is_(None), _O.available_to >= literal(scope.start, Date)),
        _O.identity_erased_at.is_(None),
        _O.withdrawn_at.is_(None),
    ]


def busy_by_day(scope: Scope, day_rows: CTE) -> Subquery:
    """Capable officers busy each day, per capability and force, in all and by reason:
    `capability_id, force_id, day, busy, deployed, committed, unavailable`. Deployed and
    committed officers are counted ahead (`capacity_day`); officers declared unavailable are
    counted here, less those the table already counts as engaged that day."""
    counted: Any = select(
        _CD.capability_id.label("capability_id"),
        _CD.force_id.label("force_id"),
        _CD.day.label("day"),
        (_CD.engaged - _CD.engaged_unavailable).label("busy"),
        _CD.deployed.label("deployed"),
        _CD.committed.label("committed"),
        literal_column("0").label("unavailable"),
    ).where(*_within(scope, _CD.day), _CD.engaged > 0)
    declared: Any = (
        select(
            _OC.c.capability_id,
            _O.force_id,
            day_rows.c.day,
            func.count(),
            literal_column("0"),
            literal_column("0"),
            func.count(),
        )
        .select_from(_O)
        .join(_OC, _OC.c.officer_id == _O.id)
        .join(
            day_rows,
            and_(
                or_(_O.available_from.is_(None), _O.available_from <= day_rows.c.day),
                or_(_O.available_to.is_(None), _O.available_to >= day_rows.c.day),
            ),
        )
        .where(*_unavailable(scope))
        .group_by(_OC.c.capability_id, _O.force_id, day_rows.c.day)
    )
    counted = _scoped(counted, scope, _CD.capability_id, _CD.force_id)
    declared = _scoped(declared, scope, _OC.c.capability_id, _O.force_id)
    both = union_all(counted, declared).subquery("busy_parts")
    keys = (both.c.capability_id, both.c.force_id, both.c.day)
    sums = [func.sum(both.c[name]).label(name) for name in BY_REASON]
    return select(*keys, *sums).group_by(*keys).subquery("busy_by_day")


def busy_in_window(scope: Scope) -> Subquery:
    """Capable officers busy on at least one day of the window, per capability and force:
    `capability_id, force_id, busy`. No day is spread out: an officer is busy in the window if
    one of their runs of deployed or committed days (`capacity_run`) overlaps it, or a
    declared UNAVAILABLE or LIMITED period overlaps it."""
    engaged = select(_RUN.officer_id.label("officer_id")).where(
        overlaps(scope, _RUN.starts_on, _RUN.ends_on)
    )
    declared = select(_O.id).where(*_unavailable(scope))
    busy = union(engaged, declared).subquery("busy_officers")
    stmt = (
        select(
            _OC.c.capability_id,
            _O.force_id,
            func.count(busy.c.officer_id).label("busy"),
        )
        .select_from(busy)
        .join(_OC, _OC.c.officer_id == busy.c.officer_id)
        .join(_O, _O.id == busy.c.officer_id)
        .where(_O.identity_erased_at.is_(None), _O.withdrawn_at.is_(None))
        .group_by(_OC.c.capability_id, _O.force_id)
    )
    return _scoped(stmt, scope, _OC.c.capability_id, _O.force_id).subquery("busy_in_window")


def _named(scope: Scope) -> Subquery:
    """Officers named in the planning units of each commitment on a request overlapping the
    window: `commitment_id, named`. Grouped once, not counted per commitment in a correlated
    subquery: PostgreSQL estimated those at hundreds of thousands of cost units and compiled
    the whole statement with JIT (100 to 200 ms of a COP26 `capacityProviders`)."""
    return (
        select(_PU.commitment_id.label("commitment_id"), func.count().label("named"))
        .join(_PUM, _PUM.planning_unit_id == _PU.id)
        .join(_C, _C.id == _PU.commitment_id)
        .join(_R, _R.id == _C.request_id)
        .where(_C.status == CommitmentStatus.ACCEPTED, overlaps(scope, _R.starts_on, _R.ends_on))
        .group_by(_PU.commitment_id)
        .subquery("named")
    )


def unnamed_commitments(scope: Scope, day_rows: CTE, name: str = "firm") -> Select[Any]:
    """Accepted commitments on live requests overlapping the window, one row per day each
    spans, with the officers promised and not yet named:
    `capability_id, force_id, requesting_force_id, day, pending`."""
    named = _named(scope)
    short = _C.quantity - func.coalesce(named.c.named, 0)
    firm = (
        select(
            _R.capability_id.label("capability_id"),
            _C.providing_force_id.label("force_id"),
            _R.requesting_force_id.label("requesting_force_id"),
            _R.starts_on.label("starts_on"),
            _R.ends_on.label("ends_on"),
            short.label("short"),
        )
        .select_from(_C)
        .join(_R, _R.id == _C.request_id)
        .outerjoin(named, named.c.commitment_id == _C.id)
        .where(
            _C.status == CommitmentStatus.ACCEPTED,
            _R.status.in_(LIVE_REQUESTS),
            overlaps(scope, _R.starts_on, _R.ends_on),
            short > 0,  # per commitment, before its days are spread
        )
        # computed once, not once per day (SQLite would put the days outside)
        .cte(name)
        .prefix_with("MATERIALIZED")
    )
    return (
        select(
            firm.c.capability_id,
            firm.c.force_id,
            firm.c.requesting_force_id,
            day_rows.c.day,
            firm.c.short.label("pending"),
        )
        .select_from(firm)
        .join(day_rows, _covers(day_rows.c.day, firm.c.starts_on, firm.c.ends_on))
    )


def pending_by_day(scope: Scope, day_rows: CTE) -> Subquery:
    """Officers promised and not yet named, per capability, force and day:
    `capability_id, force_id, day, pending`."""
    each = unnamed_commitments(scope, day_rows).subquery("unnamed")
    stmt = select(
        each.c.capability_id,
        each.c.force_id,
        each.c.day,
        func.sum(each.c.pending).label("pending"),
    ).group_by(each.c.capability_id, each.c.force_id, each.c.day)
    return _scoped(stmt, scope, each.c.capability_id, each.c.force_id).subquery("pending_by_day")


def _scoped(stmt: Select[Any], scope: Scope, capability: Any, force: Any) -> Select[Any]:
    if scope.capabilities is not None:
        stmt = stmt.where(capability.in_(scope.capabilities))
    if scope.forces is not None:
        stmt = stmt.where(force.in_(scope.forces))
    return stmt


def floor_zero(value: Any) -> Any:
    """`value`, or 0 where it is negative."""
    return case((value > 0, value), else_=literal(0, Integer))
