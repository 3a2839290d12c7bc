"""The SQL of the roster rules (`hub.domain.roster`): officers' duties and availability.

Every statement takes the officers to check as a subquery (those an import wrote deployments
for, those on an operation's duties), so each check is a couple of set-wise reads.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.sql import Executable

from hub.domain.roster import Availability, Conflict, Duty, conflicts
from hub.standard.enums import DeploymentStatus
from hub.store import models as m

Fetch = Callable[[Executable], Awaitable[Sequence[Row[Any]]]]
_D, _DU, _PU, _C, _R = m.Deployment, m.DutyUnit, m.PlanningUnit, m.Commitment, m.MutualAidRequest
COUNTED = _D.status != DeploymentStatus.CANCELLED


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a duty's deployment came from, and which operation it serves."""

    batch_id: int | None
    line: int | None
    path: str | None
    operation_id: int | None


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


async def officer_conflicts(
    fetch: Fetch, officers: Select[Any], min_rest: timedelta
) -> list[tuple[Conflict, Placed, Placed | None]]:
    """Every conflict among the duties of `officers`, with where each side was placed."""
    duty_rows = await fetch(
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
    availability = {
        row.id: Availability(row.availability, row.available_from, row.available_to)
        for row in windows
    }
    duties: list[Duty] = []
    placed: dict[Duty, Placed] = {}
    for row in duty_rows:
        duty = Duty(row.officer_id, row.duty_unit_id, row.reference, row.starts_at, row.ends_at)
        duties.append(duty)
        placed[duty] = Placed(
            row.source_batch_id, row.source_line, row.source_path, row.operation_id
        )
    return [
        (found, placed[found.duty], placed[found.other] if found.other else None)
        for found in conflicts(duties, availability, min_rest)
    ]
