"""Read what an operation's statements price: deployments with their tours, ranks and terms,
and the bookings of the planning units committed to the operation. One statement each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import Executable, Select, func, or_, select
from sqlalchemy.orm import aliased

from hub.standard.enums import BookingStatus
from hub.store import models as m

#: Runs a statement and returns its rows (a request's reader, or a connection's).
Run = Callable[[Executable], Awaitable[Sequence[Any]]]

_d, _du, _pu, _c, _r, _o = (
    m.Deployment,
    m.DutyUnit,
    m.PlanningUnit,
    m.Commitment,
    m.MutualAidRequest,
    m.Officer,
)
_provider = aliased(m.Force, name="provider")


def _scoped(statement: Any, operation_id: int, forces: Sequence[int] | None) -> Any:
    """Limit to the operation's requests and, if given, to pairs naming one of `forces`."""
    statement = statement.where(_r.operation_id == operation_id)
    if forces is not None:
        statement = statement.where(
            or_(_c.providing_force_id.in_(forces), _r.requesting_force_id.in_(forces))
        )
    return statement


def deployments(operation_id: int, forces: Sequence[int] | None = None) -> Any:
    """Every deployment on a duty of a unit committed to one of the operation's requests."""
    t = m.DeploymentTerms
    statement = (
        select(
            _d.id.label("deployment_id"),
            _d.status,
            _d.duty_date,
            _d.duty_unit_id,
            _o.rank,
            _c.providing_force_id,
            _r.requesting_force_id,
            _provider.country,
            t.rest_day,
            t.notified_on,
            t.cancelled_on,
        )
        .join(_du, _du.id == _d.duty_unit_id)
        .join(_pu, _pu.id == _du.planning_unit_id)
        .join(_c, _c.id == _pu.commitment_id)
        .join(_r, _r.id == _c.request_id)
        .join(_o, _o.id == _d.officer_id)
        .join(_provider, _provider.id == _c.providing_force_id)
        .outerjoin(t, t.deployment_id == _d.id)
        .order_by(_d.id)
    )
    return _scoped(statement, operation_id, forces)


def duty_units(operation_id: int, forces: Sequence[int] | None = None) -> Any:
    """The duty units of units committed to the operation: their reference and times, read
    once each rather than once per officer on them."""
    statement = (
        select(_du.id, _du.reference, _du.starts_at, _du.ends_at)
        .join(_pu, _pu.id == _du.planning_unit_id)
        .join(_c, _c.id == _pu.commitment_id)
        .join(_r, _r.id == _c.request_id)
    )
    return _scoped(statement, operation_id, forces)


def _unit_bookings(model: Any, columns: Sequence[Any]) -> Select[Any]:
    return (
        select(
            *columns,
            _pu.reference.label("unit"),
            _pu.id.label("unit_id"),
            _c.providing_force_id,
            _r.requesting_force_id,
        )
        .join(_pu, _pu.id == model.planning_unit_id)
        .join(_c, _c.id == _pu.commitment_id)
        .join(_r, _r.id == _c.request_id)
        .where(model.status != BookingStatus.CANCELLED.value)
    )


def accommodation(operation_id: int, forces: Sequence[int] | None = None) -> Any:
    """Accommodation booked for units committed to the operation (cancelled ones left out)."""
    a = m.AccommodationBooking
    statement = _unit_bookings(a, [a.id, a.check_in, a.check_out, a.rooms]).order_by(a.id)
    return _scoped(statement, operation_id, forces)


def travel(operation_id: int, forces: Sequence[int] | None = None) -> Any:
    """Journeys booked for units committed to the operation (cancelled ones left out)."""
    b = m.TravelBooking
    columns = [b.id, b.reference, b.mode, b.departs_at, b.arrives_at, b.seats]
    statement = _unit_bookings(b, columns).order_by(b.id)
    return _scoped(statement, operation_id, forces)


