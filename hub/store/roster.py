"""The reads of the roster rules (`hub.domain.roster`): officers' duties and availability.

Each statement takes the officers to check as a subquery (those an import wrote deployments
for, those on an operation's duties), so a check is two set-wise reads.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.sql import Executable

from hub.standard.enums import DeploymentStatus
from hub.store import models as m

Fetch = Callable[[Executable], Awaitable[Sequence[Row[Any]]]]
_D, _DU, _PU, _C, _R = m.Deployment, m.DutyUnit, m.PlanningUnit, m.Commitment, m.MutualAidRequest
COUNTED = _D.status != DeploymentStatus.CANCELLED


def batch_officers(batch_id: int) -> Select[Any]:
    """Officers an import batch wrote deployments for."""
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


async def officer_duties(
    fetch: Fetch, officers: Select[Any]
) -> tuple[Sequence[Row[Any]], Sequence[Row[Any]]]:
    """The duties (deployments not cancelled) of `officers`, with where each was imported from
    and the operation it serves, and the availability windows of those that have one."""
    duties = await fetch(
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
        .where(COUNTED, _D.officer_id.in_(officers))
    )
    o = m.Officer
    windows = await fetch(
        select(o.id, o.availability, o.available_from, o.available_to).where(
            o.id.in_(officers), o.availability.is_not(None)
        )
    )
    return duties, windows
