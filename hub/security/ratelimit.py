"""Per-key rate limits in fixed windows, answered with 429 and Retry-After.

PostgreSQL keeps the counts (one upsert per request), so every hub process sharing the
database shares the limits. SQLite (the demo and single-force installs, one process) counts
in the process's memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import delete, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.security.principal import Principal, Role
from hub.store.models import RateLimitWindow

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a request may go ahead and, if not, how many seconds until it may."""

    allowed: bool
    retry_after: int


class RateLimiter(Protocol):
    """Counts a request against a bucket's limit for the current window."""

    async def hit(self, bucket: str, limit: int) -> Verdict: ...


def limit_for(settings: Settings, principal: Principal) -> int:
    """Requests per window for the principal's role."""
    return {
        Role.COORDINATOR: settings.rate_limit_coordinator,
        Role.PARTNER: settings.rate_limit_partner,
        Role.INGEST: settings.rate_limit_ingest,
        Role.STAKEHOLDER: settings.rate_limit_stakeholder,
    }[principal.role]


@dataclass
class _Windows:
    length: int
    clock: Clock

    def current(self) -> tuple[int, int]:
        """The current window's start and the seconds left in it."""
        now = self.clock()
        start = int(now // self.length) * self.length
        return start, max(1, int(start + self.length - now + 0.999))


@dataclass
class MemoryRateLimiter:
    """Counts in this process's memory (SQLite installs run one process)."""

    window: int
    clock: Clock = time.time
    _counts: dict[str, tuple[int, int]] = field(default_factory=dict)

    async def hit(self, bucket: str, limit: int) -> Verdict:
        start, left = _Windows(self.window, self.clock).current()
        window_start, hits = self._counts.get(bucket, (start, 0))
        hits = hits + 1 if window_start == start else 1
        self._counts[bucket] = (start, hits)
        return Verdict(hits <= limit, 0 if hits <= limit else left)


@dataclass
class DatabaseRateLimiter:
    """Counts in PostgreSQL, shared by every process of the hub."""

    engine: AsyncEngine
    window: int
    clock: Clock = time.time

    async def hit(self, bucket: str, limit: int) -> Verdict:
        start, left = _Windows(self.window, self.clock).current()
        row = RateLimitWindow
        upsert = (
            insert(row)
            .values(bucket=bucket, window_start=start, hits=1)
            .on_conflict_do_update(
                index_elements=[row.bucket, row.window_start], set_={"hits": row.hits + 1}
            )
            .returning(row.hits)
        )
        async with self.engine.begin() as connection:
            # A count lost in a crash costs nothing; waiting for the WAL flush costs every
            # request a disk sync.
            await connection.execute(text("SET LOCAL synchronous_commit TO OFF"))
            hits = int((await connection.execute(upsert)).scalar_one())
            if hits == 1:  # a new window: forget this bucket's old ones
                await connection.execute(
                    delete(row).where(row.bucket == bucket, row.window_start < start)
                )
        return Verdict(hits <= limit, 0 if hits <= limit else left)


def rate_limiter(settings: Settings, engine: AsyncEngine) -> RateLimiter:
    """The limiter for the configured database."""
    if engine.dialect.name == "sqlite":
        return MemoryRateLimiter(settings.rate_limit_window_s)
    return DatabaseRateLimiter(engine, settings.rate_limit_window_s)
