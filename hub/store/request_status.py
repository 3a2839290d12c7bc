"""After an import: each request it touched gets the status its facts support (`hub.domain.facts`).

A request is touched when the import wrote it, one of its commitments, or a deployment on one
of its duties. The facts of all of them are read in one statement; the statuses that change
are written in one more, each with a new version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, exists, func, select, union, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.domain.facts import RequestFacts, reconcile
from hub.standard.enums import CommitmentStatus, DeploymentStatus, RequestStatus
from hub.store import models as m

FIRM = (CommitmentStatus.ACCEPTED, CommitmentStatus.RELEASED)
WORKED = (DeploymentStatus.ON_DUTY, DeploymentStatus.COMPLETED, DeploymentStatus.STOOD_DOWN)


@dataclass(frozen=True, slots=True)
class StatusFinding:
    """A stated status the facts contradict: the request, where it was stated, and why."""

    reference: str
    file: str | None
    line: int | None
    path: str | None
    stated: str
    code: str
    message: str


def _touched(batch_id: int) -> Any:
    r, c, d = m.MutualAidRequest, m.Commitment, m.Deployment
    du, pu = m.DutyUnit, m.PlanningUnit
    return union(
        select(r.id).where(r.source_batch_id == batch_id),
        select(c.request_id).where(c.source_batch_id == batch_id),
        select(c.request_id)
        .select_from(d)
        .join(du, du.id == d.duty_unit_id)
        .join(pu, pu.id == du.planning_unit_id)
        .join(c, c.id == pu.commitment_id)
        .where(d.source_batch_id == batch_id),
    )


def _facts(batch_id: int) -> Any:
    r, c, d = m.MutualAidRequest, m.Commitment, m.Deployment
    du, pu, b = m.DutyUnit, m.PlanningUnit, m.ImportBatch
    committed = (
        select(func.coalesce(func.sum(c.quantity), 0))
        .where(c.request_id == r.id, c.status.in_(FIRM))
        .scalar_subquery()
    )
    worked = exists(
        select(d.id)
        .join(du, du.id == d.duty_unit_id)
        .join(pu, pu.id == du.planning_unit_id)
        .join(c, c.id == pu.commitment_id)
        .where(c.request_id == r.id, d.status.in_(WORKED))
    )
    return (
        select(
            r.id,
            r.reference,
            r.status,
            r.stated_status,
            r.source_batch_id,
            r.source_line,
            r.source_path,
            r.quantity,
            committed.label("committed"),
            worked.label("worked"),
            b.file_name,
        )
        .outerjoin(b, b.id == r.source_batch_id)
        .where(r.id.in_(_touched(batch_id)))
        .order_by(r.id)
    )


async def reconcile_statuses(connection: AsyncConnection, batch_id: int) -> list[StatusFinding]:
    """Set the status of every request the batch touched; the contradictions found."""
    findings: list[StatusFinding] = []
    changes: list[dict[str, Any]] = []
    for row in (await connection.execute(_facts(batch_id))).all():
        # A request this batch wrote is judged by what its file stated; another one by the
        # status it has (the workflow may have moved it on since it was imported).
        written = row.source_batch_id == batch_id and row.stated_status is not None
        stated = RequestStatus(row.stated_status if written else row.status)
        verdict = reconcile(RequestFacts(stated, row.quantity, int(row.committed), row.worked))
        if verdict.status != row.status:
            changes.append({"_id": row.id, "_status": verdict.status.value})
        if verdict.code is not None and verdict.message is not None:
            findings.append(
                StatusFinding(
                    row.reference,
                    row.file_name,
                    row.source_line,
                    row.source_path,
                    stated.value,
                    verdict.code,
                    verdict.message,
                )
            )
    if changes:
        table: Table = m.MutualAidRequest.__table__  # type: ignore[assignment]
        await connection.execute(
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values(status=bindparam("_status"), version=table.c.version + 1),
            changes,
        )
    return findings
