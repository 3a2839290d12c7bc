"""The reads and writes behind imported requests' statuses (the rule is `hub.domain.facts`).

A request is touched when the import wrote it, one of its commitments, or a deployment on one
of its duties. The facts of all of them are read in one statement; the statuses that change
are written in one more, each with a new version.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Integer, Row, String, Table, bindparam, func, literal, select, union, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.standard.enums import CommitmentStatus, DeploymentStatus
from hub.store import models as m

FIRM = (CommitmentStatus.ACCEPTED, CommitmentStatus.RELEASED)
WORKED = (DeploymentStatus.ON_DUTY, DeploymentStatus.COMPLETED, DeploymentStatus.STOOD_DOWN)


def _touched(batch_id: Any) -> Any:
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


def _facts(batch_id: Any) -> Any:
    r, c, d = m.MutualAidRequest, m.Commitment, m.Deployment
    du, pu, b = m.DutyUnit, m.PlanningUnit, m.ImportBatch
    committed = (
        select(func.coalesce(func.sum(c.quantity), 0))
        .where(c.request_id == r.id, c.status.in_(FIRM))
        .scalar_subquery()
    )
    # one officer on duty for the request, looked for from the request down (its commitments'
    # units' duties, by index): a LIMIT keeps PostgreSQL from turning an EXISTS into one hashed
    # scan of every deployment for each file (115 ms at COP26 against a few for the look-ups)
    worked = (
        select(literal(1))
        .select_from(c)
        .join(pu, pu.commitment_id == c.id)
        .join(du, du.planning_unit_id == pu.id)
        .join(d, d.duty_unit_id == du.id)
        .where(c.request_id == r.id, d.status.in_(WORKED))
        .limit(1)
        .scalar_subquery()
        .is_not(None)
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


@cache
def _facts_of_a_batch() -> Any:
    """`_facts` of the batch named by the parameter `batch_id`, built once: a file's check then
    costs no statement building (about 1 ms of Python)."""
    return _facts(bindparam("batch_id", type_=Integer))


async def request_facts(connection: AsyncConnection, batch_id: int) -> Sequence[Row[Any]]:
    """Every request the batch touched: its status, what its file stated, where, and its facts
    (units in accepted or released commitments, whether an officer was on duty for it)."""
    return (await connection.execute(_facts_of_a_batch(), {"batch_id": batch_id})).all()


async def set_statuses(connection: AsyncConnection, changes: Sequence[tuple[int, str]]) -> None:
    """Give requests (by id) new statuses, each with a new version.

    On PostgreSQL the changes go as two arrays in one UPDATE: as an executemany, each request
    was a statement of its own on the server (about 75 us each, 14,400 of them at COP26)."""
    if not changes:
        return
    if connection.dialect.name == "postgresql":
        await connection.execute(
            _set_from_arrays(),
            {"_ids": [pk for pk, _ in changes], "_statuses": [status for _, status in changes]},
        )
        return
    table: Table = m.MutualAidRequest.__table__  # type: ignore[assignment]
    await connection.execute(
        update(table)
        .where(table.c.id == bindparam("_id"))
        .values(status=bindparam("_status"), version=table.c.version + 1),
        [{"_id": pk, "_status": status} for pk, status in changes],
    )


@cache
def _set_from_arrays() -> Any:
    """UPDATE ... FROM the pairs (id, status) of two parameters, arrays of equal length."""
    table: Table = m.MutualAidRequest.__table__  # type: ignore[assignment]
    pairs = select(
        func.unnest(bindparam("_ids", type_=ARRAY(Integer))).label("id"),
        func.unnest(bindparam("_statuses", type_=ARRAY(String))).label("status"),
    ).subquery("changed")
    return (
        update(table)
        .where(table.c.id == pairs.c.id)
        .values(status=pairs.c.status, version=table.c.version + 1)
    )
