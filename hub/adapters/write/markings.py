"""Security markings from a mapping: the records an import wrote, marked OFFICIAL_SENSITIVE."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.adapters.model.mapping import MARKABLE_ENTITIES
from hub.adapters.report import ImportReport
from hub.store import models as m
from hub.store.markings import MARKABLE
from hub.store.types import utcnow


async def mark_written(
    connection: AsyncConnection, batch_id: int, entities: Iterable[str], report: ImportReport
) -> None:
    """Mark OFFICIAL_SENSITIVE every record of these entities the batch inserted or updated
    (their provenance names the batch), replacing any marking they had."""
    marks: Any = m.RecordMarking.__table__
    now = utcnow()
    for entity in entities:
        type_name = MARKABLE_ENTITIES[entity]
        model = MARKABLE[type_name]
        written = select(
            literal(type_name).label("record_type"),
            model.id.label("record_id"),
            literal("OFFICIAL_SENSITIVE").label("classification"),
            literal("import").label("marked_by"),
            literal(batch_id).label("source_batch_id"),
            literal(now, marks.c.marked_at.type).label("marked_at"),
        ).where(model.source_batch_id == batch_id)
        await connection.execute(
            delete(marks).where(
                tuple_(marks.c.record_type, marks.c.record_id).in_(
                    select(literal(type_name), model.id).where(model.source_batch_id == batch_id)
                )
            )
        )
        result = await connection.execute(
            insert(marks).from_select(
                [
                    "record_type",
                    "record_id",
                    "classification",
                    "marked_by",
                    "source_batch_id",
                    "marked_at",
                ],
                written,
            )
        )
        if result.rowcount:
            report.marked[entity] = report.marked.get(entity, 0) + result.rowcount
