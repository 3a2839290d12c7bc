"""Bulk writes: one INSERT ... ON CONFLICT DO UPDATE per table and column set, per batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.adapters._entities import EntitySpec
from hub.errors import ConfigurationError
from hub.store.types import utcnow

INSERTS: dict[str, Any] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
PROVENANCE = ("source_batch_id", "source_line", "source_path")


def _insert(connection: AsyncConnection, table: Table) -> Any:
    insert = INSERTS.get(connection.dialect.name)
    if insert is None:
        raise ConfigurationError("UNSUPPORTED_DATABASE", f"no upsert for {connection.dialect.name}")
    return insert(table)


async def upsert(
    connection: AsyncConnection, spec: EntitySpec, rows: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Insert or update `rows` (all with the same columns); the id and conflict columns back."""
    if not rows:
        return []
    if spec.update_only:
        await _update(connection, spec, rows)
        return []
    table = spec.table
    statement = _insert(connection, table)
    names = [name for name in rows[0] if name not in spec.conflict]
    new: dict[str, Any] = {name: statement.excluded[name] for name in names}
    if spec.versioned:
        new["version"] = table.c.version + 1
    if "updated_at" in table.c:
        new["updated_at"] = utcnow()
    statement = statement.on_conflict_do_update(index_elements=list(spec.conflict), set_=new)
    returned = [table.c[name] for name in spec.conflict]
    if "id" in table.c:
        returned.insert(0, table.c.id)
    result = await connection.execute(statement.returning(*returned), list(rows))
    return [dict(row) for row in result.mappings()]


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
