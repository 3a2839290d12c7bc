"""How long a word on a cost statement keeps other writers of a SQLite database waiting.

    python -m benchmarks.agreement_bench --db /tmp/hub-bench/import-cop26/hub.db --repeat 5

Gives the word of `--to` on `--from`'s statement of COP26 (`hub costs agree`, run in this
process) `--repeat` times on a copy of the database, while another process keeps asking for
SQLite's writer lock (`BEGIN IMMEDIATE`, then `ROLLBACK`, or with `--commits` a row of its own
committed, every 5 ms). Per word: its wall
time, how long its write transaction held the lock (from the transaction's first write to its
commit, seen by the engine's events), and the longest the other process waited for the lock
(SQLite's busy handler sleeps up to 100 ms between tries, so this is up to 100 ms too long).
It runs whatever `hub` Python imports, so `PYTHONPATH=<an older tree>` measures older code.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import sqlite3
import statistics
import time
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from benchmarks.common import scratch_root, sqlite_url

LOCK = ("UPDATE cost_agreement SET id = id", "UPDATE mutual_aid_request SET id = id")


def _probe(path: str, commits: bool, stop: Event, out: Connection) -> None:
    """Ask for the writer lock until `stop`; send each wait (start time, seconds). With
    `commits`, write a row of a table of its own each time and commit it."""
    database = sqlite3.connect(path, timeout=120, isolation_level=None)
    database.execute("CREATE TABLE IF NOT EXISTS bench_probe (at REAL)")
    waits: list[tuple[float, float]] = []
    while not stop.is_set():
        asked = time.time()
        database.execute("BEGIN IMMEDIATE")
        waits.append((asked, time.time() - asked))
        if commits:
            database.execute("INSERT INTO bench_probe VALUES (?)", (asked,))
        database.execute("COMMIT" if commits else "ROLLBACK")
        time.sleep(0.005)
    out.send(waits)


def _watch_holds() -> list[list[float]]:
    """Every engine's write transactions: [time of the lock statement, time of the commit]."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    holds: list[list[float]] = []

    def statement(_conn: Any, _cursor: Any, text: str, *_: Any) -> None:
        if text.startswith(LOCK):
            holds.append([time.time()])

    def commit(_conn: Any) -> None:
        if holds and len(holds[-1]) == 1:
            holds[-1].append(time.time())

    event.listen(Engine, "before_cursor_execute", statement)
    event.listen(Engine, "commit", commit)
    return holds


def run(db: Path, provider: str, requester: str, repeat: int, commits: bool) -> dict[str, Any]:
    import os

    import typer

    from hub.costs import standard_rates
    from hub.costs.agreement import AgreementStatus
    from hub.costs.cli import _record

    copy = scratch_root() / "agreement-bench.db"
    shutil.copyfile(db, copy)
    os.environ["HUB_DATABASE_URL"] = sqlite_url(copy)
    standard_rates()  # the rate files read once, outside the timing
    holds = _watch_holds()
    stop = multiprocessing.Event()
    receive, send = multiprocessing.Pipe(duplex=False)
    prober = multiprocessing.Process(target=_probe, args=(str(copy), commits, stop, send))
    prober.start()
    words = []
    refused = 0
    try:
        time.sleep(0.5)
        for _ in range(repeat):
            started = time.time()
            try:
                _record(AgreementStatus.AGREED, "COP26", provider, requester, "bench", "bench")
            except typer.Exit:  # refused (STATEMENT_CHANGING), said on stderr
                refused += 1
            words.append((started, time.time()))
            time.sleep(0.5)
    finally:
        stop.set()
        waits = receive.recv()
        prober.join()
    runs: list[dict[str, Any]] = []
    for started, ended in words:
        held = [end - begin for begin, end in (h for h in holds if len(h) == 2) if begin >= started]
        waited = [w for asked, w in waits if started <= asked <= ended]
        runs.append(
            {
                "word_s": round(ended - started, 3),
                "lock_held_s": round(held[0], 4) if held else None,
                "longest_wait_s": round(max(waited, default=0.0), 4),
            }
        )
    held = [r["lock_held_s"] for r in runs if r["lock_held_s"] is not None] or [0.0]
    return {
        "benchmark": "agreement",
        "database": str(db),
        "statement": f"{provider} to {requester}",
        "other_writer_commits": commits,
        "runs": runs,
        "refused": refused,
        "lock_held_best_s": min(held),
        "lock_held_median_s": statistics.median(held),
        "longest_wait_s": max(r["longest_wait_s"] for r in runs),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="A COP26 SQLite database.")
    parser.add_argument("--from", dest="provider", default="metropolitan")
    parser.add_argument("--to", dest="requester", default="police-scotland")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--commits",
        action="store_true",
        help="The other process commits a row each time (the word then finds a change).",
    )
    parser.add_argument("--out", type=Path, help="Write the result as JSON here.")
    args = parser.parse_args()
    result = run(args.db, args.provider, args.requester, args.repeat, args.commits)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
