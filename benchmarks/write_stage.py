"""The import's write stage alone: the importing process's CPU per export shape.

    python -m benchmarks.write_stage capture EXPORTS CAPTURE
    python -m benchmarks.write_stage run CAPTURE --url URL [--repeat 3] [--profile]

`capture` checks and reads every file of the manifest once (read, map, check) and keeps each
file's checksum and batches as the reader process would send them (pickled). `run` imports the
manifest into a fresh database with one `ingest_sequence`, as `hub demo` does, but with those
batches replayed instead of a reader: so the process's CPU (`time.process_time`) is the write
stage's own (unpickling each batch included, as with the reader), per shape and for the capacity
recount after the last file. `--profile` adds cProfile's call count per record written. A
PostgreSQL URL's database is dropped and created again before each run.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pickle
import pstats
import sqlite3
import time
from collections import defaultdict
from collections.abc import AsyncGenerator, Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import remove_sqlite, scratch_root


def capture(exports: Path, out: Path) -> None:
    """Each file's checksum and its batches, pickled, in `out` (one file per export)."""
    from hub.adapters.pipeline import _prepare
    from hub.adapters.sources import take

    out.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((exports / "manifest.json").read_text())
    number = 0
    for step in manifest["steps"]:
        run = _prepare(None, step["adapter"], step["force"], False, False, "capture", None)  # type: ignore[arg-type]
        for name in step["files"]:
            path = exports / name
            checksum = run.adapter.check(path)
            records = run.adapter.records(path)
            batches = []
            while items := take(records, run.validator, run.adapter.batch_size):
                batches.append(pickle.dumps(items, pickle.HIGHEST_PROTOCOL))
            (out / f"{number:04d}.pickle").write_bytes(pickle.dumps((str(path), checksum, batches)))
            number += 1
    (out / "manifest.json").write_text(json.dumps(manifest))


class Replay:
    """Stands in for `hub.adapters.sources.Sources`: the captured checksums and batches."""

    def __init__(self, folder: Path) -> None:
        self.files = sorted(folder.glob("*.pickle"))
        self.current = -1
        self.blobs: list[bytes] = []

    async def check(self, path: Path) -> str:
        self.current += 1
        name, checksum, self.blobs = pickle.loads(self.files[self.current].read_bytes())
        assert name == str(path), (name, path)
        return str(checksum)

    async def batches(self, path: Path) -> AsyncGenerator[list[Any], None]:
        for blob in self.blobs:
            yield pickle.loads(blob)

    def close(self) -> None:
        pass


