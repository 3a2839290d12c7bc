"""Profiles of what limits the hub: Q2 in process (cProfile), and the import of one roster file.

    python -m benchmarks.profiling --db HUB_DB [--requests 5]

Prints the functions with the most cumulative and own time; nothing is written to results/.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import random
import shutil
from pathlib import Path

from benchmarks.common import exports_for, remove_sqlite, scratch_root, sqlite_url
from benchmarks.queries import DOCUMENTS, read_fixture, variables
from benchmarks.query_bench import PURPOSE, _coordinator_key, bench_env
from benchmarks.rawdb import SQLiteRaw


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--scale", choices=["small", "cop26"], default="small")
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--lines", type=int, default=25)
    args = parser.parse_args()
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
