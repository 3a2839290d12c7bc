"""Peer benchmark: PostGraphile v5 serving the PostgreSQL database the hub's import wrote, with
the same load generator, concurrency and duration as the hub's query benchmark.

    python -m benchmarks.peer_bench --postgres-url postgresql://... --out result.json
        [--duration 10] [--repeat 1] [--processes 1 2]

Adds the schema `bench_peer` (benchmarks/node/bench_peer.sql) to the database for the run and
drops it afterwards; the hub's tables are read, never changed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx

from benchmarks.common import scratch_root
from benchmarks.loadgen import describe, load_runs
from benchmarks.peer_queries import DIFFERENCES, PEER_DOCUMENTS, peer_variable_sets
from benchmarks.queries import DESCRIPTIONS, Fixture, read_fixture
from benchmarks.rawdb import PostgresRaw
from benchmarks.server import NODE_DIR, postgraphile_server

PEER_SQL = NODE_DIR / "bench_peer.sql"
SQL_MARK = "# SQL QUERY:"  # how @dataplan/pg's debug output begins each statement


async def _execute(database_url: str, sql: str) -> None:
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def _package_version(name: str) -> str:
    manifest = NODE_DIR / "node_modules" / name / "package.json"
    version: str = json.loads(manifest.read_text())["version"]
    return version


def _single_requests(database_url: str, fixture: Fixture, work: Path) -> dict[str, dict[str, int]]:
    """One request of each query, after a warm-up request, on a PostGraphile that logs its SQL
    (@dataplan/pg's debug output): it must answer without errors; its SQL statements and the
    size of its response."""
    log = work / "postgraphile-sql.log"
    found = {}
    debug = {"DEBUG": "@dataplan/pg:PgExecutor", "DEBUG_COLORS": "false"}
    with (
        postgraphile_server(database_url, 1, log, debug) as base,
        httpx.Client(base_url=base, timeout=60) as http,
    ):
        for name, document in PEER_DOCUMENTS.items():
            sets = peer_variable_sets(name, fixture)
            body = {"query": document, "variables": sets[0] if sets else {}}
            http.post("/graphql", json=body)  # warm caches
            before = log.read_text(errors="replace").count(SQL_MARK)
            response = http.post("/graphql", json=body)
            if response.status_code != 200 or "errors" in response.json():
                raise RuntimeError(f"PostGraphile {name} failed: {response.text[:500]}")
            statements = log.read_text(errors="replace").count(SQL_MARK) - before
            found[name] = {"statements": statements, "response_bytes": len(response.content)}
    return found


def run(
    database_url: str, duration: float, concurrency: int, processes: list[int], repeat: int = 1
) -> dict[str, Any]:
    """Every figure of the peer benchmark on a PostgreSQL URL (postgresql://...)."""
    work = scratch_root() / "peer"
    work.mkdir(parents=True, exist_ok=True)
    db = PostgresRaw(database_url)
    try:
        fixture = read_fixture(db)
    finally:
        db.close()
    sets = {name: peer_variable_sets(name, fixture) for name in PEER_DOCUMENTS}
    runs: dict[str, dict[str, Any]] = {name: {} for name in PEER_DOCUMENTS}
    asyncio.run(_execute(database_url, PEER_SQL.read_text()))
    try:
        single = _single_requests(database_url, fixture, work)
        for count in processes:
            log = work / f"postgraphile-{count}.log"
            with postgraphile_server(database_url, count, log) as base:
                by_query = load_runs(
                    base,
                    {},
                    PEER_DOCUMENTS,
                    sets,
                    concurrency=concurrency,
                    duration=duration,
                    repeat=repeat,
                )
            for name, summary in by_query.items():
                runs[name][f"workers_{count}"] = summary
    finally:
        asyncio.run(_execute(database_url, "DROP SCHEMA IF EXISTS bench_peer CASCADE"))
    queries = {
        name: {
            "description": DESCRIPTIONS[name],
            "differs": DIFFERENCES[name],
            **single[name],
            **runs[name],
        }
        for name in PEER_DOCUMENTS
    }
    return {
        "peer": f"PostGraphile {_package_version('postgraphile')} (amber preset, Node.js "
        "cluster of N processes), no GraphiQL, no explain, no watch",
        "load_generator": describe(concurrency, duration),
        "duration_s": duration,
        "concurrency": concurrency,
        "repeat": repeat,
        "queries": queries,
    }


def ratios(hub: dict[str, Any], peer: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """The hub's requests per second as a fraction of the peer's, per query and worker count
    (hub workers against as many PostGraphile processes)."""
    found: dict[str, dict[str, float | None]] = {}
    for name, query in peer["queries"].items():
        hub_query = hub["queries"].get(name, {})
        found[name] = {}
        for key, run in query.items():
            if not key.startswith("workers_") or key not in hub_query:
                continue
            peer_rps = run["rps"]
            found[name][key] = round(hub_query[key]["rps"] / peer_rps, 3) if peer_rps else None
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres-url", required=True, help="postgresql://... an import wrote.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    result = run(args.postgres_url, args.duration, args.concurrency, args.processes, args.repeat)
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
