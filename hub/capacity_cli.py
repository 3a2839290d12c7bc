"""`hub capacity recount [--force CODE]`: recount the capacity tables by hand.

The hub recounts what its own writes touch; rows changed outside it (a fix in SQL, a restore)
are counted only when a write next touches their force. This recounts every force, or one,
in one transaction, and says what it changed (docs/operations.md, "Capacity counts")."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.config import Settings
from hub.store import create_engine
from hub.store import models as m
from hub.store.capacity import refresh, unhurried

capacity_app = typer.Typer(
    help="Capacity counted ahead (docs/querying.md, 'Capacity').", no_args_is_help=True
)
console = Console()
errors = Console(stderr=True, soft_wrap=True)


@dataclass(frozen=True)
class Change:
    """What a recount did to one table (rows of the forces recounted)."""

    table: str
    before: int
    after: int
    added: int
    removed: int


async def _rows(connection: AsyncConnection, forces: list[int] | None) -> dict[str, set[Any]]:
    day, away, run, duty = m.CapacityDay, m.CapacityAwayDay, m.CapacityRun, m.DutyDay
    queries: dict[str, Any] = {
        day.__tablename__: select(day.__table__),
        away.__tablename__: select(away.__table__),
        run.__tablename__: select(run.__table__),
        duty.__tablename__: select(duty.__table__),
    }
    if forces is not None:
        officers = select(m.Officer.id).where(m.Officer.force_id.in_(forces))
        queries[day.__tablename__] = queries[day.__tablename__].where(day.force_id.in_(forces))
        queries[away.__tablename__] = queries[away.__tablename__].where(away.force_id.in_(forces))
        queries[duty.__tablename__] = queries[duty.__tablename__].where(duty.force_id.in_(forces))
        queries[run.__tablename__] = queries[run.__tablename__].where(run.officer_id.in_(officers))
    return {
        name: {tuple(row) for row in await connection.execute(query)}
        for name, query in queries.items()
    }


async def recount(force: str | None) -> list[Change] | None:
    """Recount every force (or the one with this code) and commit; None if no such force."""
    engine = create_engine(Settings())
    try:
        async with engine.begin() as connection:
            await unhurried(connection)
            forces: list[int] | None = None
            if force is not None:
                found = select(m.Force.id).where(m.Force.code == force)
                forces = list((await connection.execute(found)).scalars())
                if not forces:
                    return None
            before = await _rows(connection, forces)
            await refresh(connection, forces)
            after = await _rows(connection, forces)
    finally:
        await engine.dispose()
    return [
        Change(
            name,
            len(before[name]),
            len(after[name]),
            len(after[name] - before[name]),
            len(before[name] - after[name]),
        )
        for name in before
    ]


@capacity_app.command("recount")
def recount_command(
    force: Annotated[
        str | None, typer.Option("--force", help="Recount this force alone (its code).")
    ] = None,
) -> None:
    """Recount the capacity tables from the stored data (every force, or one) and print what
    changed; running it again changes nothing."""
    changes = asyncio.run(recount(force))
    if changes is None:
        errors.print(f"no force {force}")
        raise typer.Exit(code=1)
    table = Table(title=f"Capacity recounted: {force or 'every force'}")
    for name in ("table", "rows before", "rows after", "added", "removed"):
        table.add_column(name, justify="left" if name == "table" else "right")
    for change in changes:
        table.add_row(
            change.table,
            f"{change.before:,}",
            f"{change.after:,}",
            f"{change.added:,}",
            f"{change.removed:,}",
        )
    console.print(table)
    changed = sum(change.added + change.removed for change in changes)
    console.print(f"{changed:,} rows changed" if changed else "unchanged: the counts were right")
