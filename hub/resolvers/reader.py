"""One read connection per GraphQL request, shared by its resolvers one statement at a time.

Rows come back as records: light named tuples made once per set of columns. The graph reads
thousands of attributes of them per request, and asks each whether it is awaitable; a
SQLAlchemy `Row` answers a missing attribute through a chain of exceptions, a record at once.
"""

from __future__ import annotations

import asyncio
from collections import namedtuple
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncConnection


class RecordBase(tuple):  # type: ignore[type-arg]
    """What every record class shares: `_mapping`, as a SQLAlchemy row has."""

    __slots__ = ()
    _fields: tuple[str, ...]

    @property
    def _mapping(self) -> Mapping[str, Any]:
        return dict(zip(self._fields, self, strict=True))


@lru_cache(maxsize=512)
def record_class(columns: tuple[str, ...]) -> type[RecordBase] | None:
    """The record class of a statement's columns; None when they cannot be attribute names."""
    try:
        base = namedtuple("Record", columns)  # type: ignore[misc]
    except ValueError:  # a duplicate, or a name a tuple cannot carry
        return None
    return type("Record", (RecordBase, base), {"__slots__": ()})


def records(keys: Sequence[str], rows: Sequence[Any]) -> Sequence[Any]:
    """The rows as records with the given column names (the rows themselves if they can't be)."""
    make = record_class(tuple(keys))
    if make is None:
        return rows
    new = tuple.__new__
    return [new(make, row) for row in rows]


class Reader:
    """Runs a request's statements on its connection, in turn (a connection is not concurrent)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self._lock = asyncio.Lock()

    async def rows(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> Sequence[Any]:
        """All rows of a statement, as records (attributes named after the columns)."""
        async with self._lock:
            result = await self._connection.execute(statement, parameters)
            return records(list(result.keys()), result.all())

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[AsyncConnection]:
        """The connection for one caller alone (a write transaction), in turn with the reads."""
        async with self._lock:
            yield self._connection

    async def scalar(self, statement: Executable) -> Any:
        """The first column of the first row of a statement."""
        async with self._lock:
            result = await self._connection.execute(statement)
            return result.scalar()
