"""Records a file repeats unchanged are looked up once a transaction, not once a batch: a
record equal to one an earlier batch of the file found unchanged is unchanged again, with no
look-up (`hub.adapters.write.verified`). A changed repeat is still looked up and written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ImportReport, ingest
from hub.adapters import sources as reading
from hub.store import models as m
from tests.helpers import sqlite_statements

OFFICER_LOOKUP = re.compile(r"^WITH k\(c0, c1\) AS .* officer\.force_id = ", re.S)
HEADER = "Collar No,Surname,Forename(s),Rank,Skills"
THREE = ["7001,Adams,Ann,PC,", "7002,Baker,Ben,PC,", "7003,Cole,Cat,PS,"]


@contextmanager
def officer_lookups(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The officer look-ups the imports inside send to the database, either driver."""
    seen: list[str] = []
    if engine.dialect.name == "postgresql":
        fetch = asyncpg.Connection.fetch

        async def counted(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
            if OFFICER_LOOKUP.match(query):
                seen.append(query)
            return await fetch(self, query, *args, **kwargs)

        monkeypatch.setattr(asyncpg.Connection, "fetch", counted)
        yield seen
        return

    with sqlite_statements(engine, OFFICER_LOOKUP.match) as traced:
        yield traced


def _export(folder: Path, rows: list[str]) -> Path:
    path = folder / "officers.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="cp1252")
    return path


async def _import(engine: AsyncEngine, export: Path) -> ImportReport:
    (report,) = await ingest(engine, "hr-officers", [export])
    assert report.status == "COMPLETED", report.error
    return report


async def _ranks(engine: AsyncEngine) -> dict[str, str]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(m.Officer.service_number, m.Officer.rank))
        return {number: rank for number, rank in rows if number.startswith("700")}


async def test_repeats_found_unchanged_are_not_looked_up_again(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(reading, "READ_BATCH", 3)  # batches of three, one transaction
    export = _export(tmp_path, THREE * 6)  # each batch the same three officers
    await engine.dispose()  # the connections to come are traced
    with officer_lookups(engine, monkeypatch) as lookups:
        first = await _import(engine, export)
        # inserted by the first batch, found unchanged by the second, known from then on
        assert len(lookups) == 2
        assert first.entities["officer"] == {"inserted": 3, "unchanged": 15}
        lookups.clear()
        again = await _import(engine, export)
        assert len(lookups) == 1
        assert again.entities["officer"] == {"unchanged": 18}
    assert await _ranks(engine) == {"7001": "PC", "7002": "PC", "7003": "SGT"}


async def test_a_changed_repeat_is_looked_up_and_written(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(reading, "READ_BATCH", 3)
    promoted = [*THREE[:2], "7003,Cole,Cat,INSP,"]
    # unchanged, unchanged (known), changed, then the change again, then the first again
    rows = THREE * 2 + promoted * 2 + THREE
    await _import(engine, _export(tmp_path, THREE))
    await engine.dispose()
    with officer_lookups(engine, monkeypatch) as lookups:
        report = await _import(engine, _export(tmp_path, rows))
    assert report.entities["officer"] == {"updated": 2, "unchanged": 13}
    # batch 1 (all found), 3 and 4 (7003 changed: looked up) and 5 (7003 changed back)
    assert len(lookups) == 4
    assert await _ranks(engine) == {"7001": "PC", "7002": "PC", "7003": "SGT"}
