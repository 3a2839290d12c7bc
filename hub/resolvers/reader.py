"""One read connection per GraphQL request, shared by its resolvers one statement at a time.

Rows come back as records: light named tuples made once per set of columns. The graph reads
thousands of attributes of them per request, and asks each whether it is awaitable; a
SQLAlchemy `Row` answers a missing attribute through a chain of exceptions, a record at once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import namedtuple
from collections.abc import AsyncIterator, Awaitable, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncConnection

T = TypeVar("T")


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


class ReaderClosed(RuntimeError):
    """A statement asked for after the request's answer was made (by a task left behind)."""


class Reader:
    """Runs a request's statements on its connection, in turn (a connection is not concurrent)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self._lock = asyncio.Lock()
        self._closed = False

    async def __aenter__(self) -> Reader:
        return self

    async def __aexit__(self, *_: object) -> None:
        """Wait for a statement still running, then take no more: the connection is about to
        go back to the pool. (A DataLoader's batch runs in a task of its own, which outlives
        the resolvers waiting on it when they are cancelled.)"""
        async with self._lock:
            self._closed = True

    def _check_open(self) -> None:
        if self._closed:
            raise ReaderClosed("the request is over: its connection takes no more statements")

    async def rows(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> Sequence[Any]:
        """All rows of a statement, as records (attributes named after the columns)."""
        async with self._lock:
            self._check_open()
            result = await _to_the_end(self._connection.execute(statement, parameters))
            return records(list(result.keys()), result.all())

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[AsyncConnection]:
        """The connection for one caller alone (a write transaction), in turn with the reads."""
        async with self._lock:
            self._check_open()
            yield self._connection

    async def scalar(self, statement: Executable) -> Any:
        """The first column of the first row of a statement."""
        async with self._lock:
            self._check_open()
            result = await _to_the_end(self._connection.execute(statement))
            return result.scalar()


async def _to_the_end(statement: Awaitable[T]) -> T:
    """Run a statement to its end even if the resolver that asked for it is cancelled meanwhile
    (graphql-core cancels the siblings of a field that failed), then let the cancellation
    through. Cut short, a statement leaves the connection mid-operation: asyncpg refuses the
    next one ("another operation is in progress"), and SQLite may keep a transaction that
    SQLAlchemy does not know of."""
    running = asyncio.ensure_future(statement)
    try:
        return await asyncio.shield(running)
    except asyncio.CancelledError:
        while not running.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait([running])
        if not running.cancelled():
            running.exception()  # seen here: the cancelled caller will not look at it
        raise
