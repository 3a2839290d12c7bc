"""The cost of operations' instruments on Q1 and Q2: `hub serve` (1 worker) on the same
database without them, with metrics and JSON request logs, and with tracing as well (every
request, and one in ten); metrics alone, and with tracing at its default share (one in a
hundred) and request logs at WARNING; requests per second of each and the overhead against
the bare hub (goal: under 5%).

Tracing runs without an exporter (spans made, then dropped): an OTLP exporter sends from a
thread of its own in batches, and there is no collector on this machine to send to.

    python -m benchmarks.ops_overhead --db HUB_DB --out result.json [--duration 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
from pathlib import Path
from typing import Any

from benchmarks.common import scratch_root, sqlite_url
from benchmarks.loadgen import load_runs
from benchmarks.queries import DOCUMENTS, Fixture, read_fixture, variable_sets
from benchmarks.query_bench import PURPOSE, _coordinator_key, _sqlite_copy, bench_env
from benchmarks.rawdb import SQLiteRaw
from benchmarks.server import hub_server

QUERIES = ("Q1", "Q2")
_METRICS = {"HUB_METRICS_TOKEN": "benchmark-metrics-token"}
CONFIGURATIONS: dict[str, dict[str, str]] = {
    "bare": {"HUB_LOG_LEVEL": "WARNING"},
    "metrics": {**_METRICS, "HUB_LOG_LEVEL": "WARNING"},
    # tracing on at its default share (HUB_TRACE_SAMPLE_RATIO, one in a hundred)
    "metrics_and_tracing": {**_METRICS, "HUB_LOG_LEVEL": "WARNING", "HUB_TRACING": "true"},
    "metrics_and_logs": {**_METRICS, "HUB_LOG_LEVEL": "INFO"},
    "metrics_logs_and_tracing": {
        **_METRICS,
        "HUB_LOG_LEVEL": "INFO",
        "HUB_TRACING": "true",
        "HUB_TRACE_SAMPLE_RATIO": "1.0",
    },
    "metrics_logs_and_tracing_1_in_10": {
        **_METRICS,
        "HUB_LOG_LEVEL": "INFO",
        "HUB_TRACING": "true",
        "HUB_TRACE_SAMPLE_RATIO": "0.1",
    },
}


def served_copy(database: Path, work: Path) -> tuple[str, dict[str, str], Fixture]:
    """A copy of the database in `work` to serve: its URL, a coordinator's request headers,
    and the keys the queries' variables are drawn from."""
    work.mkdir(parents=True, exist_ok=True)
    path = _sqlite_copy(database, work)
    url = sqlite_url(path)
    key = asyncio.run(_coordinator_key(url))
    headers = {"authorization": f"Bearer {key}", "x-purpose": PURPOSE}
    db = SQLiteRaw(path)
    try:
        return url, headers, read_fixture(db)
    finally:
        db.close()


def run(database: Path, duration: float, concurrency: int, repeat: int) -> dict[str, Any]:
    """Requests per second of Q1 and Q2 under each configuration, and the overheads."""
    work = scratch_root() / "ops"
    url, headers, fixture = served_copy(database, work)
    documents = {name: DOCUMENTS[name] for name in QUERIES}
    sets = {name: variable_sets(name, fixture) for name in QUERIES}
    rps: dict[str, dict[str, float]] = {name: {} for name in QUERIES}
    cpu: dict[str, dict[str, float]] = {name: {} for name in QUERIES}
    # Each round serves every configuration once, so a passing disturbance spreads over all.
    for attempt in range(repeat):
        for config, extra in random.Random(attempt).sample(
            list(CONFIGURATIONS.items()), len(CONFIGURATIONS)
        ):
            env = {**bench_env(url), **extra, "HUB_LOG_FILE": str(work / f"{config}.jsonl")}
            with hub_server(env, 1, work / f"serve-{config}.log") as base:
                runs = load_runs(
                    base, headers, documents, sets, concurrency=concurrency, duration=duration
                )
            for name, summary in runs.items():
                if summary["errors"]:
                    raise RuntimeError(f"{name} under {config}: {summary['first_error']}")
                best = rps[name].get(config, 0.0)
                rps[name][config] = max(best, float(summary["rps"]))
                least = cpu[name].get(config, float("inf"))
                cpu[name][config] = min(least, float(summary["server_cpu_ms"]))
    return {
        "duration_s": duration,
        "concurrency": concurrency,
        "repeat": repeat,
        "rps_best_of_repeats": {
            name: {config: by_config[config] for config in CONFIGURATIONS}
            for name, by_config in rps.items()
        },
        "server_cpu_ms_per_request_least_of_repeats": {
            name: {config: by_config[config] for config in CONFIGURATIONS}
            for name, by_config in cpu.items()
        },
        "cpu_overhead_percent": {
            name: {
                config: round(100 * (by_config[config] / by_config["bare"] - 1), 1)
                for config in CONFIGURATIONS
                if config != "bare"
            }
            for name, by_config in cpu.items()
        },
        "overhead_percent": {
            name: {
                config: round(100 * (1 - by_config[config] / by_config["bare"]), 1)
                for config in CONFIGURATIONS
                if config != "bare"
            }
            for name, by_config in rps.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="The SQLite file an import wrote.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    result = run(args.db, args.duration, args.concurrency, args.repeat)
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
