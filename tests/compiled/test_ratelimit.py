"""PostgreSQL rate-limit counts: in memory per process, flushed, still one shared limit."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.security.ratelimit import DatabaseRateLimiter
from hub.store.models import RateLimitWindow
from tests.helpers import count_statements


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


async def _writes(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        total = await connection.scalar(select(func.coalesce(func.sum(RateLimitWindow.hits), 0)))
    return int(total or 0)


async def test_counts_are_flushed_not_written_per_request(
    settings: Settings, engine: AsyncEngine
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite counts in memory only")
    clock = Clock()
    one = DatabaseRateLimiter(engine, 60, clock)
    two = DatabaseRateLimiter(engine, 60, clock)
    verdicts = [(await one.hit("key", 100)).allowed for _ in range(20)]
    assert all(verdicts)
    # The first hit flushed (to learn the shared count); the rest waited for the interval.
    assert await _writes(engine) == 1
    clock.now += 1.5
    assert (await one.hit("key", 100)).allowed
    assert await _writes(engine) == 21  # one flush carried every count so far
    # Two processes, ten requests a second each: each may pass the limit by what the other
    # counted in one flush interval, and once near the limit every request flushes.
    results = []
    for _ in range(60):
        clock.now += 0.1
        for limiter in (one, two):
            results.append((await limiter.hit("key", 100)).allowed)
    assert 100 - 21 <= results.count(True) <= 100 - 21 + 10
    assert results[-10:] == [False] * 10
    assert await _writes(engine) == 21 + 120


async def test_a_new_window_starts_from_zero(settings: Settings, engine: AsyncEngine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite counts in memory only")
    clock = Clock()
    limiter = DatabaseRateLimiter(engine, 60, clock)
    assert [(await limiter.hit("k", 2)).allowed for _ in range(3)] == [True, True, False]
    clock.now += 60
    assert (await limiter.hit("k", 2)).allowed


async def test_requests_in_flight_together_flush_once(
    settings: Settings, engine: AsyncEngine
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite counts in memory only")
    clock = Clock()
    limiter = DatabaseRateLimiter(engine, 60, clock)
    with count_statements(engine) as log:
        verdicts = await asyncio.gather(*(limiter.hit("key", 1_000) for _ in range(10)))
    assert all(verdict.allowed for verdict in verdicts)
    # The first hit of the window flushes; the nine beside it go on without a flush of their
    # own (each used to flush, on a connection of its own).
    assert len([s for s in log.statements if s.lstrip().startswith("INSERT")]) == 1
    clock.now += 1.5
    with count_statements(engine) as log:
        await asyncio.gather(*(limiter.hit("key", 1_000) for _ in range(10)))
    assert len([s for s in log.statements if s.lstrip().startswith("INSERT")]) == 1
    clock.now += 1.5
    assert (await limiter.hit("key", 1_000)).allowed
    assert await _writes(engine) == 21  # no count lost


async def test_near_the_limit_every_request_in_flight_still_flushes(
    settings: Settings, engine: AsyncEngine
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite counts in memory only")
    limiter = DatabaseRateLimiter(engine, 60, Clock())
    verdicts = await asyncio.gather(*(limiter.hit("key", 5) for _ in range(8)))
    assert [verdict.allowed for verdict in verdicts].count(True) == 5
    assert await _writes(engine) == 8
