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

Every piece is a subquery of one statement; nothing here runs a query.
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
    or_,
    select,
    union,
    union_all,
)

from hub.resolvers.dates import add_days
from hub.standard.enums import AvailabilityStatus, CommitmentStatus, DeploymentStatus
from hub.standard.enums import RequestStatus as RS
from hub.store import models as m

_O, _OC, _D = m.Officer, m.officer_capability, m.Deployment
_PU, _PUM, _C, _R = m.PlanningUnit, m.PlanningUnitMember, m.Commitment, m.MutualAidRequest
_DU = m.DutyUnit

#: Requests whose accepted commitments still hold officers.
LIVE_REQUESTS = (RS.SUBMITTED, RS.PARTIALLY_FILLED, RS.FILLED, RS.CONFIRMED, RS.IN_PROGRESS)
#: Declared statuses that keep an officer from being sent.
NOT_SENDABLE = (AvailabilityStatus.UNAVAILABLE, AvailabilityStatus.LIMITED)
DEPLOYED, COMMITTED, UNAVAILABLE = "D", "C", "U"


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


def in_scope(scope: Scope, officer: Any) -> list[Any]:
    """Conditions keeping only officers the scope can count (holding one of its capabilities,
    serving in one of its forces), so that officer-days of others are never spread or folded;
    none when the scope names neither."""
    kept = []
    # `+ 0`: a test on each row the window gives, never an index to find rows by (SQLite
    # would otherwise walk every holder's deployments instead of the window's dates)
    if scope.capabilities is not None:
        held = select(_OC.c.officer_id).where(_OC.c.capability_id.in_(scope.capabilities))
        kept.append((officer + 0).in_(held))
    if scope.forces is not None:
        kept.append((officer + 0).in_(select(_O.id).where(_O.force_id.in_(scope.forces))))
    return kept


def busy_pairs(scope: Scope, day_rows: CTE) -> Subquery:
    """Every officer-day of the window on which an officer of the scope cannot be sent, with
    why: `officer_id, day, reason` (an officer-day may appear once per reason)."""
    deployed = select(
        _D.officer_id.label("officer_id"),
        _D.duty_date.label("day"),
        literal(DEPLOYED).label("reason"),
    ).where(
        _D.status != DeploymentStatus.CANCELLED,
        _D.duty_date >= literal(scope.start, Date),
        _D.duty_date <= literal(scope.end, Date),
        *in_scope(scope, _D.officer_id),
    )
    committed = (
        select(_PUM.officer_id, day_rows.c.day, literal(COMMITTED))
        .join(_PU, _PU.id == _PUM.planning_unit_id)
        .join(_C, _C.id == _PU.commitment_id)
        .join(_R, _R.id == _C.request_id)
        .join(day_rows, _covers(day_rows.c.day, _R.starts_on, _R.ends_on))
        .where(
            _C.status == CommitmentStatus.ACCEPTED,
            _R.status.in_(LIVE_REQUESTS),
            overlaps(scope, _R.starts_on, _R.ends_on),
            *in_scope(scope, _PUM.officer_id),
        )
    )
    unavailable = (
        select(_O.id, day_rows.c.day, literal(UNAVAILABLE))
        .join(
            day_rows,
            and_(
                or_(_O.available_from.is_(None), _O.available_from <= day_rows.c.day),
                or_(_O.available_to.is_(None), _O.available_to >= day_rows.c.day),
            ),
        )
        .where(_O.availability.in_(NOT_SENDABLE), *in_scope(scope, _O.id))
    )
    return union_all(deployed, committed, unavailable).subquery("busy_pairs")


def _flag(pairs: Subquery, reason: str, label: str) -> Any:
    return func.max(case((pairs.c.reason == reason, 1), else_=0)).label(label)


