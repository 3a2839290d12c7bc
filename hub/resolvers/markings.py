"""Security markings: each record's effective classification, and marking a record.

A record's classification is the most restrictive of its own marking (`record_marking`, set by
a mapping or by `markClassification`) and, for a record that belongs to an operation, the
operation's own marking: marking an operation OFFICIAL-SENSITIVE marks its requests,
commitments, units, duty units, deployments, locations and units' bookings with it. A record
with no marking anywhere is OFFICIAL.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.resolvers.context import RequestContext
from hub.standard.enums import Classification
from hub.store import models as m
from hub.store.markings import MARKABLE, highest, operation_of
from hub.store.types import utcnow

__all__ = ["MARKABLE", "classification", "highest", "mark"]


def _statement(type_name: str, pks: Sequence[int]) -> Any:
    own, inherited = m.RecordMarking.__table__.alias("own"), m.RecordMarking.__table__.alias("op")
    paths = operation_of(type_name).subquery("path")
    return (
        select(
            paths.c.pk, own.c.classification.label("own"), inherited.c.classification.label("op")
        )
        .select_from(paths)
        .outerjoin(own, and_(own.c.record_type == type_name, own.c.record_id == paths.c.pk))
        .outerjoin(
            inherited,
            and_(
                inherited.c.record_type == "Operation",
                inherited.c.record_id == paths.c.operation_id,
            ),
        )
        .where(paths.c.pk.in_(pks))
    )


async def _batch(context: RequestContext, type_name: str, pks: list[int]) -> list[Classification]:
    rows = await context.reader.rows(_statement(type_name, sorted(set(pks))))
    found = {row.pk: highest(row.own, row.op) for row in rows}
    return [found.get(pk, Classification.OFFICIAL) for pk in pks]


async def classification(context: RequestContext, type_name: str, pk: int) -> Classification:
    """The effective classification of one record (batched: one statement per type per level)."""
    loader = context.loaders.get(("marking", type_name), partial(_batch, context, type_name))
    found: Classification = await loader.load(pk)
    return found


async def mark(
    connection: AsyncConnection,
    type_name: str,
    pk: int,
    marking: Classification,
    marked_by: str,
    batch_id: int | None = None,
) -> None:
    """Give one record its own marking (replacing any it had)."""
    table: Any = m.RecordMarking.__table__
    await connection.execute(
        table.delete().where(table.c.record_type == type_name, table.c.record_id == pk)
    )
    await connection.execute(
        table.insert(),
        [
            {
                "record_type": type_name,
                "record_id": pk,
                "classification": marking.value,
                "marked_by": marked_by,
                "source_batch_id": batch_id,
                "marked_at": utcnow(),
            }
        ],
    )
