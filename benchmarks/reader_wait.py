"""How long the importing process waits on the reader over a whole import (issue 13).

Runs the import of `benchmarks.import_bench` (every file of the manifest, one `ingest_sequence`,
a fresh SQLite database) with `Sources.check` and each step of `Sources.batches` timed: the
seconds the importing process spends awaiting the reader's verdict on a file and its next batch.
Also the import's wall and the reader process's CPU (it is stopped at the end to count it):

    python -m benchmarks.reader_wait --exports /tmp/hub-bench/exports-cop26-26
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import time
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

from benchmarks.common import remove_sqlite, scratch_root, sqlite_url
from benchmarks.import_bench import hub_import


class Waits:
    """Seconds awaited on checks and batches, and how many of each."""

    def __init__(self) -> None:
        self.check = self.batch = 0.0
        self.checks = self.batches = 0
        self.empty = 0  # asked the reader for a message none of which was waiting
        self.slowest: list[tuple[float, str, bool]] = []

    def wrap(self) -> None:
        from hub.adapters import sources

        check, batches = sources.Sources.check, sources.Sources.batches
        waits = self

        def empty(sources: Any) -> None:
            reader = sources.reader
            if reader is not None and reader.messages.empty():
                waits.empty += 1

        async def timed_check(self: Any, path: Path) -> str:
            empty(self)
            started = time.perf_counter()
            try:
                return await check(self, path)
            finally:
                waited = time.perf_counter() - started
                waits.check += waited
                waits.checks += 1
                waits.slowest.append((round(waited, 3), path.name, self._remote(self.current)))

        async def timed_batches(self: Any, path: Path) -> AsyncGenerator[Any, None]:
            chunks = batches(self, path)
            try:
                while True:
                    empty(self)
                    started = time.perf_counter()
                    try:
                        items = await chunks.__anext__()
                    except StopAsyncIteration:
                        return
                    finally:
                        waits.batch += time.perf_counter() - started
                        waits.batches += 1
                    yield items
            finally:
                await chunks.aclose()

        sources.Sources.check = timed_check  # type: ignore[method-assign]
        sources.Sources.batches = timed_batches  # type: ignore[method-assign]


async def measure(exports: Path, database: Path) -> dict[str, Any]:
    from hub.adapters.sources import shutdown_reader
    from hub.config import Settings
    from hub.store import create_engine, upgrade

    waits = Waits()
    waits.wrap()
    remove_sqlite(database)
    engine = create_engine(Settings(database_url=sqlite_url(database)))
    try:
        await upgrade(engine)
        cpu = time.process_time()
        _shapes, seconds = await hub_import(engine, exports)
        cpu = time.process_time() - cpu
    finally:
        await engine.dispose()
    shutdown_reader()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall_s": round(seconds, 2),
        "importer_cpu_s": round(cpu, 2),
        "reader_cpu_s": round(children.ru_utime + children.ru_stime, 2),
        "wait_check_s": round(waits.check, 2),
        "wait_batch_s": round(waits.batch, 2),
        "wait_s": round(waits.check + waits.batch, 2),
        "found_none_waiting": waits.empty,
        "checks": waits.checks,
        "batches": waits.batches,
        "slowest_checks": sorted(waits.slowest, reverse=True)[:8],
        "load": [round(load, 2) for load in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exports", type=Path, required=True)
    parser.add_argument("--database", type=Path, default=None)
    args = parser.parse_args()
    database = args.database or scratch_root() / "reader-wait.db"
    scratch_root()  # the benchmarks' id key, before the hub reads its settings
    print(json.dumps(asyncio.run(measure(args.exports, database))))


if __name__ == "__main__":
    main()
