"""What metrics, logs and tracing add to one served request, counted (not timed): Python calls
(cProfile) and instructions (callgrind) per request under each configuration of
benchmarks.ops_overhead; deterministic where requests per second on a shared machine are not.

    python -m benchmarks.ops_calls --db HUB_DB [--query Q1] [--instructions] [--top 25]

Each configuration is served by a real `hub serve` (1 worker, the same settings as
ops_overhead) whose process counts between two signals: SIGUSR1 starts, SIGUSR2 stops.

- Calls (default): the process profiles its main thread (the event loop) with cProfile while
  the load generator sends the query for `--duration` seconds; calls are divided by the
  requests answered meanwhile (calls of `hub.graphql_http._finish`, once a request). Prints
  each configuration's calls per request and the functions whose calls differ most from bare.
- `--instructions`: the process runs under valgrind's callgrind, the signals call
  `zlib.crc32` (counters zeroed) and `zlib.adler32` (counters written), around `--requests`
  requests sent one after another; all threads are counted (SQLite's work in aiosqlite's
  thread too), the kernel's work is not. `PYTHONHASHSEED=0`, and Python's `random` seeded.
  Two more configurations are counted there: tracing on with no request traced
  (`HUB_TRACE_SAMPLE_RATIO=0`) and with every request traced, from which the cost at the
  default share (one in a hundred) is worked out: a count of 200 requests of which a random
  one in a hundred is traced says more about the draw than about the hub.
"""

from __future__ import annotations

import argparse
import os
import pstats
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import scratch_root
from benchmarks.loadgen import drive
from benchmarks.ops_overhead import CONFIGURATIONS, served_copy
from benchmarks.queries import DOCUMENTS, variable_sets
from benchmarks.query_bench import bench_env
from benchmarks.server import hub_server

PROFILE_ENV = "HUB_BENCH_PROFILE"
MARKERS_ENV = "HUB_BENCH_MARKERS"
#: Runs the `hub` command in a process that counts between SIGUSR1 and SIGUSR2.
LAUNCH = "import benchmarks.ops_calls as c; c.counted_hub()"
CALLGRIND = (
    "valgrind",
    "--tool=callgrind",
    "--zero-before=zlib_crc32",
    "--dump-before=zlib_adler32",
    "--separate-threads=yes",
)
Key = tuple[str, int, str]
_TRACING = {**CONFIGURATIONS["metrics_and_tracing"]}
#: Counted with --instructions only: tracing on, no request traced and every request traced.
TRACING_BOUNDS = {
    "metrics_and_tracing_none": {**_TRACING, "HUB_TRACE_SAMPLE_RATIO": "0"},
    "metrics_and_tracing_every": {**_TRACING, "HUB_TRACE_SAMPLE_RATIO": "1.0"},
}
DEFAULT_SHARE = 0.01


def counted_hub() -> None:
    """The `hub` command, counted from SIGUSR1 to SIGUSR2: under callgrind with
    $HUB_BENCH_MARKERS set, else profiled into $HUB_BENCH_PROFILE."""
    if os.environ.get(MARKERS_ENV):
        import random
        import zlib

        random.seed(0)  # the same correlation ids and sampling draws every run

        signal.signal(signal.SIGUSR1, lambda *_: zlib.crc32(b"start"))
        signal.signal(signal.SIGUSR2, lambda *_: zlib.adler32(b"stop"))
    else:
        import cProfile

        profile = cProfile.Profile()
        out = os.environ[PROFILE_ENV]

        def stop(*_: object) -> None:
            profile.disable()
            profile.dump_stats(out)

        signal.signal(signal.SIGUSR1, lambda *_: profile.enable())
        signal.signal(signal.SIGUSR2, stop)
    from hub.cli import app

    app()


def _wait_for(path: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)  # let the writer finish


def profile_calls(env: dict[str, str], work: Path, name: str, load: dict[str, Any]) -> Counter[Key]:
    """Calls by function per request of one configuration, served under load."""
    out = work / f"profile-{name}.prof"
    out.unlink(missing_ok=True)
    env = {**env, PROFILE_ENV: str(out)}
    with hub_server(env, 1, work / f"serve-calls-{name}.log", launch=LAUNCH) as base:
        url = f"{base}/graphql"
        drive(url, **{**load, "duration": 2})  # warm: plans, pools
        os.kill(base.pid, signal.SIGUSR1)
        drive(url, **load, warmup=0.1)
        os.kill(base.pid, signal.SIGUSR2)
        _wait_for(out)
    stats = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
    calls: Counter[Key] = Counter({key: value[1] for key, value in stats.items()})
    requests = sum(
        n for (file, _, f), n in calls.items() if f == "_finish" and "graphql_http" in file
    )
    return Counter({key: n / requests for key, n in calls.items()})


