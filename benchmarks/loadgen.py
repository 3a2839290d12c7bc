"""A closed-loop Python load generator: N asyncio clients, each sending its next request as soon
as the previous one is answered, for a fixed duration."""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class LoadResult:
    """Latencies (seconds) of the requests answered within the run, and the failures."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        count = len(ordered)

        def pct(p: float) -> float:
            return round(1000 * ordered[min(count - 1, int(p * count))], 2) if count else 0.0

        return {
            "requests": count,
            "errors": self.errors,
            "first_error": self.first_error,
            "rps": round(count / self.seconds, 1),
            "p50_ms": pct(0.50),
            "p99_ms": pct(0.99),
            "mean_ms": round(1000 * statistics.fmean(ordered), 2) if count else 0.0,
        }


async def _client(
    http: httpx.AsyncClient,
    body: Callable[[random.Random], dict[str, Any]],
    deadline: float,
    result: LoadResult,
    seed: int,
) -> None:
    rng = random.Random(seed)
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            response = await http.post("/graphql", json=body(rng))
        except httpx.HTTPError as error:
            result.errors += 1
            result.first_error = result.first_error or repr(error)
            continue
        elapsed = time.perf_counter() - started
        if response.status_code != 200 or b'"errors"' in response.content[:200]:
            result.errors += 1
            result.first_error = result.first_error or response.text[:300]
        else:
            result.latencies.append(elapsed)


async def drive(
    base_url: str,
    headers: dict[str, str],
    body: Callable[[random.Random], dict[str, Any]],
    *,
    concurrency: int,
    duration: float,
    warmup: float = 1.0,
) -> LoadResult:
    """Run `concurrency` clients for `warmup` (discarded) and then `duration` seconds."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=60
    ) as http:
        for phase, seconds in (("warmup", warmup), ("run", duration)):
            result = LoadResult(seconds)
            deadline = time.perf_counter() + seconds
            started = time.perf_counter()
            await asyncio.gather(
                *(_client(http, body, deadline, result, seed) for seed in range(concurrency))
            )
            result.seconds = time.perf_counter() - started
            if phase == "run":
                return result
    raise AssertionError("unreachable")
