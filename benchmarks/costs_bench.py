"""Cost recovery benchmark (SQLite): price every statement of the generated COP26 operation.

    python -m benchmarks.costs_bench --scale small --out result.json
    python -m benchmarks.costs_bench --db var/demo.db      # a database `hub demo` imported

Without `--db`, the generated exports of `--scale` are imported through the adapters into a
scratch database first (untimed). Timed: `hub.costs.cost_report`, which reads the operation's
deployments and bookings, prices them, builds a statement per pair of forces and reconciles
them with the operation's deployments; the best and median of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks.common import exports_for, remove_sqlite, scratch_root, sqlite_url


async def _import(scale: str) -> Path:
    from hub.config import Settings
    from hub.demo.run import ingest_exports
    from hub.store import create_engine, upgrade

    path = scratch_root() / f"costs-{scale}.db"
    remove_sqlite(path)
    engine = create_engine(Settings(database_url=sqlite_url(path)))
    try:
        await upgrade(engine)
        await ingest_exports(engine, exports_for(scale))
    finally:
        await engine.dispose()
    return path


async def _price(path: Path, repeat: int) -> dict[str, Any]:
    from hub.config import Settings
    from hub.costs import cost_report, standard_rates
    from hub.demo.model import OPERATION_CODE
    from hub.store import create_engine

    standard_rates()  # read the rate files once, outside the timing
    engine = create_engine(Settings(database_url=sqlite_url(path)))
    seconds = []
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            report = await cost_report(engine, OPERATION_CODE)
            seconds.append(time.perf_counter() - started)
    finally:
        await engine.dispose()
    check = report.reconciliation
    return {
        "benchmark": "costs",
        "database": str(path),
        "statements": len(report.statements),
        "lines": sum(len(s.lines) for s in report.statements),
        "deployments_priced": check.priced,
        "own_force": check.own_force,
        "reconciled": check.ok,
        "grand_total": str(report.grand_total),
        "seconds_best": round(min(seconds), 3),
        "seconds_median": round(statistics.median(seconds), 3),
        "repeat": repeat,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="cop26", choices=["small", "cop26"])
    parser.add_argument("--db", type=Path, help="Price this SQLite database instead.")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="Write the result as JSON here.")
    args = parser.parse_args()
    path = args.db or asyncio.run(_import(args.scale))
    result = {"scale": None if args.db else args.scale, **asyncio.run(_price(path, args.repeat))}
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
