"""Bulk writes: one INSERT ... ON CONFLICT DO UPDATE per table and column set, per batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.adapters.model.entities import EntitySpec
from hub.adapters.write.bulk import Steps, run_steps, upsert_steps

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
    return await run_steps(connection, upsert_rows(connection.dialect, spec, rows, returning))


def upsert_rows(
    dialect: Dialect, spec: EntitySpec, rows: Sequence[dict[str, Any]], returning: bool = True
) -> Steps[list[dict[str, Any]]]:
    """`upsert`'s statements, for `run_steps`."""
    if not rows:
        return []
    if spec.update_only:  # an UPDATE by id through SQLAlchemy, on the event loop
        yield lambda connection: _update(connection, spec, rows)
        return []
    return (
        yield from upsert_steps(
            dialect, spec.table, spec.conflict, rows, versioned=spec.versioned, returning=returning
        )
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


async def refresh_statistics(connection: AsyncConnection, inserted: dict[str, int]) -> None:
    """On PostgreSQL, ANALYZE each table whose rows this process has quadrupled since it last
    did.

    The planner would otherwise go on seeing the table as it was (empty, at the start of a large
    import) and scan it whole for every batch's look-up. Once analysed, it scales the rows it
    expects with the table's pages, so the statistics need not follow each doubling: quadrupling
    makes it a few statements a table, however large it grows (COP26's deployments: at about
    1,000, 4,000, 16,000 and 64,000 rows; doubling had analysed them seven times, from 32,000
    rows on each sampling 30,000 rows)."""
    if connection.dialect.name != "postgresql" or not inserted:
        return
    database = connection.engine.url.render_as_string(hide_password=True)
    due = []
    for table, count in inserted.items():
        grown = _GROWTH.setdefault((database, table), [0, 0])  # since, at the last ANALYZE
        grown[0] += count
        if grown[0] >= max(MIN_GROWTH, 3 * grown[1]):
            grown[1] += grown[0]
            grown[0] = 0
            due.append(table)
    if due:
        quote = connection.dialect.identifier_preparer.quote
        await connection.exec_driver_sql("ANALYZE " + ", ".join(quote(t) for t in sorted(due)))


MIN_GROWTH = 1_000
_GROWTH: dict[tuple[str, str], list[int]] = {}
