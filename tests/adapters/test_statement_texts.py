"""On SQLite a batch's look-ups and inserts are written for a few row counts only, each text
prepared once by the driver (which keeps prepared statements by text): look-ups of a power of
two keys, padded with NULL keys that match nothing; inserts in parts of a power of two rows.
A text for every count was prepared anew each time: a sixth of SQLite's work in a roster."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest
from hub.adapters import sources as reading
from hub.store import models as m
from tests.adapters.conftest import example
from tests.helpers import sqlite_statements

BULK = re.compile(r"^(WITH k\(|INSERT INTO \w+ \(.*\) VALUES .* ON CONFLICT )", re.S)
ROW = re.compile(r"\), \(")


def _rows(statement: str) -> int:
    """The rows of a statement's first VALUES list (a look-up's keys, an insert's rows)."""
    values = statement.split("VALUES ", 1)[1]
    end = values.find(")) ") if statement.startswith("WITH") else values.find(") ON CONFLICT")
    return len(ROW.findall(values[: end + 1])) + 1


async def test_look_ups_and_inserts_take_a_power_of_two_rows(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL takes a column's values as one array, whatever their number")
    monkeypatch.setattr(reading, "READ_BATCH", 7)  # batches of about seven records, uneven
    await engine.dispose()  # the connections to come are traced
    roster = example("duty-roster-xml", "roster.xml")
    with sqlite_statements(engine) as executed:
        (first,) = await ingest(engine, "duty-roster-xml", [roster])
    bulk = [s for s in executed if BULK.match(s)]
    lookups = [_rows(s) for s in bulk if s.startswith("WITH")]
    inserts = [_rows(s) for s in bulk if s.startswith("INSERT")]
    assert lookups and inserts
    assert all(n >= 16 and n & (n - 1) == 0 for n in lookups), lookups
    assert all(n & (n - 1) == 0 for n in inserts), inserts
    assert any(n > 1 for n in inserts)
    assert first.status == "COMPLETED"
    async with engine.connect() as connection:
        stored = await connection.scalar(select(func.count()).select_from(m.Deployment))
    assert stored == first.entities["deployment"]["inserted"] >= 3
    (again,) = await ingest(engine, "duty-roster-xml", [roster])
    assert again.status == "COMPLETED" and again.inserted == again.updated == 0
