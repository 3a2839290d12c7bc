"""The floor's database access: the least code that runs one SQL statement and fetches its rows,
on SQLite (sqlite3) or PostgreSQL (asyncpg, on a private event loop)."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import asyncpg  # type: ignore[import-untyped]


class RawDB(Protocol):
    """Run a statement with `?` placeholders; all its rows."""

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...

    def close(self) -> None: ...


class SQLiteRaw:
    """One sqlite3 connection."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self.db.execute(sql, tuple(params)).fetchall()

    def close(self) -> None:
        self.db.close()


def _numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1`, `$2`, …"""
    counter = iter(range(1, 100_000))
    return re.sub(r"\?", lambda _m: f"${next(counter)}", sql)


class PostgresRaw:
    """One asyncpg connection, driven synchronously on its own event loop."""

    def __init__(self, url: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.db = self.loop.run_until_complete(asyncpg.connect(url))

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        rows = self.loop.run_until_complete(self.db.fetch(_numbered(sql), *params))
        return [tuple(row) for row in rows]

    def close(self) -> None:
        self.loop.run_until_complete(self.db.close())
        self.loop.close()