def busy_by_day(scope: Scope, pairs: Subquery) -> Subquery:
    """Capable officers busy each day, per capability and force, in all and by reason:
    `capability_id, force_id, day, busy, deployed, committed, unavailable`. The pairs are first
    folded to one row per officer-day with a flag per reason, so the capabilities join that
    and the counts are sums."""
    folded = (
        select(
            pairs.c.officer_id,
            pairs.c.day,
            _flag(pairs, DEPLOYED, "deployed"),
            _flag(pairs, COMMITTED, "committed"),
            _flag(pairs, UNAVAILABLE, "unavailable"),
        )
        .group_by(pairs.c.officer_id, pairs.c.day)
        .subquery("officer_days")
    )
    stmt = (
        select(
            _OC.c.capability_id,
            _O.force_id,
            folded.c.day,
            func.count().label("busy"),
            func.sum(folded.c.deployed).label("deployed"),
            func.sum(folded.c.committed).label("committed"),
            func.sum(folded.c.unavailable).label("unavailable"),
        )
        .select_from(folded)
        .join(_OC, _OC.c.officer_id == folded.c.officer_id)
        .join(_O, _O.id == folded.c.officer_id)
        .where(_O.identity_erased_at.is_(None), _O.withdrawn_at.is_(None))
        .group_by(_OC.c.capability_id, _O.force_id, folded.c.day)
    )
    return _scoped(stmt, scope, _OC.c.capability_id, _O.force_id).subquery("busy_by_day")


def busy_in_window(scope: Scope) -> Subquery:
    """Capable officers busy on at least one day of the window, per capability and force:
    `capability_id, force_id, busy`. No day is spread out: an officer is busy in the window if
    a deployment falls in it, a live accepted request naming them overlaps it, or a declared
    UNAVAILABLE or LIMITED period overlaps it."""
    start, end = literal(scope.start, Date), literal(scope.end, Date)
    deployed = select(_D.officer_id.label("officer_id")).where(
        _D.status != DeploymentStatus.CANCELLED, _D.duty_date >= start, _D.duty_date <= end
    )
    committed = (
        select(_PUM.officer_id)
        .join(_PU, _PU.id == _PUM.planning_unit_id)
        .join(_C, _C.id == _PU.commitment_id)
        .join(_R, _R.id == _C.request_id)
        .where(
            _C.status == CommitmentStatus.ACCEPTED,
            _R.status.in_(LIVE_REQUESTS),
            overlaps(scope, _R.starts_on, _R.ends_on),
        )
    )
    unavailable = select(_O.id).where(
        _O.availability.in_(NOT_SENDABLE),
        or_(_O.available_from.is_(None), _O.available_from <= end),
        or_(_O.available_to.is_(None), _O.available_to >= start),
    )
    busy = union(deployed, committed, unavailable).subquery("busy_officers")
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


def _named_in(commitment: Any) -> Any:
    """Officers named in the planning units of a commitment (a correlated count)."""
    return (
        select(func.count(_PUM.officer_id))
        .join(_PU, _PU.id == _PUM.planning_unit_id)
        .where(_PU.commitment_id == commitment)
        .scalar_subquery()
    )


def unnamed_commitments(scope: Scope, day_rows: CTE) -> Select[Any]:
    """Accepted commitments on live requests overlapping the window, one row per day each
    spans, with the officers promised and not yet named:
    `capability_id, force_id, requesting_force_id, day, pending`."""
    firm = (
        select(
            _R.capability_id.label("capability_id"),
            _C.providing_force_id.label("force_id"),
            _R.requesting_force_id.label("requesting_force_id"),
            _R.starts_on.label("starts_on"),
            _R.ends_on.label("ends_on"),
            (_C.quantity - _named_in(_C.id)).label("short"),
        )
        .select_from(_C)
        .join(_R, _R.id == _C.request_id)
        .where(
            _C.status == CommitmentStatus.ACCEPTED,
            _R.status.in_(LIVE_REQUESTS),
            overlaps(scope, _R.starts_on, _R.ends_on),
            _C.quantity > _named_in(_C.id),  # per commitment, before its days are spread
        )
        .subquery("firm")
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
