"""`make bench`: the import and query benchmarks, and PostGraphile v5 on the same PostgreSQL
database; writes benchmarks/results/latest.{json,md} (and a copy named after the scale, e.g.
small.json, so scales can be compared).

The import's SQLite database is then priced by the cost recovery benchmark (every statement of
the operation, goal under 10 s at COP26 scale), and asked the capacity queries one at a time
(`benchmarks.capacity_bench`, goal under 200 ms), as is the PostgreSQL import when there is one.

    python -m benchmarks.run [--scale small|cop26] [--duration 10] [--repeat 3] [--skip-queries]

Generated data and databases go to $BENCH_SCRATCH (default /tmp/hub-bench).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS, machine, scratch_root
from benchmarks.peer_bench import ratios
from benchmarks.pg_import_bench import reachable
from benchmarks.report import markdown

NOT_MEASURED: list[str] = []
#: Runs of each configuration in the overhead benchmark, whatever --repeat says: the overheads
#: it weighs (a few percent of Q1) are smaller than one run's noise, so it takes the best of 3.
OVERHEAD_REPEAT = 3


def _step(module: str, out: Path, *args: str) -> dict[str, Any]:
    """Run one benchmark in its own process (so its peak memory is its own); its JSON."""
    subprocess.run([sys.executable, "-m", module, "--out", str(out), *args], check=True)
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def _queries(results: dict[str, Any], work: Path, options: list[str]) -> None:
    """The query benchmarks: SQLite, then (if imported) PostgreSQL and PostGraphile on it."""
    print("query benchmark …", flush=True)
    db = ["--db", results["import"]["hub_db"]]
    results["queries"] = _step("benchmarks.query_bench", work / "queries.json", *db, *options)
    print("overhead of metrics, logs and tracing (Q1, Q2) …", flush=True)
    overhead = [*options[:-1], str(max(OVERHEAD_REPEAT, int(options[-1])))]
    results["ops_overhead"] = _step("benchmarks.ops_overhead", work / "ops.json", *db, *overhead)
    if "postgresql_import" not in results:
        results["not_measured"].append("PostGraphile v5 side by side (needs PostgreSQL)")
        return
    print("PostgreSQL query benchmark …", flush=True)
    url = ["--postgres-url", results["postgresql_import"]["hub_url"]]
    hub = _step("benchmarks.query_bench", work / "pg-queries.json", *url, *options)
    results["postgresql_queries"] = hub
    print("PostGraphile on the same database …", flush=True)
    peer = _step("benchmarks.peer_bench", work / "peer.json", *url, *options)
    peer["hub_over_peer"] = ratios(hub, peer)
    results["peer_postgraphile"] = peer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["small", "cop26"], default="cop26")
    parser.add_argument("--duration", type=float, default=10.0, help="Seconds per query run.")
    parser.add_argument(
        "--repeat", type=int, default=1, help="Runs per query: median rps and the spread."
    )
    parser.add_argument("--skip-queries", action="store_true")
    parser.add_argument("--no-postgres", action="store_true", help="Skip PostgreSQL runs.")
    args = parser.parse_args()
    work = scratch_root()
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "machine": machine(),
        "not_measured": list(NOT_MEASURED),
    }
    print(f"import benchmark ({args.scale}) …", flush=True)
    results["import"] = _step(
        "benchmarks.import_bench", work / "import.json", "--scale", args.scale
    )
    if not args.no_postgres and asyncio.run(reachable()):
        print(f"PostgreSQL import benchmark ({args.scale}) …", flush=True)
        results["postgresql_import"] = _step(
            "benchmarks.pg_import_bench", work / "pg-import.json", "--scale", args.scale
        )
    else:
        results["not_measured"].append("PostgreSQL (not reachable, or --no-postgres)")
    print(f"hub demo from nothing ({args.scale}) …", flush=True)
    results["demo"] = _step("benchmarks.demo_bench", work / "demo.json", "--scale", args.scale)
    print("cost recovery benchmark …", flush=True)
    db = ["--db", results["import"]["hub_db"]]
    results["costs"] = _step("benchmarks.costs_bench", work / "costs.json", *db)
    print("capacity benchmark …", flush=True)
    results["capacity"] = _step("benchmarks.capacity_bench", work / "capacity.json", *db)
    if "postgresql_import" in results:
        url = ["--postgres-url", results["postgresql_import"]["hub_url"]]
        results["postgresql_capacity"] = _step(
            "benchmarks.capacity_bench", work / "pg-capacity.json", *url
        )
    if args.skip_queries:
        results["not_measured"].append("queries (--skip-queries)")
    else:
        _queries(results, work, ["--duration", str(args.duration), "--repeat", str(args.repeat)])
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name in ("latest", args.scale):  # the scale's own copy, for side-by-side comparison
        (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
        (RESULTS / f"{name}.md").write_text(markdown(results))
    print((RESULTS / "latest.md").read_text())


if __name__ == "__main__":
    main()
