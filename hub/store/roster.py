"""The reads of the roster rules (`hub.domain.roster`): officers' duties and availability.

Each statement takes the officers to check as a subquery (those an import wrote deployments
for, those on an operation's duties), so a check is two set-wise reads.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Float, Row, Select, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import Executable
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.functions import FunctionElement

from hub.standard.enums import DeploymentStatus
from hub.store import models as m

Fetch = Callable[[Executable], Awaitable[Sequence[Row[Any]]]]
_D, _DU, _PU, _C, _R = m.Deployment, m.DutyUnit, m.PlanningUnit, m.Commitment, m.MutualAidRequest
COUNTED = _D.status != DeploymentStatus.CANCELLED


def batch_officers(batch_id: int | BindParameter[int]) -> Select[Any]:
    """Officers an import batch wrote deployments for (the batch's id, or a parameter)."""
    return select(_D.officer_id).where(_D.source_batch_id == batch_id).distinct()


def operation_officers(operation_id: int) -> Select[Any]:
    """Officers deployed on the duties of an operation's requests."""
    return (
        select(_D.officer_id)
        .join(_DU, _DU.id == _D.duty_unit_id)
        .join(_PU, _PU.id == _DU.planning_unit_id)
        .join(_C, _C.id == _PU.commitment_id)
        .join(_R, _R.id == _C.request_id)
        .where(_R.operation_id == operation_id, COUNTED)
        .distinct()
    )


class _seconds(FunctionElement[Any]):
    """A stored UTC time as seconds (of some epoch: only differences are meant)."""

    type = Float()
    inherit_cache = True


@compiles(_seconds)
def _seconds_pg(element: _seconds, compiler: Any, **kw: Any) -> str:
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


@compiles(_seconds, "sqlite")
def _seconds_sqlite(element: _seconds, compiler: Any, **kw: Any) -> str:
    return f"(julianday({compiler.process(element.clauses, **kw)}) * 86400.0)"


def _near(officers: Select[Any], rest: timedelta, windowed: Select[Any]) -> Select[Any]:
    """The counted deployments of `officers` with another duty of the officer that overlaps
    theirs or ends or starts less than `rest` from it (a second more, against rounding: this
    only narrows what `hub.domain.roster` then judges exactly). In order of start, that is a
    duty before it ending after its start less the rest (the latest end before it), or the
    next duty starting before its end plus the rest: two window functions, one pass."""
    mine = (_D.officer_id,)
    order = (_DU.starts_at, _D.duty_unit_id)
    spread = (
        select(
            _D.id,
            _D.officer_id,
            _DU.starts_at,
            _DU.ends_at,
            func.max(_DU.ends_at)
            .over(partition_by=mine, order_by=order, rows=(None, -1))
            .label("ended"),
            func.lead(_DU.starts_at).over(partition_by=mine, order_by=order).label("next"),
        )
        .join(_DU, _DU.id == _D.duty_unit_id)
        .where(COUNTED, _D.officer_id.in_(officers))
        .subquery("spread")
    )
    reach = rest.total_seconds() + 1
    return select(spread.c.id).where(
        or_(
            spread.c.officer_id.in_(windowed),
            _seconds(spread.c.starts_at) < _seconds(spread.c.ended) + reach,
            _seconds(spread.c.next) < _seconds(spread.c.ends_at) + reach,
        )
    )


async def officer_duties(
    fetch: Fetch, officers: Select[Any], near: timedelta | None = None
) -> tuple[Sequence[Row[Any]], Sequence[Row[Any]]]:
    """The duties (deployments not cancelled) of `officers`, with where each was imported from
    and the operation it serves, and the availability windows of those that have one (the
    rows of `duty_reads`)."""
    duties, windows = duty_reads(officers, near)
    return await fetch(duties), await fetch(windows)


def duty_reads(officers: Select[Any], near: timedelta | None = None) -> tuple[Any, Any]:
    """The two statements of `officer_duties`: duties, then availability windows.

    With `near` (the minimum rest), only the duties that can be part of a conflict: those
    with another duty of the officer less than `near` away (or overlapping), and every duty
    of an officer with an availability window. A duty left out has no duty within `near` of
    it, so it neither overlaps another nor is the last before a short rest: the conflicts
    found among the rest are the same, and the roster check reads only those."""
    o = m.Officer
    kept: list[Any] = [_D.officer_id.in_(officers)]
    if near is not None:
        windowed = select(o.id).where(o.id.in_(officers), o.availability.is_not(None))
        kept = [_D.id.in_(_near(officers, near, windowed))]
    duties = (
        select(
            _D.officer_id,
            _D.duty_unit_id,
            _DU.reference,
            _DU.starts_at,
            _DU.ends_at,
            _D.source_batch_id,
            _D.source_line,
            _D.source_path,
            _R.operation_id,
        )
        .join(_DU, _DU.id == _D.duty_unit_id)
        .join(_PU, _PU.id == _DU.planning_unit_id)
        .outerjoin(_C, _C.id == _PU.commitment_id)
        .outerjoin(_R, _R.id == _C.request_id)
        .where(COUNTED, *kept)
    )
    windows = select(o.id, o.availability, o.available_from, o.available_to).where(
        o.id.in_(officers), o.availability.is_not(None)
    )
    return duties, windows
