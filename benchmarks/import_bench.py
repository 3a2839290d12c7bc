"""Import benchmark (SQLite): every generated export through the adapters, then a raw baseline.

Run as its own process so that its peak memory (`ru_maxrss`) is the import's:

    python -m benchmarks.import_bench --scale small --out result.json

The raw baseline loads the rows the hub stored (read back from the hub's database and written
to CSV, untimed) into a fresh database with the same tables, indexes and pragmas (the page
cache, temp_store and wal_autocheckpoint the hub gives a connection while it imports, too), with
`csv.reader` and one `executemany` per table, in foreign-key order, in one transaction.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import resource
import sqlite3
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.common import exports_for, remove_sqlite, scratch_root, sqlite_url
from hub.adapters.pipeline import IMPORT_CACHE_KIB, IMPORT_CHECKPOINT_PAGES

NULL = "\\N"


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table_order() -> list[str]:
    from hub.store import Base

    return [table.name for table in Base.metadata.sorted_tables]


def _max_rowids(path: Path, tables: list[str]) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {
            t: db.execute(f'SELECT coalesce(max(rowid), 0) FROM "{t}"').fetchone()[0]
            for t in tables
        }


async def hub_import(engine: AsyncEngine, exports: Path) -> tuple[dict[str, Any], float]:
    """Every file of the manifest through one `ingest_sequence`, in order, as `hub demo`
    imports them: figures per shape, seconds. A step's seconds run from the end of the step
    before it to its own end; what follows the last file (the capacity tables' recount of
    what the files wrote) is its own row, `(capacity recount)`."""
    from hub.adapters.pipeline import ImportReport, ImportStep, ingest_sequence

    manifest = json.loads((exports / "manifest.json").read_text())
    steps = [
        ImportStep(step["adapter"], [exports / name for name in step["files"]], step["force"])
        for step in manifest["steps"]
    ]
    shapes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    started = time.perf_counter()
    last = started

    def step_done(index: int, reports: list[ImportReport]) -> None:
        nonlocal last
        now = time.perf_counter()
        shape = shapes[str(steps[index].adapter)]
        shape["seconds"] += now - last
        shape["files"] += len(reports)
        for report in reports:
            shape["rows_read"] += report.read
            shape["rejected"] += report.rejected
            shape["records_written"] += report.inserted + report.updated
        last = now

    await ingest_sequence(engine, steps, actor="bench", step_done=step_done)
    ended = time.perf_counter()
    shapes["(capacity recount)"]["seconds"] = ended - last
    return shapes, ended - started


async def _hub_import(path: Path, exports: Path) -> dict[str, Any]:
    from hub.config import Settings
    from hub.store import create_engine, upgrade

    engine = create_engine(Settings(database_url=sqlite_url(path)))
    try:
        await upgrade(engine)
        before = _max_rowids(path, table_order())
        rss_before = maxrss_mb()
        shapes, seconds = await hub_import(engine, exports)
    finally:
        await engine.dispose()
    return {"before": before, "seconds": seconds, "shapes": shapes, "rss_before_mb": rss_before}


def _dump_new_rows(path: Path, before: dict[str, int], csvdir: Path) -> dict[str, int]:
    """Write each table's rows added by the import to CSV (untimed); rows per table."""
    csvdir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with sqlite3.connect(path) as db:
        for table, floor in before.items():
            rows = db.execute(f'SELECT * FROM "{table}" WHERE rowid > ?', (floor,)).fetchall()
            if not rows:
                continue
            with (csvdir / f"{table}.csv").open("w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerows([NULL if v is None else v for v in row] for row in rows)
            counts[table] = len(rows)
    return counts


def _prepare_baseline(hub_db: Path, raw_db: Path, before: dict[str, int]) -> sqlite3.Connection:
    """A fresh database with the hub's schema and its pre-import rows (reference data)."""
    remove_sqlite(raw_db)
    db = sqlite3.connect(raw_db, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")  # as the hub's connection importing
    db.execute("PRAGMA temp_store=MEMORY")
    db.execute(f"PRAGMA wal_autocheckpoint={IMPORT_CHECKPOINT_PAGES}")
    with sqlite3.connect(hub_db) as source:
        ddl = source.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END"
        ).fetchall()
    for (statement,) in ddl:
        db.execute(statement)
    db.execute("ATTACH DATABASE ? AS hub", (str(hub_db),))
    db.execute("BEGIN")
    for table, floor in before.items():
        db.execute(
            f'INSERT INTO main."{table}" SELECT * FROM hub."{table}" WHERE rowid <= ?', (floor,)
        )
    db.execute("COMMIT")
    db.execute("DETACH DATABASE hub")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def _raw_load(db: sqlite3.Connection, csvdir: Path, tables: list[str]) -> float:
    """The baseline: csv.reader and one executemany per table; seconds."""
    started = time.perf_counter()
    db.execute("BEGIN")
    for table in tables:
        path = csvdir / f"{table}.csv"
        if not path.exists():
            continue
        with path.open(newline="") as handle:
            rows = [[None if v == NULL else v for v in row] for row in csv.reader(handle)]
        marks = ", ".join("?" * len(rows[0]))
        db.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
    db.execute("COMMIT")
    return time.perf_counter() - started


def run(scale: str) -> dict[str, Any]:
    """Import `scale`'s exports through the adapters, then the raw baseline; the figures."""
    exports = exports_for(scale)
    work = scratch_root() / f"import-{scale}"
    work.mkdir(parents=True, exist_ok=True)
    hub_db = work / "hub.db"
    remove_sqlite(hub_db)
    hub = asyncio.run(_hub_import(hub_db, exports))
    peak = maxrss_mb()
    counts = _dump_new_rows(hub_db, hub["before"], work / "csv")
    db = _prepare_baseline(hub_db, work / "raw.db", hub["before"])
    try:
        raw_seconds = _raw_load(db, work / "csv", table_order())
    finally:
        db.close()
    figures = summarize(hub["shapes"], hub["seconds"], counts, raw_seconds)
    return {
        "database": "sqlite",
        "scale": scale,
        "hub_db": str(hub_db),
        "baseline": "csv.reader + one executemany per table",
        **figures,
        "peak_rss_mb": round(peak, 1),
        "rss_before_import_mb": round(hub["rss_before_mb"], 1),
    }


def summarize(
    shapes: dict[str, Any], seconds: float, counts: dict[str, int], raw_seconds: float
) -> dict[str, Any]:
    """Rows per second per shape and overall, and the hub as a fraction of the baseline."""
    stored = sum(counts.values())
    rows_read = sum(int(s["rows_read"]) for s in shapes.values())
    return {
        "shapes": {
            name: {
                "files": int(s["files"]),
                "rows_read": int(s["rows_read"]),
                "rejected": int(s["rejected"]),
                "records_written": int(s["records_written"]),
                "seconds": round(s["seconds"], 3),
                "rows_per_s": round(s["rows_read"] / s["seconds"], 1) if s["seconds"] else 0.0,
            }
            for name, s in sorted(shapes.items())
        },
        "rows_read": rows_read,
        "hub_seconds": round(seconds, 3),
        "hub_rows_read_per_s": round(rows_read / seconds, 1),
        "table_rows_stored": stored,
        "table_rows_by_table": counts,
        "hub_table_rows_per_s": round(stored / seconds, 1),
        "raw_seconds": round(raw_seconds, 3),
        "raw_table_rows_per_s": round(stored / raw_seconds, 1),
        "hub_fraction_of_raw": round(raw_seconds / seconds, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["small", "cop26"], default="cop26")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.write_text(json.dumps(run(args.scale), indent=2))


if __name__ == "__main__":
    main()
