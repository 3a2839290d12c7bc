"""`hub demo` keeps its process tree small (issue 13): the reader process imports only what
reading needs, stops once the demo's import is done, and the cost summary starts no process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import sources
from hub.demo import memory
from hub.demo.exports import write_exports
from hub.demo.generate import generate
from hub.demo.run import costs_summary, ingest_exports

# What the reader process imports before it reads (`hub.adapters.sources.main`).
READER_IMPORTS = (
    "import json, sys; import hub.adapters.sources; from hub.adapters.map import load_adapter; "
    "from hub.standard import load_vocabulary; load_vocabulary(); "
    "print(json.dumps(list(sys.modules)))"
)


def test_the_reader_process_does_without_the_write_stage_and_the_graph() -> None:
    out = subprocess.run(
        [sys.executable, "-c", READER_IMPORTS], check=True, capture_output=True, text=True
    ).stdout
    modules = set(json.loads(out))
    assert "hub.adapters.check" in modules and "hub.adapters.map" in modules
    unneeded = {
        "hub.adapters.pipeline",
        "hub.adapters.write",
        "hub.store.engine",
        "hub.store.migrate",
        "alembic",
        "hub.schema",
        "strawberry",
    }
    assert modules & unneeded == set()


async def test_the_import_stops_the_reader_and_the_costs_start_no_process(
    tmp_path: Path, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_exports(generate("small"), tmp_path)
    monkeypatch.setattr(sources, "MIN_BYTES", 0)  # the reader reads even the small exports
    started: list[sources._Reader] = []
    reader = sources._Reader

    def start() -> sources._Reader:
        started.append(reader())
        return started[-1]

    monkeypatch.setattr(sources, "_Reader", start)
    try:
        await ingest_exports(engine, tmp_path)
    finally:
        sources.shutdown_reader()
    assert len(started) == 1
    assert sources._reader is None and not started[0].alive()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cost summary started a process")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    assert "statements, one per pair of forces, reconciled" in await costs_summary(engine)


def test_malloc_can_be_told_and_trimmed_on_linux() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("glibc's malloc")
    assert memory.limit_arenas()
    memory.give_back()
