"""Management information, computed in SQL: duty-days, fill rates, balances and occupancy.

Each figure is one grouped statement; the schema resolves the grouping keys (forces,
locations, ...) through the request's batch loaders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    Integer,
    Row,
    Select,
    func,
    literal,
    null,
    select,
    union_all,
)

from hub.resolvers.catalog import (
    capability_ids,
    force_ids,
    location_ids,
    operation_ids,
    region_ids,
)
from hub.resolvers.dates import add_days, days_between
from hub.resolvers.reader import Reader
from hub.resolvers.spec import Condition, Expr, linked, within
from hub.standard.enums import BookingStatus, CommitmentStatus, DeploymentStatus, RequestStatus
from hub.store import models as m

_D, _O, _F = m.Deployment, m.Officer, m.Force
_DU, _PU, _C, _R = m.DutyUnit, m.PlanningUnit, m.Commitment, m.MutualAidRequest

COUNTED_DEPLOYMENTS = _D.status != DeploymentStatus.CANCELLED
OPEN_REQUESTS = _R.status.not_in([RequestStatus.DRAFT, RequestStatus.CANCELLED])
FIRM_COMMITMENTS = _C.status.in_([CommitmentStatus.ACCEPTED, CommitmentStatus.RELEASED])


# The tables a duty-day statement joins, in order, and what each joins through. Every join
# follows a non-null foreign key or is outer, so leaving one out never changes what is counted:
# a statement joins only the tables its groupings and filters read.
_DUTY_DAY_JOINS: tuple[tuple[str, Any, Any, bool], ...] = (
    ("officer", _O, _O.id == _D.officer_id, False),
    ("force", _F, _F.id == _O.force_id, False),
    ("duty_unit", _DU, _DU.id == _D.duty_unit_id, False),
    ("planning_unit", _PU, _PU.id == _DU.planning_unit_id, False),
    ("commitment", _C, _C.id == _PU.commitment_id, True),
    ("request", _R, _R.id == _C.request_id, True),
)
_THROUGH_OFFICER = frozenset({"officer"})
_THROUGH_FORCE = frozenset({"officer", "force"})
_THROUGH_UNIT = frozenset({"duty_unit", "planning_unit"})
_THROUGH_REQUEST = _THROUGH_UNIT | {"commitment", "request"}
#: The joins each grouping and filter of duty-days needs.
_DUTY_DAY_NEEDS: Mapping[str, frozenset[str]] = {
    "force_id": _THROUGH_OFFICER,
    "region_id": _THROUGH_FORCE,
    "capability_id": _THROUGH_UNIT,
    "operation_id": _THROUGH_REQUEST,
    "requesting_force_id": _THROUGH_REQUEST,
    "operations": _THROUGH_REQUEST,
    "forces": _THROUGH_OFFICER,
    "requesting_forces": _THROUGH_REQUEST,
    "regions": _THROUGH_FORCE,
    "capabilities": _THROUGH_UNIT,
}


_EVERY_JOIN = frozenset(name for name, *_ in _DUTY_DAY_JOINS)


def _duty_days_from(needs: frozenset[str] = _EVERY_JOIN) -> Select[Any]:
    """Deployments that count, joined to the tables in `needs` (and those they join through)."""
    stmt = select().select_from(_D)
    for name, table, onclause, outer in _DUTY_DAY_JOINS:
        if name in needs:
            stmt = stmt.join(table, onclause, isouter=outer)
    return stmt.where(COUNTED_DEPLOYMENTS)


DUTY_DAY_DIMENSIONS: Mapping[str, Expr] = {
    "force_id": _O.force_id,
    "region_id": _F.region_id,
    "day": _D.duty_date,
    "capability_id": _PU.capability_id,
    "location_id": _D.location_id,
    "operation_id": _R.operation_id,
    "requesting_force_id": _R.requesting_force_id,
}

DUTY_DAY_FILTERS: Mapping[str, Condition] = {
    "operations": linked(_R.operation_id, operation_ids),
    "forces": linked(_O.force_id, force_ids),
    "requesting_forces": linked(_R.requesting_force_id, force_ids),
    "regions": linked(_F.region_id, region_ids),
    "capabilities": linked(_PU.capability_id, capability_ids),
    "locations": linked(_D.location_id, location_ids),
    "duty_date": within(_D.duty_date),
}


def _grouped(
    stmt: Select[Any], dimensions: Mapping[str, Expr], group_by: Sequence[str]
) -> Select[Any]:
    """Add every dimension (null where not grouped by) and group by the chosen ones."""
    keys = [dimensions[name] for name in group_by]
    columns = [
        (dimensions[name] if name in group_by else null()).label(name) for name in dimensions
    ]
    return stmt.add_columns(*columns).group_by(*keys).order_by(*keys)


def _filtered(
    stmt: Select[Any], conditions: Mapping[str, Condition], filters: Mapping[str, Any]
) -> Select[Any]:
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(conditions[name](value))
    return stmt


_DD = m.DutyDay
#: The groupings and filters the duty-days counted ahead per force and day (`duty_day`)
#: answer exactly, and their columns there. Deployments add up over forces, and so do
#: officers within a day (an officer serves one force); over days they do not (the same
#: officer on two days is one officer), so a grouping without DAY reads the deployments.
_COUNTED_DIMENSIONS: Mapping[str, Expr] = {
    "force_id": _DD.force_id,
    "region_id": _F.region_id,
    "day": _DD.day,
}
_COUNTED_FILTERS: Mapping[str, Condition] = {
    "forces": linked(_DD.force_id, force_ids),
    "regions": linked(_F.region_id, region_ids),
    "duty_date": within(_DD.day),
}


def _counted_duty_days(group_by: Sequence[str], filters: Mapping[str, Any]) -> Select[Any] | None:
    """Duty-days from the counts per force and day, where the grouping and filters allow it
    (else None): a few hundred rows read instead of every deployment grouped."""
    used = {name for name, value in filters.items() if value is not None}
    if "day" not in group_by or not set(group_by) <= _COUNTED_DIMENSIONS.keys():
        return None
    if not used <= _COUNTED_FILTERS.keys():
        return None
    stmt = select().select_from(_DD)
    if "region_id" in group_by or "regions" in used:
        stmt = stmt.join(_F, _F.id == _DD.force_id)
    stmt = stmt.add_columns(
        func.sum(_DD.deployments).label("officer_duty_days"),
        func.sum(_DD.officers).label("officers"),
    )
    stmt = _filtered(stmt, _COUNTED_FILTERS, filters)
    dimensions = {**DUTY_DAY_DIMENSIONS, **_COUNTED_DIMENSIONS}
    return _grouped(stmt, dimensions, group_by)


async def duty_days(
    reader: Reader, group_by: Sequence[str], filters: Mapping[str, Any]
) -> Sequence[Row[Any]]:
    """Officer duty-days (deployments not cancelled) and distinct officers, grouped: from the
    counts per force and day where they answer (`_counted_duty_days`), else from deployments."""
    counted = _counted_duty_days(group_by, filters)
    if counted is not None:
        return await reader.rows(counted)
    used = [*group_by, *(name for name, value in filters.items() if value is not None)]
    needs = frozenset().union(*(_DUTY_DAY_NEEDS.get(name, frozenset()) for name in used))
    stmt = _duty_days_from(needs).add_columns(
        func.count(_D.id).label("officer_duty_days"),
        func.count(_D.officer_id.distinct()).label("officers"),
    )
    stmt = _filtered(stmt, DUTY_DAY_FILTERS, filters)
    return await reader.rows(_grouped(stmt, DUTY_DAY_DIMENSIONS, group_by))


FILL_RATE_DIMENSIONS: Mapping[str, Expr] = {
    "capability_id": _R.capability_id,
    "requesting_force_id": _R.requesting_force_id,
    "operation_id": _R.operation_id,
}

FILL_RATE_FILTERS: Mapping[str, Condition] = {
    "operations": linked(_R.operation_id, operation_ids),
    "requesting_forces": linked(_R.requesting_force_id, force_ids),
    "capabilities": linked(_R.capability_id, capability_ids),
    "starts_on": within(_R.starts_on),
}


async def fill_rates(
    reader: Reader, group_by: Sequence[str], filters: Mapping[str, Any]
) -> Sequence[Row[Any]]:
    """Officers requested, committed (accepted or released) and deployed, grouped.

    Requests and commitments count in the request's unit; each is turned into officers (a
    request's `officers`, and a commitment's units x the officers per unit), so every figure
    counts officers, as deployments do.
    """
    committed = (
        select(_C.request_id, func.sum(_C.quantity).label("units"))
        .where(FIRM_COMMITMENTS)
        .group_by(_C.request_id)
        .subquery("committed")
    )
    # Exact: a request's officers are its quantity times a whole number of officers per unit.
    committed_officers = (committed.c.units * _R.officers).op("/")(_R.quantity)
    deployed = (
        _duty_days_from()
        .add_columns(_C.request_id, func.count(_D.officer_id.distinct()).label("officers"))
        .group_by(_C.request_id)
        .subquery("deployed")
    )
    stmt = (
        select(
            func.count(_R.id).label("requests"),
            func.sum(_R.officers).label("requested"),
            func.coalesce(func.sum(committed_officers), 0).label("committed"),
            func.coalesce(func.sum(deployed.c.officers), 0).label("deployed"),
        )
        .select_from(_R)
        .outerjoin(committed, committed.c.request_id == _R.id)
        .outerjoin(deployed, deployed.c.request_id == _R.id)
        .where(OPEN_REQUESTS)
    )
    stmt = _filtered(stmt, FILL_RATE_FILTERS, filters)
    return await reader.rows(_grouped(stmt, FILL_RATE_DIMENSIONS, group_by))


async def mutual_aid_balance(reader: Reader, filters: Mapping[str, Any]) -> Sequence[Row[Any]]:
    """Officer-days each force gave to other forces' requests and received from others."""
    aid = _R.requesting_force_id != _O.force_id
    conditions = {name: DUTY_DAY_FILTERS[name] for name in ("operations", "duty_date")}
    given = _filtered(
        _duty_days_from().add_columns(
            _O.force_id.label("force_id"),
            func.count(_D.id).label("given"),
            literal(0, Integer).label("received"),
        ),
        conditions,
        filters,
    )
    received = _filtered(
        _duty_days_from().add_columns(
            _R.requesting_force_id.label("force_id"),
            literal(0, Integer).label("given"),
            func.count(_D.id).label("received"),
        ),
        conditions,
        filters,
    )
    both = union_all(
        given.where(aid).group_by(_O.force_id),
        received.where(aid).group_by(_R.requesting_force_id),
    ).subquery("aid")
    stmt = (
        select(
            both.c.force_id,
            func.sum(both.c.given).label("given"),
            func.sum(both.c.received).label("received"),
        )
        .group_by(both.c.force_id)
        .order_by(both.c.force_id)
    )
    return await reader.rows(stmt)


