"""Import benchmark (PostgreSQL): every generated export through the adapters, then COPY.

    python -m benchmarks.pg_import_bench --scale small --out result.json [--admin-url URL]

Creates `hub_bench` (the hub's) and `hub_bench_raw` (the baseline's, cloned from the migrated,
still empty `hub_bench` as a template, so tables, indexes, constraints and code lists match).
The baseline copies each imported table out to a CSV file (untimed), then loads the files with
one `COPY ... FROM` per table, in foreign-key order, in one transaction. Last (untimed), the hub's
database is ANALYZEd, as autovacuum would do on a server that has it on, so that the query
benchmarks plan with statistics.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]

from benchmarks.common import exports_for, scratch_root
from benchmarks.import_bench import hub_import, maxrss_mb, summarize, table_order

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# BENCH_PG_DB names the hub's database (and, with "_raw", the baseline's), so two benchmark runs
# on one server keep out of each other's way.
HUB_DB = os.environ.get("BENCH_PG_DB", "hub_bench")
RAW_DB = f"{HUB_DB}_raw"


def _url(admin_url: str, database: str) -> str:
    return admin_url.rsplit("/", 1)[0] + f"/{database}"


async def reachable(admin_url: str = ADMIN_URL) -> bool:
    """Whether the PostgreSQL server answers."""
    try:
        connection = await asyncpg.connect(admin_url, timeout=3)
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return False
    await connection.close()
    return True


async def _recreate(admin: asyncpg.Connection, name: str, template: str | None = None) -> None:
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    clause = f' TEMPLATE "{template}"' if template else ""
    await admin.execute(f'CREATE DATABASE "{name}"{clause}')


async def _counts(url: str, tables: list[str]) -> dict[str, int]:
    connection = await asyncpg.connect(url)
    try:
        return {t: await connection.fetchval(f'SELECT count(*) FROM "{t}"') for t in tables}
    finally:
        await connection.close()


async def _run(scale: str, admin_url: str) -> dict[str, Any]:
    from hub.config import Settings
    from hub.store import create_engine, upgrade

    exports = exports_for(scale)
    work = scratch_root() / f"pg-import-{scale}"
    (work / "csv").mkdir(parents=True, exist_ok=True)
    tables = table_order()
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{RAW_DB}" WITH (FORCE)')
        await _recreate(admin, HUB_DB)
        hub_url = _url(admin_url, HUB_DB)
        engine = create_engine(Settings(database_url=hub_url.replace("://", "+asyncpg://", 1)))
        try:
            await upgrade(engine)
            await engine.dispose()  # no connection may stay open on a template
            before = await _counts(hub_url, tables)
            await _recreate(admin, RAW_DB, template=HUB_DB)
            rss_before = maxrss_mb()
            shapes, seconds = await hub_import(engine, exports)
        finally:
            await engine.dispose()
        peak = maxrss_mb()
        after = await _counts(hub_url, tables)
        imported = [t for t in tables if before[t] == 0 and after[t] > 0]
        grown = [t for t in tables if before[t] and after[t] != before[t]]
        if grown:
            raise RuntimeError(f"tables with code lists that the import changed: {grown}")
        source = await asyncpg.connect(hub_url)
        try:
            for table in imported:
                await source.copy_from_table(table, output=str(work / "csv" / f"{table}.csv"))
            await source.execute("ANALYZE")  # planner statistics for the query benchmarks
        finally:
            await source.close()
        raw = await asyncpg.connect(_url(admin_url, RAW_DB))
        try:
            started = time.perf_counter()
            async with raw.transaction():
                for table in imported:
                    await raw.copy_to_table(table, source=str(work / "csv" / f"{table}.csv"))
            raw_seconds = time.perf_counter() - started
        finally:
            await raw.close()
        await admin.execute(f'DROP DATABASE IF EXISTS "{RAW_DB}" WITH (FORCE)')
    finally:
        await admin.close()
    counts = {t: after[t] for t in imported}
    return {
        "database": "postgresql",
        "scale": scale,
        "hub_url": _url(admin_url, HUB_DB),
        "baseline": "COPY ... FROM a file, one per table",
        "analyzed_after_import": True,
        **summarize(shapes, seconds, counts, raw_seconds),
        "peak_rss_mb": round(peak, 1),
        "rss_before_import_mb": round(rss_before, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["small", "cop26"], default="cop26")
    parser.add_argument("--admin-url", default=ADMIN_URL)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.write_text(json.dumps(asyncio.run(_run(args.scale, args.admin_url)), indent=2))


if __name__ == "__main__":
    main()