def instructions(
    env: dict[str, str],
    work: Path,
    name: str,
    body: list[dict[str, Any]],
    headers: dict[str, str],
    requests: int,
) -> tuple[float, float]:
    """Instructions per request of one configuration (callgrind), requests one at a time: of
    every thread, and of the event loop's (the main thread, where metrics, logs and tracing
    run; aiosqlite's threads wake ten times a second while idle, so theirs grow with the
    seconds a count takes, which a loaded machine stretches)."""
    prefix = work / f"callgrind-{name}"
    for old in work.glob(f"callgrind-{name}.*"):
        old.unlink()
    under = (*CALLGRIND, f"--callgrind-out-file={prefix}.%p")
    env = {**env, MARKERS_ENV: "1", "PYTHONHASHSEED": "0"}
    with hub_server(env, 1, work / f"serve-instr-{name}.log", launch=LAUNCH, under=under) as base:
        with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
            for index in range(20):  # warm: plans, pools
                http.post("/graphql", json=body[index % len(body)]).raise_for_status()
            os.kill(base.pid, signal.SIGUSR1)
            http.get("/healthz")  # the signal's handler runs once the loop wakes
            for index in range(requests):
                http.post("/graphql", json=body[index % len(body)]).raise_for_status()
            os.kill(base.pid, signal.SIGUSR2)
            http.get("/healthz")
        dumps = sorted(work.glob(f"callgrind-{name}.{base.pid}.*"))
        deadline = time.monotonic() + 120
        while not dumps and time.monotonic() < deadline:
            time.sleep(0.5)
            dumps = sorted(work.glob(f"callgrind-{name}.{base.pid}.*"))
        time.sleep(1.0)
        dumps = sorted(work.glob(f"callgrind-{name}.{base.pid}.*"))
    by_thread = {dump.name.rsplit("-", 1)[-1]: _totals(dump) for dump in dumps}
    # and one /healthz: noise
    return sum(by_thread.values()) / requests, by_thread["01"] / requests


def _totals(dump: Path) -> int:
    for line in dump.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise RuntimeError(f"no totals in {dump}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="The SQLite file an import wrote.")
    parser.add_argument("--query", default="Q1", choices=sorted(DOCUMENTS))
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--instructions", action="store_true")
    parser.add_argument("--only", nargs="*", default=None, help="Configurations to count.")
    args = parser.parse_args()
    work = scratch_root() / "ops-calls"
    url, headers, fixture = served_copy(args.db, work)
    document = DOCUMENTS[args.query]
    sets = variable_sets(args.query, fixture)
    per_request: dict[str, Counter[Key]] = {}
    counted: dict[str, tuple[float, float]] = {}
    configurations = {**CONFIGURATIONS, **(TRACING_BOUNDS if args.instructions else {})}
    for config, extra in configurations.items():
        if args.only and config not in args.only:
            continue
        env = {**bench_env(url), **extra, "HUB_LOG_FILE": str(work / f"{config}.jsonl")}
        if args.instructions:
            bodies = [{"query": document, "variables": v} for v in sets] or [{"query": document}]
            counted[config] = instructions(env, work, config, bodies, headers, args.requests)
            every, loop = counted[config]
            print(
                f"{config}: {every / 1e6:.3f} M instructions per request, {loop / 1e6:.3f} M "
                "in the event loop's thread",
                flush=True,
            )
            continue
        load = {
            "headers": headers,
            "query": document,
            "variables": sets,
            "concurrency": 10,
            "duration": args.duration,
        }
        per_request[config] = profile_calls(env, work, config, load)
        print(f"{config}: {sum(per_request[config].values()):,.0f} calls per request", flush=True)
    if args.instructions:
        _instruction_summary(counted)
        return
    bare = per_request.get("bare", Counter())
    for config, found in per_request.items():
        if config == "bare":
            continue
        diff = sorted(set(found) | set(bare), key=lambda k: -abs(found[k] - bare[k]))
        print(f"\n{config} - bare, calls per request:")
        for k in diff[: args.top]:
            print(f"  {found[k] - bare[k]:+8.2f}  {k[2]}  {Path(k[0]).name}:{k[1]}")


def _instruction_summary(counted: dict[str, tuple[float, float]]) -> None:
    """Each configuration's event loop against bare's (its difference, and that against bare's
    instructions in every thread), and tracing's expected cost at the default share."""
    if "bare" not in counted:
        return
    bare_every, bare_loop = counted["bare"]
    loops = {config: loop for config, (_every, loop) in counted.items()}
    none, every = (loops.get(name) for name in TRACING_BOUNDS)
    if none is not None and every is not None:
        loops["metrics_and_tracing_default_expected"] = none + DEFAULT_SHARE * (every - none)
    print(f"\nagainst bare ({bare_every:,.0f} instructions, {bare_loop:,.0f} in the loop):")
    for config, loop in loops.items():
        if config != "bare":
            added = loop - bare_loop
            print(f"  {config}: {added:+,.0f} ({100 * added / bare_every:+.2f}%)")


if __name__ == "__main__":
    main()