REQUEST_COUNT_DIMENSIONS: Mapping[str, Expr] = {
    "status": _R.status,
    **FILL_RATE_DIMENSIONS,
}


async def request_counts(
    reader: Reader, group_by: Sequence[str], filters: Mapping[str, Any]
) -> Sequence[Row[Any]]:
    """Requests in every state (drafts and cancelled ones too) and the officers they come to."""
    stmt = (
        select()
        .select_from(_R)
        .add_columns(
            func.count(_R.id).label("requests"),
            func.coalesce(func.sum(_R.officers), 0).label("officers_requested"),
        )
    )
    stmt = _filtered(stmt, FILL_RATE_FILTERS, filters)
    return await reader.rows(_grouped(stmt, REQUEST_COUNT_DIMENSIONS, group_by))


MAX_NIGHTS = 366


async def occupancy(reader: Reader, filters: Mapping[str, Any]) -> Sequence[Row[Any]]:
    """Rooms and bookings held at each accommodation location on each night.

    Each booking (not cancelled, narrowed by the filters first) is spread over its nights by a
    join to the numbers 0..n-1, where n is the longest stay among them, so the work grows with
    the nights actually booked, not with `MAX_NIGHTS` per booking.
    """
    booking = m.AccommodationBooking
    stays = (
        select(
            booking.id,
            booking.location_id,
            booking.check_in,
            booking.rooms,
            days_between(booking.check_out, booking.check_in).label("nights"),
        )
        .where(booking.status != BookingStatus.CANCELLED)
        .where(*_occupancy_conditions(filters))
        .subquery("stays")
    )
    longest = select(func.max(stays.c.nights)).scalar_subquery()
    offsets = select(literal(0, Integer).label("n")).cte("offsets", recursive=True)
    offsets = offsets.union_all(
        select(offsets.c.n + 1).where(offsets.c.n + 1 < longest, offsets.c.n < MAX_NIGHTS - 1)
    )
    night = add_days(stays.c.check_in, offsets.c.n)
    stmt = (
        select(
            stays.c.location_id.label("location_id"),
            night.label("night"),
            func.sum(stays.c.rooms).label("rooms"),
            func.count(stays.c.id).label("bookings"),
        )
        .select_from(stays)
        .join(offsets, offsets.c.n < stays.c.nights)
        .group_by(stays.c.location_id, night)
        .order_by(stays.c.location_id, night)
    )
    nights = filters.get("nights")
    if nights is not None:
        if nights.start is not None:
            stmt = stmt.where(night >= nights.start)
        if nights.end is not None:
            stmt = stmt.where(night <= nights.end)
    return await reader.rows(stmt)


def _occupancy_conditions(filters: Mapping[str, Any]) -> list[Any]:
    """Which bookings can count: at the locations asked for, overlapping the nights asked for."""
    booking = m.AccommodationBooking
    conditions: list[Any] = []
    if filters.get("locations"):
        conditions.append(booking.location_id.in_(location_ids(list(filters["locations"]))))
    if filters.get("operations"):
        operations = operation_ids(list(filters["operations"]))
        located = select(m.Location.id).where(m.Location.operation_id.in_(operations))
        conditions.append(booking.location_id.in_(located))
    nights = filters.get("nights")
    if nights is not None and nights.start is not None:
        conditions.append(booking.check_out > nights.start)
    if nights is not None and nights.end is not None:
        conditions.append(booking.check_in <= nights.end)
    return conditions


__all__ = [
    "DUTY_DAY_DIMENSIONS",
    "FILL_RATE_DIMENSIONS",
    "REQUEST_COUNT_DIMENSIONS",
    "duty_days",
    "fill_rates",
    "mutual_aid_balance",
    "occupancy",
    "request_counts",
]
