"""Per-key rate limits in fixed windows, answered with 429 and Retry-After.

PostgreSQL keeps the shared counts, so every hub process sharing the database shares the
limits; each process counts in memory and adds its counts to the database's about once a
second, and at every request near a limit (not one write per request). SQLite (the demo and
single-force installs, one process) counts in the process's memory only.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import delete, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.ops.metrics import RATE_LIMITED
from hub.security.principal import Principal, Role
from hub.store.models import RateLimitWindow

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a request may go ahead and, if not, how many seconds until it may."""

    allowed: bool
    retry_after: int


def _verdict(hits: int, limit: int, retry_after: int) -> Verdict:
    if hits <= limit:
        return Verdict(True, 0)
    RATE_LIMITED.inc()
    return Verdict(False, retry_after)


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
        return _verdict(hits, limit, left)


@dataclass
class _Shared:
    """One bucket's count in the current window: in the database at the last flush (every
    process's hits), and this process's hits, numbered, with how many of them it flushed."""

    window_start: int
    flushed_at: float
    shared: int = 0
    counted: int = 0
    flushed: int = 0
    first_flush: bool = True
    #: One flush at a time per process, in the order of the hits they carry.
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


@dataclass
class DatabaseRateLimiter:
    """Counts in this process's memory and adds them to PostgreSQL's shared count at most once
    per `flush_s` seconds, and at every request once a bucket nears its limit, so the
    processes of a hub share one limit without a write per request.

    A process learns other processes' hits when it flushes: far from the limit they may pass
    it by at most what the others counted in one flush interval; near it, every request
    flushes and the limit is exact. A process flushes one request at a time, each up to its
    own hit, so the count a flush returns is that hit's place. Far from the limit, a request
    due to flush while another flushes goes on without (when every request in flight flushed
    at once, each took a connection: most opened afresh, as the pool keeps two).
    """

    engine: AsyncEngine
    window: int
    clock: Clock = time.time
    flush_s: float = 1.0
    _buckets: dict[str, _Shared] = field(default_factory=dict)

    async def hit(self, bucket: str, limit: int) -> Verdict:
        start, left = _Windows(self.window, self.clock).current()
        now = self.clock()
        state = self._buckets.get(bucket)
        if state is None or state.window_start != start:
            self._forget(start)
            # The first hit of a window flushes, to learn what other processes counted.
            state = self._buckets[bucket] = _Shared(start, flushed_at=-self.flush_s)
        state.counted += 1
        mine = state.counted
        hits = state.shared + state.counted - state.flushed
        near = hits >= limit - (limit // 10 + 1)
        due = now - state.flushed_at >= self.flush_s and not state.lock.locked()
        if near or due:
            async with state.lock:
                hits = await self._flush(bucket, state, mine, now)
        return _verdict(hits, limit, left)

    def _forget(self, start: int) -> None:
        """Drop buckets of ended windows once there are many (their counts no longer matter)."""
        if len(self._buckets) > 10_000:
            self._buckets = {k: v for k, v in self._buckets.items() if v.window_start == start}

    async def _flush(self, bucket: str, state: _Shared, mine: int, now: float) -> int:
        """Add this process's hits up to `mine` to the shared count: the count after them."""
        added = max(0, mine - state.flushed)  # 0: a flush before carried it
        state.flushed = max(state.flushed, mine)  # lost should the write fail
        first, state.first_flush = state.first_flush, False
        state.shared = await self._write(bucket, state.window_start, added, first)
        state.flushed_at = now
        return state.shared

    async def _write(self, bucket: str, window_start: int, added: int, first: bool) -> int:
        row = RateLimitWindow
        upsert = (
            insert(row)
            .values(bucket=bucket, window_start=window_start, hits=added)
            .on_conflict_do_update(
                index_elements=[row.bucket, row.window_start], set_={"hits": row.hits + added}
            )
            .returning(row.hits)
        )
        async with self.engine.begin() as connection:
            # A count lost in a crash costs nothing; waiting for the WAL flush costs every
            # flush a disk sync.
            await connection.execute(text("SET LOCAL synchronous_commit TO OFF"))
            hits = int((await connection.execute(upsert)).scalar_one())
            if first:  # this process's first flush in the window: forget the old windows
                await connection.execute(
                    delete(row).where(row.bucket == bucket, row.window_start < window_start)
                )
        return hits


def rate_limiter(settings: Settings, engine: AsyncEngine) -> RateLimiter:
    """The limiter for the configured database."""
    if engine.dialect.name == "sqlite":
        return MemoryRateLimiter(settings.rate_limit_window_s)
    return DatabaseRateLimiter(engine, settings.rate_limit_window_s)
