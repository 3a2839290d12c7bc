"""Profiles of what limits the hub: Q2 in process (cProfile), the import of the roster files,
and the import's reader side (check, read, map, check records, pickle batches) alone.

    python -m benchmarks.profiling --db HUB_DB [--requests 5]
    python -m benchmarks.profiling --reader [--adapter NAME] [--exports DIR] [--repeat 3]

Prints the functions with the most cumulative and own time; nothing is written to results/.
`--reader` does, file by file of a generated manifest, what the reader process does (writing
nothing): best-of-N CPU seconds, then Python calls per source record (cProfile, deterministic)
and a digest of every batch item, which equals before and after a change that keeps behaviour.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import pstats
import random
import shutil
from pathlib import Path

from benchmarks import reader_side
from benchmarks.common import exports_for, remove_sqlite, scratch_root, sqlite_url
from benchmarks.queries import DOCUMENTS, read_fixture, variables
from benchmarks.query_bench import PURPOSE, _coordinator_key, bench_env
from benchmarks.rawdb import SQLiteRaw
from hub.adapters.sources import READER_GC_THRESHOLDS


async def _q2(url: str, key: str, requests: int, profile: cProfile.Profile) -> None:
    import httpx

    from hub.app import create_app
    from hub.config import Settings

    overrides = {k.removeprefix("HUB_").lower(): v for k, v in bench_env(url).items()}
    app = create_app(Settings.model_validate(overrides))
    headers = {"authorization": f"Bearer {key}", "x-purpose": PURPOSE}
    path = Path(url.removeprefix("sqlite+aiosqlite:///"))
    db = SQLiteRaw(path)
    try:
        fixture = read_fixture(db)
    finally:
        db.close()
    body = {"query": DOCUMENTS["Q2"], "variables": variables("Q2", fixture, random.Random(0))}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as http:
            await http.post("/graphql", json=body, headers=headers)
            profile.enable()
            for _ in range(requests):
                await http.post("/graphql", json=body, headers=headers)
            profile.disable()


async def _import(scale: str, profile: cProfile.Profile) -> None:
    import json

    from hub.adapters import ingest
    from hub.config import Settings
    from hub.store import create_engine, upgrade

    exports = exports_for(scale)
    path = scratch_root() / "profile-import.db"
    remove_sqlite(path)
    engine = create_engine(Settings(database_url=sqlite_url(path)))
    try:
        await upgrade(engine)
        for step in json.loads((exports / "manifest.json").read_text())["steps"]:
            files = [exports / name for name in step["files"]]
            if step["adapter"] == "duty-roster-xml":
                profile.enable()
            await ingest(engine, step["adapter"], files, force=step["force"], actor="profile")
            profile.disable()
    finally:
        await engine.dispose()


def _show(title: str, profile: cProfile.Profile, lines: int) -> None:
    print(f"\n===== {title} =====")
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)


def _reader(args: argparse.Namespace) -> None:
    exports = args.exports or exports_for(args.scale)
    chosen = reader_side.steps(exports, args.adapter)
    gc.freeze()  # as the reader process does
    gc.set_threshold(*READER_GC_THRESHOLDS)
    what = args.adapter or "the whole manifest"
    best = None
    for _ in range(args.repeat):
        totals = reader_side.run(chosen)
        best = totals if best is None or totals.seconds < best.seconds else best
    assert best is not None
    digest, _totals = reader_side.digest_of(chosen)
    profile = cProfile.Profile()
    reader_side.run(chosen, profile=profile)
    stats = pstats.Stats(profile)
    calls = stats.total_calls  # type: ignore[attr-defined]
    print(f"reader side, {what}: {best.files} files, {best.records:,} source records, ", end="")
    print(f"{best.written:,} records, {best.rejected:,} rejected, {best.refused} refused")
    print(f"CPU best of {args.repeat}: {best.seconds:.2f} s; pickled {best.pickled:,} bytes")
    print(f"Python calls per source record: {calls / max(best.records, 1):.1f} ({calls:,})")
    print(f"items digest: {digest}")
    _show(f"reader side: {what}", profile, args.lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--scale", choices=["small", "cop26"], default="small")
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--lines", type=int, default=25)
    parser.add_argument("--reader", action="store_true", help="profile the reader side alone")
    parser.add_argument("--adapter", help="with --reader: only this adapter's files")
    parser.add_argument("--exports", type=Path, help="with --reader: generated exports")
    parser.add_argument("--repeat", type=int, default=3, help="with --reader: best of N")
    args = parser.parse_args()
    if args.reader:
        _reader(args)
        return
    if args.db is None:
        parser.error("--db is needed (or --reader)")
    path = scratch_root() / "profile-q2.db"
    remove_sqlite(path)
    shutil.copyfile(args.db, path)
    url = sqlite_url(path)
    key = asyncio.run(_coordinator_key(url))
    q2 = cProfile.Profile()
    asyncio.run(_q2(url, key, args.requests, q2))
    _show(f"Q2 x {args.requests}", q2, args.lines)
    ingest = cProfile.Profile()
    asyncio.run(_import(args.scale, ingest))
    _show(f"import: duty-roster-xml files ({args.scale})", ingest, args.lines)


if __name__ == "__main__":
    main()