def _first_unit(model: Any, operation_id: int) -> Any:
    """The booking's officer's unit in the operation (the first, if several): where a booking
    held by the officer alone is charged. Asked per booking, so that only the few bookings an
    officer holds alone are looked at, not every member of the operation's units."""
    member = m.PlanningUnitMember
    unit, commitment, request = aliased(m.PlanningUnit), aliased(m.Commitment), aliased(_r)
    return (
        select(func.min(member.planning_unit_id))
        .join(unit, unit.id == member.planning_unit_id)
        .join(commitment, commitment.id == unit.commitment_id)
        .join(request, request.id == commitment.request_id)
        .where(member.officer_id == model.officer_id, request.operation_id == operation_id)
        .scalar_subquery()
    )


def _officer_bookings(model: Any, columns: Sequence[Any], operation_id: int) -> Select[Any]:
    return (
        select(
            *columns,
            _pu.reference.label("unit"),
            _pu.id.label("unit_id"),
            _c.providing_force_id,
            _r.requesting_force_id,
            _o.rank,
        )
        .join(_o, _o.id == model.officer_id)
        .join(_pu, _pu.id == _first_unit(model, operation_id))
        .join(_c, _c.id == _pu.commitment_id)
        .join(_r, _r.id == _c.request_id)
        .where(model.status != BookingStatus.CANCELLED.value, model.planning_unit_id.is_(None))
    )


def officer_accommodation(operation_id: int, forces: Sequence[int] | None = None) -> Any:
    """Accommodation held by single officers of the operation's units (not cancelled)."""
    a = m.AccommodationBooking
    columns = [a.id, a.check_in, a.check_out, a.rooms]
    statement = _officer_bookings(a, columns, operation_id).order_by(a.id)
    return _scoped(statement, operation_id, forces)


def officer_travel(operation_id: int, forces: Sequence[int] | None = None) -> Any:
    """Journeys held by single officers of the operation's units (not cancelled)."""
    b = m.TravelBooking
    columns = [b.id, b.reference, b.mode, b.departs_at, b.arrives_at, b.seats]
    statement = _officer_bookings(b, columns, operation_id).order_by(b.id)
    return _scoped(statement, operation_id, forces)


def unit_ranks(operation_id: int, forces: Sequence[int] | None = None) -> Any:
    """How many members of each rank each unit committed to the operation has."""
    member = m.PlanningUnitMember
    statement = (
        select(_pu.id.label("unit_id"), _o.rank, func.count().label("officers"))
        .join(member, member.planning_unit_id == _pu.id)
        .join(_o, _o.id == member.officer_id)
        .join(_c, _c.id == _pu.commitment_id)
        .join(_r, _r.id == _c.request_id)
        .group_by(_pu.id, _o.rank)
    )
    return _scoped(statement, operation_id, forces)


def agreements(operation_id: int) -> Any:
    """What was agreed or disputed of the operation's statements."""
    a = m.CostAgreement
    return select(a).where(a.operation_id == operation_id)


def operation_by_code(code: str) -> Any:
    return select(m.Operation.id, m.Operation.code).where(m.Operation.code == code)


def forces_by_code(codes: Sequence[str]) -> Any:
    return select(m.Force.id, m.Force.code).where(m.Force.code.in_(list(codes)))


def force_codes(ids: Sequence[int]) -> Any:
    return select(m.Force.id, m.Force.code).where(m.Force.id.in_(list(ids)))


def operation_deployment_ids(operation_id: int, forces: Sequence[int] | None = None) -> Any:
    """Every deployment the operation's statements must account for (the reconciliation)."""
    statement = (
        select(_d.id)
        .join(_du, _du.id == _d.duty_unit_id)
        .join(_pu, _pu.id == _du.planning_unit_id)
        .join(_c, _c.id == _pu.commitment_id)
        .join(_r, _r.id == _c.request_id)
    )
    return _scoped(statement, operation_id, forces)
