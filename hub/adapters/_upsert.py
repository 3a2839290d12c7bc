"""Bulk writes: one INSERT ... ON CONFLICT DO UPDATE per table and column set, per batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.adapters._bulk import bulk_upsert
from hub.adapters._entities import ENTITY_SPECS, EntitySpec

PROVENANCE = ("source_batch_id", "source_line", "source_path")


async def upsert(
    connection: AsyncConnection,
    spec: EntitySpec,
    rows: Sequence[dict[str, Any]],
    *,
    returning: bool = True,
) -> list[dict[str, Any]]:
    """Insert or update `rows` (all with the same columns); the id and conflict columns of each
    row back (none when not `returning`)."""
    if not rows:
        return []
    if spec.update_only:
        await _update(connection, spec, rows)
        return []
    return await bulk_upsert(
        connection, spec.table, spec.conflict, rows, versioned=spec.versioned, returning=returning
    )


async def _update(
    connection: AsyncConnection, spec: EntitySpec, rows: Sequence[dict[str, Any]]
) -> None:
    table = spec.table
    names = [name for name in rows[0] if name != "id"]
    statement = (
        update(table)
        .where(table.c.id == bindparam("_id"))
        .values({name: bindparam(f"_{name}") for name in names})
    )
    params = [{f"_{name}": row[name] for name in names} | {"_id": row["id"]} for row in rows]
    await connection.execute(statement, params)


async def refresh_statistics(connection: AsyncConnection, entities: set[str]) -> None:
    """On PostgreSQL, ANALYZE the tables of `entities`: a table an import is filling from empty
    looks empty to the planner until then, and its look-ups would scan it whole each batch."""
    if connection.dialect.name != "postgresql" or not entities:
        return
    quote = connection.dialect.identifier_preparer.quote
    names = sorted({ENTITY_SPECS[entity].table.name for entity in entities})
    await connection.exec_driver_sql("ANALYZE " + ", ".join(quote(name) for name in names))
