"""One read connection per GraphQL request, shared by its resolvers one statement at a time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.ext.asyncio import AsyncConnection


class Reader:
    """Runs a request's statements on its connection, in turn (a connection is not concurrent)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self._lock = asyncio.Lock()

    async def rows(self, statement: Executable) -> Sequence[Row[Any]]:
        """All rows of a statement."""
        async with self._lock:
            result = await self._connection.execute(statement)
            return result.all()

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
