"""Security markings in the store: which operation a record belongs to, and the most
restrictive of several markings. The rule (hub/resolvers/markings.py): a record's classification
is the highest of its own marking and its operation's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, cast, null, select
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.standard.enums import Classification
from hub.store import models as m

#: The least restrictive first: a record's classification is the highest of its markings.
ORDER = tuple(Classification)
#: The types that can be marked, by GraphQL name.
MARKABLE: dict[str, Any] = {
    "Operation": m.Operation,
    "MutualAidRequest": m.MutualAidRequest,
    "Commitment": m.Commitment,
    "PlanningUnit": m.PlanningUnit,
    "DutyUnit": m.DutyUnit,
    "Deployment": m.Deployment,
    "Officer": m.Officer,
    "Location": m.Location,
    "AccommodationBooking": m.AccommodationBooking,
    "TravelBooking": m.TravelBooking,
}


def operation_of(type_name: str) -> Any:
    """(pk, operation_id) of each record of the type: the operation it belongs to, or null."""
    op, r, c, pu, du = m.Operation, m.MutualAidRequest, m.Commitment, m.PlanningUnit, m.DutyUnit
    if type_name == "Operation":
        return select(op.id.label("pk"), op.id.label("operation_id"))
    if type_name == "MutualAidRequest":
        return select(r.id.label("pk"), r.operation_id)
    if type_name == "Location":
        return select(m.Location.id.label("pk"), m.Location.operation_id)
    if type_name == "Officer":  # an officer belongs to a force, not to an operation
        return select(m.Officer.id.label("pk"), cast(null(), Integer).label("operation_id"))
    if type_name == "Commitment":
        return select(c.id.label("pk"), r.operation_id).join(r, r.id == c.request_id)
    # The rest belong to a planning unit, whose commitment answers a request.
    d, ab, tb = m.Deployment, m.AccommodationBooking, m.TravelBooking
    stmt: Any
    if type_name == "PlanningUnit":
        stmt = select(pu.id.label("pk"), r.operation_id).select_from(pu)
    elif type_name == "DutyUnit":
        stmt = select(du.id.label("pk"), r.operation_id).join(pu, pu.id == du.planning_unit_id)
    elif type_name == "Deployment":
        stmt = (
            select(d.id.label("pk"), r.operation_id)
            .join(du, du.id == d.duty_unit_id)
            .join(pu, pu.id == du.planning_unit_id)
        )
    else:  # a booking: through its planning unit, when it is for one
        booking = ab if type_name == "AccommodationBooking" else tb
        stmt = select(booking.id.label("pk"), r.operation_id).outerjoin(
            pu, pu.id == booking.planning_unit_id
        )
    return stmt.outerjoin(c, c.id == pu.commitment_id).outerjoin(r, r.id == c.request_id)


def highest(*codes: str | None) -> Classification:
    """The most restrictive of these markings (OFFICIAL when there is none)."""
    marked = [Classification(code) for code in codes if code]
    return max(marked, key=ORDER.index, default=Classification.OFFICIAL)


async def operation_classification(
    connection: AsyncConnection, operation_id: int
) -> Classification:
    """The highest marking of an operation and of every record that belongs to it: what an
    export of the operation's records (a cost statement, say) must carry."""
    marks = m.RecordMarking.__table__
    found: set[str] = set()
    for type_name in MARKABLE:
        if type_name == "Officer":
            continue
        path = operation_of(type_name).subquery()
        rows = await connection.execute(
            select(marks.c.classification)
            .join(path, path.c.pk == marks.c.record_id)
            .where(marks.c.record_type == type_name, path.c.operation_id == operation_id)
            .distinct()
        )
        found.update(rows.scalars())
    return highest(*found)
