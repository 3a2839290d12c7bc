"""Telling an import batch that is still running from one whose process died.

A batch is RUNNING from its first write until it is closed. If the importing process is
killed (or its database connection drops and the database stays away), the batch stays
RUNNING; the next import marks it INTERRUPTED. Whether a RUNNING batch's runner is alive:

- PostgreSQL: the import holds a session advisory lock on its batch for as long as it runs;
  the database releases it when the session ends, whatever happens to the process.
- SQLite (a file on this machine): the batch names its runner (`host:pid`); a runner on this
  host whose process is gone is dead.
"""

from __future__ import annotations

import os
import socket

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.store.models import ImportBatch
from hub.store.types import utcnow

LOCK_CLASS = 0x4855_4249  # "HUBI": the advisory-lock namespace of import batches


def runner() -> str:
    """This process, as a batch names its runner."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def _postgres(connection: AsyncConnection) -> bool:
    return connection.dialect.name == "postgresql"


async def hold(connection: AsyncConnection, batch_id: int) -> None:
    """Mark the batch as running on this connection's session (PostgreSQL)."""
    if _postgres(connection):
        await connection.execute(
            text("select pg_advisory_lock(:class, :batch)"),
            {"class": LOCK_CLASS, "batch": batch_id},
        )


async def release(connection: AsyncConnection, batch_id: int) -> None:
    """Let go of the batch (PostgreSQL); the connection goes back to the pool clean."""
    if _postgres(connection):
        await connection.execute(
            text("select pg_advisory_unlock(:class, :batch)"),
            {"class": LOCK_CLASS, "batch": batch_id},
        )
        await connection.commit()


async def release_all(connection: AsyncConnection, batch_ids: list[int]) -> None:
    """`release` each of the batches, in one statement (PostgreSQL)."""
    if not batch_ids:
        return
    if len(batch_ids) == 1:
        await release(connection, batch_ids[0])
        return
    if _postgres(connection):
        await connection.execute(
            text(
                "select pg_advisory_unlock(:class, batch)"
                " from unnest(cast(:batches as integer[])) as batch"
            ),
            {"class": LOCK_CLASS, "batches": batch_ids},
        )
        await connection.commit()


async def interrupt_stale(engine: AsyncEngine) -> int:
    """Mark INTERRUPTED every RUNNING batch whose runner is gone; how many were."""
    async with engine.connect() as connection:
        rows = (
            await connection.execute(
                select(ImportBatch.id, ImportBatch.runner).where(ImportBatch.status == "RUNNING")
            )
        ).all()
        dead = [batch_id for batch_id, name in rows if await _dead(connection, batch_id, name)]
        await connection.commit()
        if dead:
            await connection.execute(
                update(ImportBatch)
                .where(ImportBatch.id.in_(dead), ImportBatch.status == "RUNNING")
                .values(status="INTERRUPTED", finished_at=utcnow())
            )
            await connection.commit()
    return len(dead)


async def _dead(connection: AsyncConnection, batch_id: int, name: str | None) -> bool:
    if _postgres(connection):
        params = {"class": LOCK_CLASS, "batch": batch_id}
        free = await connection.scalar(text("select pg_try_advisory_lock(:class, :batch)"), params)
        if free:
            await connection.execute(text("select pg_advisory_unlock(:class, :batch)"), params)
        return bool(free)
    host, _, pid = (name or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return name is None  # a batch from before runners were recorded, or another machine's
    if int(pid) == os.getpid():
        return False  # this process: its imports end by closing their batches
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
