"""`hub demo --no-serve` from nothing, as `make demo` runs it on a fresh clone: how long until
the demo is ready, and the peak memory of the demo's whole process tree (issue #13's goals: under
60 s and 250 MB at COP26 scale on 2 CPUs).

The demo runs in a scratch folder of its own, so its exports are generated afresh and its
database is new. Memory is the sum of the memory of the demo and every process it has
started (proportional set sizes, so that pages they share count once), read from /proc every
50 ms (Linux); the largest single process's resident set is given beside it (`ru_maxrss` of the
children). The result names the processes alive at the peak with their share, and each
process's own peak with when it was first and last seen; `--trace` writes every sample.

    python -m benchmarks.demo_bench --scale cop26 --out demo.json [--trace trace.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import scratch_root

GOAL_SECONDS = 60.0
GOAL_MB = 250.0


def _children() -> dict[int, list[int]]:
    """Each process's children, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _pss_kb(pid: int) -> int:
    """A process's proportional set size: its private memory plus its share of what it shares
    with others (a forked child's pages, the interpreter's libraries), so that a sum over
    processes counts each page once."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _tree_kb(root: int) -> dict[int, int]:
    """Memory of `root` and each of its descendants (proportional set sizes), in kB."""
    tree, pending, sizes = _children(), [root], {}
    while pending:
        pid = pending.pop()
        pending += tree.get(pid, [])
        sizes[pid] = _pss_kb(pid)
    return sizes


ROLES = (  # what each process of the demo is, from its command line
    ("write_demo", "generator"),
    ("hub.adapters.sources", "reader"),
    ("print_costs", "costs"),
    (" demo ", "demo"),
)


def _role(pid: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"
    for marker, role in ROLES:
        if marker in command:
            return role
    return Path(command.split(" ", 1)[0]).name or "?"


def run(scale: str) -> dict[str, object]:
    folder = scratch_root() / f"demo-{scale}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "HUB_DATABASE_URL"}
    hub = Path(sys.executable).with_name("hub")
    command = [str(hub), "demo", "--scale", scale, "--no-serve"]
    started = time.perf_counter()
    peak, at_peak, trace = 0, {}, []
    roles: dict[int, str] = {}
    with (folder / "demo.log").open("w") as log:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=log)
        while process.poll() is None:
            sizes = _tree_kb(process.pid)
            for pid in sizes.keys() - roles.keys():
                roles[pid] = _role(pid)
            named = {f"{roles[pid]} {pid}": kb // 1024 for pid, kb in sizes.items() if kb}
            trace.append((round(time.perf_counter() - started, 2), named))
            if sum(sizes.values()) > peak:
                peak, at_peak = sum(sizes.values()), named
            time.sleep(0.05)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"hub demo failed ({process.returncode}): see {folder / 'demo.log'}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "scale": scale,
        "seconds": round(seconds, 1),
        "peak_tree_mb": round(peak / 1024, 1),
        "at_peak_mb": at_peak,
        "process_peaks_mb": _peaks(trace),
        "largest_process_rss_mb": round(largest, 1),
        "goal_seconds": GOAL_SECONDS,
        "goal_mb": GOAL_MB,
        "log": str(folder / "demo.log"),
        "trace": trace,
    }


def _peaks(trace: list[tuple[float, dict[str, int]]]) -> dict[str, list[float]]:
    """Each process's largest PSS (MB), and when (seconds from the start) it was first seen and
    last seen: which processes' peaks overlap."""
    peaks: dict[str, list[float]] = {}
    for at, named in trace:
        for name, mb in named.items():
            peak = peaks.setdefault(name, [0, at, at])
            peak[0], peak[2] = max(peak[0], mb), at
    return peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["small", "cop26"], default="cop26")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--trace", type=Path, help="Write each process's PSS over time here.")
    args = parser.parse_args()
    result = run(args.scale)
    trace = result.pop("trace")
    if args.trace:
        args.trace.write_text(json.dumps(trace) + "\n")
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
