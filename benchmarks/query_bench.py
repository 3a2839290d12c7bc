"""Query benchmark (SQLite or PostgreSQL): Q1-Q5 against `hub serve` with 1 and 2 workers,
SQL statements per request, and the raw-SQL floor of each query.

    python -m benchmarks.query_bench --db HUB_DB --out result.json [--duration 10] [--repeat 3]
    python -m benchmarks.query_bench --postgres-url postgresql://... --out result.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.common import remove_sqlite, scratch_root, sqlite_url
from benchmarks.loadgen import describe, load_runs
from benchmarks.queries import (
    DESCRIPTIONS,
    DOCUMENTS,
    FLOORS,
    Fixture,
    read_fixture,
    variable_sets,
    variables,
)
from benchmarks.rawdb import PostgresRaw, RawDB, SQLiteRaw
from benchmarks.server import hub_server
from benchmarks.statements import count_driver_statements

PURPOSE = "BENCHMARK: load test of the hub"
HIGH = str(10**9)


def bench_env(database_url: str) -> dict[str, str]:
    """Settings for the bench server: limits high enough never to refuse the benchmark."""
    env = {"HUB_DATABASE_URL": database_url, "HUB_MAX_COST": HIGH, "HUB_GRAPHIQL": "false"}
    for role in ("coordinator", "partner", "ingest", "stakeholder"):
        env[f"HUB_RATE_LIMIT_{role.upper()}"] = HIGH
    return env


async def _coordinator_key(database_url: str) -> str:
    from hub.config import Settings
    from hub.security.keys import create_api_key
    from hub.store import create_engine

    engine = create_engine(Settings(database_url=database_url))
    try:
        return await create_api_key(engine, role="coordinator", name="benchmark")
    finally:
        await engine.dispose()


async def _count_statements(
    database_url: str, headers: dict[str, str], fixture: Fixture
) -> dict[str, dict[str, int]]:
    """SQL statements per request of each query, in process (reads and security engines), and
    the size of its response."""
    import httpx

    from hub.app import create_app
    from hub.config import Settings

    overrides = {k.removeprefix("HUB_").lower(): v for k, v in bench_env(database_url).items()}
    app = create_app(Settings.model_validate(overrides))
    counts: dict[str, dict[str, int]] = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            for name, document in DOCUMENTS.items():
                body = {"query": document, "variables": variables(name, fixture, random.Random(0))}
                await http.post("/graphql", json=body, headers=headers)  # warm caches
                async with (
                    count_driver_statements(app.state.engine) as reads,
                    count_driver_statements(app.state.security_engine) as security,
                ):
                    response = await http.post("/graphql", json=body, headers=headers)
                if response.status_code != 200 or "errors" in response.json():
                    raise RuntimeError(f"{name} failed: {response.text[:500]}")
                counts[name] = {
                    "reads": len(reads),
                    "security": len(security),
                    "total": len(reads) + len(security),
                    "response_bytes": len(response.content),
                    # Which path answered (compiled: one statement building the JSON).
                    "path": response.headers.get("x-hub-plan", "?"),
                }
    return counts


def _floors(raw: Callable[[], RawDB], fixture: Fixture, repeats: int = 30) -> dict[str, float]:
    """Median milliseconds of each query's raw SQL on one connection (after warm-up)."""
    floors: dict[str, float] = {}
    db = raw()
    try:
        for name, floor in FLOORS.items():
            rng = random.Random(0)
            for _ in range(3):
                floor(db, fixture, rng)
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                floor(db, fixture, rng)
                times.append(time.perf_counter() - started)
            floors[name] = round(1000 * statistics.median(times), 3)
    finally:
        db.close()
    return floors


def _sqlite_copy(source_db: Path, work: Path) -> Path:
    """A copy of the imported database, so the benchmark's key never lands in the original."""
    path = work / "hub.db"
    remove_sqlite(path)
    with sqlite3.connect(source_db) as source:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(source_db, path)
    return path


def run(
    database: Path | str,
    duration: float,
    concurrency: int,
    workers: list[int],
    repeat: int = 1,
) -> dict[str, Any]:
    """Every figure of the query benchmark, on a copy of a SQLite file or on a PostgreSQL URL
    (postgresql://...)."""
    work = scratch_root() / "query"
    work.mkdir(parents=True, exist_ok=True)
    raw: Callable[[], RawDB]
    if isinstance(database, str):
        url = database.replace("postgresql://", "postgresql+asyncpg://", 1)
        raw = partial(PostgresRaw, database)
        kind = "postgresql"
    else:
        path = _sqlite_copy(database, work)
        url = sqlite_url(path)
        raw = partial(SQLiteRaw, path)
        kind = "sqlite"
    key = asyncio.run(_coordinator_key(url))
    headers = {"authorization": f"Bearer {key}", "x-purpose": PURPOSE}
    db = raw()
    try:
        fixture = read_fixture(db)
    finally:
        db.close()
    statements = asyncio.run(_count_statements(url, headers, fixture))
    floors = _floors(raw, fixture)
    sets = {name: variable_sets(name, fixture) for name in DOCUMENTS}
    runs: dict[str, dict[str, Any]] = {name: {} for name in DOCUMENTS}
    for count in workers:
        with hub_server(bench_env(url), count, work / f"serve-{kind}-{count}.log") as base:
            by_query = load_runs(
                base,
                headers,
                DOCUMENTS,
                sets,
                concurrency=concurrency,
                duration=duration,
                repeat=repeat,
            )
        for name, summary in by_query.items():
            runs[name][f"workers_{count}"] = summary
    queries = {}
    for name in DOCUMENTS:
        by_workers = runs[name]
        p50 = by_workers[f"workers_{workers[0]}"]["p50_ms"]
        queries[name] = {
            "description": DESCRIPTIONS[name],
            "statements": {k: v for k, v in statements[name].items() if k != "response_bytes"},
            "response_bytes": statements[name]["response_bytes"],
            "floor_ms": floors[name],
            "p50_over_floor": round(p50 / floors[name], 1) if floors[name] else None,
            **by_workers,
        }
    return {
        "database": kind,
        "load_generator": describe(concurrency, duration),
        "duration_s": duration,
        "concurrency": concurrency,
        "repeat": repeat,
        "fixture": {"force": fixture.force, "capability": fixture.capability},
        "queries": queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", type=Path, help="The SQLite file an import wrote (copied first).")
    where.add_argument("--postgres-url", help="postgresql://... of a database an import wrote.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--repeat", type=int, default=1, help="Runs per query; the median and the spread."
    )
    args = parser.parse_args()
    database = args.db if args.db is not None else args.postgres_url
    result = run(database, args.duration, args.concurrency, args.workers, args.repeat)
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
