"""What a batch's statements cost on SQLite in hand-offs to aiosqlite's thread."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest


async def test_a_batch_looks_up_and_upserts_in_one_driver_call_each(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through SQLAlchemy's adapter a statement is four calls into aiosqlite's thread (cursor,
    execute, fetch, close), each waking the event loop; the write path's look-ups and upserts
    go to the driver as one call (`execute_fetchall`) with their rows."""
    if engine.dialect.driver != "aiosqlite":
        pytest.skip("aiosqlite's thread is SQLite's")
    calls: Counter[str] = Counter()
    statements: list[tuple[str, str]] = []  # (how, statement) of the officers' writes
    original = aiosqlite.Connection._execute

    async def counted(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(fn, "__name__", type(fn).__name__)
        calls[name] += 1
        if args and isinstance(args[0], str) and "officer" in args[0]:
            statements.append((name, " ".join(args[0].split()[:3])))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    path = tmp_path / "officers.csv"
    lines = ["Collar No,Surname,Forename(s),Rank,Skills"]
    lines += [f"7{n:05d},Surname{n},Given{n},PC,PO L2;PSU Driver" for n in range(300)]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    (report,) = await ingest(engine, "hr-officers", [path])
    assert report.inserted == 300
    upserts = [how for how, text in statements if text == "INSERT INTO officer"]
    lookups = [how for how, text in statements if text.startswith("WITH k(")]
    assert upserts and lookups, statements
    assert set(upserts) == set(lookups) == {"_execute_fetchall"}, statements
