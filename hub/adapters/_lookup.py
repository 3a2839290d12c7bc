"""Finding stored rows by natural key, a few hundred keys a statement."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.adapters._entities import ENTITY_SPECS

KEYS_PER_STATEMENT = 500


@dataclass(slots=True)
class Stored:
    """A stored row: its columns, and the code of the force that owns it (if any)."""

    row: dict[str, Any]
    owner: str | None

    @property
    def id(self) -> int | None:
        value = self.row.get("id")
        return None if value is None else int(value)


async def stored_rows(
    connection: AsyncConnection, entity: str, keys: Iterable[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Stored]:
    """The rows of `entity` with these natural keys (in record terms), by key."""
    spec = ENTITY_SPECS[entity]
    assert spec.lookup is not None
    wanted = list(dict.fromkeys(keys))
    found: dict[tuple[Any, ...], Stored] = {}
    if not wanted:
        return found
    joined, key_exprs, owner = spec.lookup()
    labels = [expr.label(f"_key{i}") for i, expr in enumerate(key_exprs)]
    statement = select(*spec.table.c, owner.label("_owner"), *labels).select_from(joined)
    for start in range(0, len(wanted), KEYS_PER_STATEMENT):
        part = wanted[start : start + KEYS_PER_STATEMENT]
        condition = (
            key_exprs[0].in_([key[0] for key in part])
            if len(key_exprs) == 1
            else tuple_(*key_exprs).in_(part)
        )
        result = await connection.execute(statement.where(condition))
        for row in result.mappings():
            key = tuple(row[f"_key{i}"] for i in range(len(key_exprs)))
            columns = {column.name: row[column.name] for column in spec.table.c}
            found[key] = Stored(columns, row["_owner"])
    return found
