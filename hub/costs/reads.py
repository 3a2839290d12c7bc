"""What a pricing read, kept so that a later write transaction can tell whether it still holds.

A word on a statement is priced in a read and recorded in a short write transaction
(`hub.costs.agreement`), which first `recheck`s the read: on SQLite, whether any other connection
committed since the read began (`PRAGMA data_version`: exact, and nearly free); if one did, or
on PostgreSQL, whether every statement the pricing ran gives the same rows now.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.store.engine import is_sqlite


@dataclass
class Reads:
    """The statements run on one connection and the rows each gave, with SQLite's data version
    as the read saw it (None on PostgreSQL)."""

    connection: AsyncConnection
    version: int | None = None
    seen: list[tuple[Executable, Sequence[Any]]] = field(default_factory=list)

    async def begin(self) -> None:
        """Note the data version; the first statement of the read transaction (on SQLite it
        fixes the snapshot every later statement of the transaction reads)."""
        self.version = await data_version(self.connection)

    async def run(self, statement: Executable) -> Sequence[Any]:
        """The rows of `statement`, kept."""
        rows = (await self.connection.execute(statement)).all()
        self.seen.append((statement, rows))
        return rows


async def data_version(connection: AsyncConnection) -> int | None:
    """SQLite's count of changes other connections committed, as this connection's transaction
    sees it (None on PostgreSQL, which has no such count)."""
    if not is_sqlite(connection.engine.url):
        return None
    result = await connection.exec_driver_sql("PRAGMA data_version")
    return int(result.scalar_one())


class Verdict(Enum):
    """What a write transaction found of a pricing read before."""

    SAME = "SAME"  # nothing it read has changed
    CHANGED = "CHANGED"  # a statement gives other rows now
    UNKNOWN = "UNKNOWN"  # something was committed since; not read again to know what


async def recheck(connection: AsyncConnection, reads: Reads, *, reread: bool) -> Verdict:
    """Whether what `reads` saw still holds, in the caller's write transaction (which already
    holds the lock that keeps others from changing it meanwhile). SQLite's data version
    answers at once if nothing at all was committed since the read; otherwise, with `reread`,
    the statements are run again and their rows compared, else the answer is UNKNOWN."""
    if connection is not reads.connection:
        raise ValueError("a data version is compared on the connection that read it")
    version = await data_version(connection)
    if version is not None and version == reads.version:
        return Verdict.SAME
    if not reread:
        return Verdict.UNKNOWN
    return Verdict.SAME if await _same_rows(connection, reads) else Verdict.CHANGED


async def still_holds(reads: Reads) -> bool:
    """Whether every statement of `reads` gives the same rows now, asked in a read transaction
    of its own (no lock held); if so, `reads` stands for this newer read (its data version)."""
    connection = reads.connection
    async with connection.begin():
        version = await data_version(connection)
        if not await _same_rows(connection, reads):
            return False
    reads.version = version
    return True


async def _same_rows(connection: AsyncConnection, reads: Reads) -> bool:
    for statement, rows in reads.seen:
        now = (await connection.execute(statement)).all()
        if now != rows and Counter(now) != Counter(rows):  # the same rows, perhaps reordered
            return False
    return True