async def _prepare_db(url: str) -> None:
    if url.startswith("sqlite"):
        remove_sqlite(Path(url.split("///", 1)[1]))
        return
    import asyncpg  # type: ignore[import-untyped]

    base, name = url.replace("+asyncpg", "").rsplit("/", 1)
    assert name not in ("test", "hub_bench", "postgres"), name
    admin = await asyncpg.connect(f"{base}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


async def one_run(folder: Path, url: str, profile: cProfile.Profile | None) -> dict[str, Any]:
    from hub.adapters import pipeline
    from hub.adapters.pipeline import ImportReport, ImportStep, ingest_sequence
    from hub.config import Settings
    from hub.store import create_engine, upgrade

    await _prepare_db(url)
    manifest = json.loads((folder / "manifest.json").read_text())
    exports = Path(manifest.get("exports", "."))
    steps = [
        ImportStep(s["adapter"], [exports / n for n in s["files"]], s["force"])
        for s in manifest["steps"]
    ]
    engine = create_engine(Settings(database_url=url))
    pragmas = os.environ.get("WRITE_STAGE_PRAGMAS")  # an experiment: e.g. "cache_size=-65536"
    if pragmas and url.startswith("sqlite"):
        from sqlalchemy import event

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            for pragma in pragmas.split(","):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

    shapes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    totals: dict[str, int] = defaultdict(int)
    original = pipeline.open_sources
    pipeline.open_sources = lambda planned, pool, *_: Replay(folder)  # type: ignore[assignment,misc]
    try:
        await upgrade(engine)
        last = [time.process_time(), time.perf_counter()]

        def step_done(index: int, reports: list[ImportReport]) -> None:
            cpu, wall = time.process_time(), time.perf_counter()
            shape = shapes[str(steps[index].adapter)]
            shape["cpu"] += cpu - last[0]
            shape["wall"] += wall - last[1]
            for report in reports:
                shape["read"] += report.read
                shape["written"] += report.inserted + report.updated
                totals["read"] += report.read
                totals["inserted"] += report.inserted
                totals["updated"] += report.updated
                totals["unchanged"] += report.unchanged
                totals["rejected"] += report.rejected
            last[:] = [cpu, wall]

        started = [time.process_time(), time.perf_counter(), time.thread_time()]
        if profile is not None:
            profile.enable()
        await ingest_sequence(engine, steps, actor="bench", step_done=step_done)
        if profile is not None:
            profile.disable()
        ended = [time.process_time(), time.perf_counter(), time.thread_time()]
        shapes["(capacity recount)"]["cpu"] = ended[0] - last[0]
        shapes["(capacity recount)"]["wall"] = ended[1] - last[1]
    finally:
        pipeline.open_sources = original
        await engine.dispose()
    return {
        "cpu": ended[0] - started[0],
        "main_thread_cpu": ended[2] - started[2],
        "wall": ended[1] - started[1],
        "shapes": {k: dict(v) for k, v in shapes.items()},
        "totals": dict(totals),
    }


def table_rows(url: str) -> int:
    if not url.startswith("sqlite"):
        return -1
    with sqlite3.connect(url.split("///", 1)[1]) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return sum(db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture")
    cap.add_argument("exports", type=Path)
    cap.add_argument("out", type=Path)
    run = sub.add_parser("run")
    run.add_argument("capture", type=Path)
    run.add_argument("--url", required=True)
    run.add_argument("--repeat", type=int, default=3)
    run.add_argument("--profile", type=Path)
    run.add_argument("--out", type=Path)
    args = parser.parse_args()
    scratch_root()  # the benchmarks' id key
    if args.command == "capture":
        capture(args.exports, args.out)
        manifest = json.loads((args.out / "manifest.json").read_text())
        manifest["exports"] = str(args.exports)
        (args.out / "manifest.json").write_text(json.dumps(manifest))
        return
    runs = []
    for _ in range(args.repeat):
        runs.append(asyncio.run(one_run(args.capture, args.url, None)))
        print(json.dumps({k: round(v, 2) for k, v in _flat(runs[-1]).items()}), flush=True)
    best = _best(runs) if runs else {}
    result: dict[str, Any] = {"best": best, "runs": runs, "table_rows": table_rows(args.url)}
    if args.profile is not None:
        profile = cProfile.Profile()
        profiled = asyncio.run(one_run(args.capture, args.url, profile))
        profile.dump_stats(str(args.profile))
        calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
        written = profiled["totals"]["inserted"] + profiled["totals"]["updated"]
        result["calls"] = calls
        result["calls_per_record_written"] = round(calls / written, 1)
        result["calls_per_record_read"] = round(calls / profiled["totals"]["read"], 1)
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=1))
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=1))


def _flat(run: dict[str, Any]) -> dict[str, float]:
    out = {"cpu": run["cpu"], "main_thread_cpu": run["main_thread_cpu"], "wall": run["wall"]}
    for name, shape in run["shapes"].items():
        out[f"{name}.cpu"] = shape["cpu"]
        out[f"{name}.wall"] = shape["wall"]
    return out


def _best(runs: Sequence[dict[str, Any]]) -> dict[str, float]:
    flats = [_flat(r) for r in runs]
    return {k: round(min(f[k] for f in flats), 3) for k in flats[0]}


if __name__ == "__main__":
    main()
