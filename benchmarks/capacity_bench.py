"""Capacity benchmark: the capacity queries at concurrency 1, over GraphQL HTTP (in process).

    python -m benchmarks.capacity_bench --scale small --out result.json
    python -m benchmarks.capacity_bench --db /tmp/hub-bench/hub-cop26.db
    python -m benchmarks.capacity_bench --postgres-url postgresql+asyncpg://...

Without `--db` or `--postgres-url`, the generated exports of `--scale` are imported through the
adapters into a scratch SQLite database first (untimed). Timed: one request after another (no
concurrency) through the hub's ASGI app with a coordinator key, `--repeat` times each, after
two untimed warm-up requests: "which forces can send 2 PSUs of public order level 2 from 4 to
7 November 2021, nearest first" (`capacityProviders`, goal under 200 ms), the daily capacity of
that capability per force over the event, and the national picture of every capability over the
event. Latencies are from the request to the parsed response; no network or server in between.
`cpu_ms_median` is this process's CPU time per request (the hub, and SQLite, which runs in it;
not PostgreSQL's server): on a machine shared with other work it moves far less than latency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks.common import exports_for, remove_sqlite, scratch_root, sqlite_url

GOAL_MS = 200.0
PROVIDERS = """query Providers {
  capacityProviders(input: {requestingForce: "police-scotland", capability: "PUBLIC_ORDER_L2",
      startsOn: "2021-11-04", endsOn: "2021-11-07", quantity: 2, unit: "PSU"}) {
    force { code name } distanceKm officersAvailable unitsAvailable establishment shareAway
  }
}"""
DAILY = """query Daily {
  capacity(capability: "PUBLIC_ORDER_L2", startsOn: "2021-10-31", endsOn: "2021-11-13") {
    day force { code } capable busy pending available
  }
}"""
NATIONAL = """query Picture {
  nationalPicture(startsOn: "2021-10-31", endsOn: "2021-11-13") {
    capability { code } day capable available requested committed onDuty headroom
  }
}"""
DOCUMENTS = {"capacityProviders": PROVIDERS, "capacity": DAILY, "nationalPicture": NATIONAL}
DESCRIPTIONS = {
    "capacityProviders": "forces able to send 2 PSUs of PO level 2, 4-7 Nov, nearest first",
    "capacity": "PO level 2 officers free per force and day, 31 Oct-13 Nov",
    "nationalPicture": "capacity against committed demand, every capability and day of the event",
}


class QueryFailed(RuntimeError):
    """A capacity query answered with an error (the response's text)."""


async def _import(scale: str) -> str:
    from hub.config import Settings
    from hub.demo.run import ingest_exports
    from hub.store import create_engine, upgrade

    path = scratch_root() / f"capacity-{scale}.db"
    remove_sqlite(path)
    engine = create_engine(Settings(database_url=sqlite_url(path)))
    try:
        await upgrade(engine)
        await ingest_exports(engine, exports_for(scale))
    finally:
        await engine.dispose()
    return sqlite_url(path)


async def _measure(url: str, repeat: int) -> dict[str, Any]:
    import httpx

    from hub.app import create_app
    from hub.config import Settings
    from hub.security.keys import create_api_key

    settings = Settings(database_url=url, rate_limit_coordinator=1_000_000)
    app = create_app(settings)
    results: dict[str, Any] = {}
    async with app.router.lifespan_context(app):
        key = await create_api_key(app.state.engine, role="coordinator", name="capacity bench")
        headers = {"authorization": f"Bearer {key}"}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
            for name, document in DOCUMENTS.items():
                try:
                    results[name] = await _time(client, headers, document, repeat)
                except QueryFailed as failure:  # e.g. over the operation timeout: say so
                    results[name] = {"error": str(failure), "rows": 0, "repeat": repeat}
                    results[name].update(ms_median=None, ms_p95=None, ms_max=None)
                    results[name]["cpu_ms_median"] = None
                results[name]["description"] = DESCRIPTIONS[name]
    return results


async def _time(client: Any, headers: dict[str, str], document: str, repeat: int) -> dict[str, Any]:
    async def once() -> tuple[float, float, Any]:
        started, cpu = time.perf_counter(), time.process_time()
        response = await client.post("/graphql", json={"query": document}, headers=headers)
        body = response.json()
        elapsed = (time.perf_counter() - started) * 1000
        used = (time.process_time() - cpu) * 1000
        if response.status_code != 200 or "errors" in body:
            raise QueryFailed(response.text[:500])
        return elapsed, used, body["data"]

    for _ in range(2):
        await once()
    times, cpus, data = [], [], None
    for _ in range(repeat):
        elapsed, used, data = await once()
        times.append(elapsed)
        cpus.append(used)
    times.sort()
    rows = next(iter(data.values())) if data else []
    return {
        "rows": len(rows),
        "ms_median": round(statistics.median(times), 1),
        "ms_p95": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "ms_max": round(times[-1], 1),
        "cpu_ms_median": round(statistics.median(cpus), 1),
        "repeat": repeat,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="cop26", choices=["small", "cop26"])
    parser.add_argument("--db", type=Path, help="Query this SQLite database instead.")
    parser.add_argument("--postgres-url", help="Query this PostgreSQL database instead.")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--out", type=Path, help="Write the result as JSON here.")
    args = parser.parse_args()
    scratch_root()  # the benchmarks' id key
    if args.postgres_url:
        # The PostgreSQL import benchmark names its database as asyncpg does (postgresql://).
        url = re.sub(r"^postgres(?:ql)?://", "postgresql+asyncpg://", args.postgres_url)
    elif args.db:
        url = sqlite_url(args.db)
    else:
        url = asyncio.run(_import(args.scale))
    queries = asyncio.run(_measure(url, args.repeat))
    providers = queries["capacityProviders"]
    result = {
        "benchmark": "capacity",
        "database": "postgresql" if url.startswith("postgresql") else "sqlite",
        "scale": None if (args.db or args.postgres_url) else args.scale,
        "goal_ms": GOAL_MS,
        "meets_goal": providers["ms_median"] is not None and providers["ms_median"] < GOAL_MS,
        "queries": queries,
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
