"""What a batch's statements cost on SQLite in hand-offs to aiosqlite's thread."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import aiosqlite
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest
from tests.adapters.conftest import example

WRITE = re.compile(r"^(WITH k\(|INSERT INTO (\w+)|(SAVEPOINT|RELEASE) hub_batch)")


async def test_a_batch_looks_up_and_writes_all_its_tables_in_one_driver_call(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every call into aiosqlite's thread is a futex wake, a self-pipe write and an epoll
    round; a batch's savepoint, look-ups, upserts for every table it writes and release run
    in that thread as one call (SQLite's own trace of the statements, by call)."""
    if engine.dialect.driver != "aiosqlite":
        pytest.skip("aiosqlite's thread is SQLite's")
    await ingest(engine, "hr-officers", [example("hr-officers", "officers.csv")])
    names: list[str] = []  # the function of each call into the thread
    current = [-1]
    by_call: defaultdict[int, list[str]] = defaultdict(list)  # call -> statements it ran

    def trace(statement: str) -> None:
        if (found := WRITE.match(statement)) is not None:
            by_call[current[0]].append(found.group(2) or found.group(3) or "look-up")

    original = aiosqlite.Connection._execute

    async def counted(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        number = len(names)
        names.append(getattr(fn, "__name__", type(fn).__name__))

        def run() -> Any:
            current[0] = number
            if self._connection is not None:
                self._connection.set_trace_callback(trace)
            return fn(*args, **kwargs)

        return await original(self, run)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    (report,) = await ingest(engine, "duty-roster-xml", [example("duty-roster-xml", "roster.xml")])
    assert report.status == "COMPLETED" and report.inserted > 0
    batch = [call for call, ran in by_call.items() if "look-up" in ran]
    assert len(batch) == 1, {names[call]: ran for call, ran in by_call.items()}
    ran = by_call[batch[0]]
    assert names[batch[0]] == "_drive"
    written = {"planning_unit", "duty_unit", "deployment", "planning_unit_member"}
    assert written <= set(ran), ran
    assert ran.count("look-up") >= 3, ran
    assert ran[0] == "SAVEPOINT" and ran[-1] == "RELEASE", ran
