"""The load generator: autocannon (Node.js, benchmarks/node/drive.mjs) driven from Python.

Closed loop: `concurrency` keep-alive connections, each sending its next request as soon as the
previous one is answered, for a warm-up (discarded) and then `duration` seconds. Needs
`npm ci --prefix benchmarks/node` (`make bench` runs it).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import REPO_ROOT

NODE_DIR = REPO_ROOT / "benchmarks" / "node"
SUMMARY_KEYS = (
    "requests",
    "errors",
    "first_error",
    "rps",
    "p50_ms",
    "p90_ms",
    "p99_ms",
    "p999_ms",
    "max_ms",
    "mean_ms",
)


def describe(concurrency: int, duration: float, warmup: float = 1.0) -> str:
    """The load generator, in words, for the results."""
    return (
        f"autocannon 9 (Node.js), {concurrency} keep-alive connections in a closed loop, "
        f"{duration:g} s per query after {warmup:g} s warm-up (the answers in flight at the end "
        "awaited and counted), on the same machine as the server"
    )


def node() -> str:
    """The `node` executable, once benchmarks/node has its packages."""
    executable = shutil.which("node")
    if executable is None:
        raise RuntimeError("the load generator needs Node.js (node) on PATH")
    if not (NODE_DIR / "node_modules" / "autocannon").is_dir():
        raise RuntimeError(
            "benchmarks/node is not installed: run `npm ci --prefix benchmarks/node`"
        )
    return executable


def drive(
    url: str,
    headers: dict[str, str],
    query: str,
    variables: list[dict[str, Any]],
    *,
    concurrency: int,
    duration: float,
    warmup: float = 1.0,
    seed: int = 0,
) -> dict[str, Any]:
    """POST `query` to `url` (…/graphql) under load, each request with one of `variables`
    (picked at random, seeded; none if empty); requests, errors, first_error, rps, the
    latency's p50, p90, p99, p99.9 and maximum (ms) and mean_ms of the run after the warm-up."""
    spec = {
        "url": url,
        "headers": headers,
        "query": query,
        "variables": variables,
        "connections": concurrency,
        "duration": duration,
        "warmup": warmup,
        "timeout": 60,
        "seed": seed,
    }
    with tempfile.TemporaryDirectory(prefix="hub-loadgen-") as work:
        spec_file = Path(work) / "spec.json"
        spec_file.write_text(json.dumps(spec))
        completed = subprocess.run(
            [node(), str(NODE_DIR / "drive.mjs"), str(spec_file)],
            cwd=NODE_DIR,
            capture_output=True,
            text=True,
            timeout=warmup + duration + 300,  # each drain may wait for a slow answer
        )
    if completed.returncode != 0:
        raise RuntimeError(f"the load generator failed: {completed.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(completed.stdout)
    return {key: result[key] for key in SUMMARY_KEYS}


def server_cpu_ms(seconds: float, summary: dict[str, Any], duration: float) -> float | None:
    """The server's CPU milliseconds per request over a run: its CPU time over the warm-up and
    the run, divided by the requests of both (the warm-up's estimated at the run's rate)."""
    served = float(summary["rps"]) * (duration + 1.0)  # drive's default warm-up: 1 s
    return round(1000 * seconds / served, 3) if served else None


def combine(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Repeated runs of one query as one: the figures of the median run by requests per second
    (the lower middle one for an even count), errors over all runs, and the spread of rps."""
    ordered = sorted(runs, key=lambda run: float(run["rps"]))
    median = ordered[(len(ordered) - 1) // 2]
    return {
        **median,
        "errors": sum(run["errors"] for run in runs),
        "first_error": next((run["first_error"] for run in runs if run["first_error"]), None),
        "repeats": len(runs),
        "rps_min": ordered[0]["rps"],
        "rps_max": ordered[-1]["rps"],
        "rps_runs": [run["rps"] for run in runs],
    }


def load_runs(
    base_url: str,
    headers: dict[str, str],
    documents: dict[str, str],
    variable_sets: dict[str, list[dict[str, Any]]],
    *,
    concurrency: int,
    duration: float,
    repeat: int = 1,
) -> dict[str, dict[str, Any]]:
    """Each document under load against `base_url`/graphql, the whole sweep `repeat` times
    (interleaved, so that a passing disturbance spreads over the queries); combined per query."""
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in documents}
    cpu: Callable[[], float] | None = getattr(base_url, "cpu_seconds", None)
    for attempt in range(repeat):
        for name, document in documents.items():
            before = cpu() if cpu is not None else 0.0
            summary = drive(
                f"{base_url}/graphql",
                headers,
                document,
                variable_sets[name],
                concurrency=concurrency,
                duration=duration,
                seed=attempt,
            )
            if cpu is not None:
                summary["server_cpu_ms"] = server_cpu_ms(cpu() - before, summary, duration)
            runs[name].append(summary)
    return {name: combine(found) for name, found in runs.items()}
