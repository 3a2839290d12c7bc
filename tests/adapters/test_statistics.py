"""On PostgreSQL, a table an import fills is analysed as it grows: a few times, not per batch
(when it has quadrupled since it last was)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest
from hub.adapters.write import upsert as _upsert
from tests.helpers import count_statements


async def test_a_growing_table_is_analysed_when_it_quadruples(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_upsert, "_GROWTH", {})  # forget the other tests' databases
    analysed = []
    for part, rows in enumerate((600, 600, 1_800, 1_800, 300)):
        path = tmp_path / f"officers-{part}.csv"
        lines = ["Collar No,Surname,Forename(s),Rank,Skills"]
        lines += [f"{part}{n:05d},Surname{n},Given{n},PC," for n in range(rows)]
        path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
        with count_statements(engine) as log:
            (report,) = await ingest(engine, "hr-officers", [path])
        assert report.inserted == rows
        analysed.append([s for s in log.statements if s.startswith("ANALYZE")])
    if engine.dialect.name != "postgresql":
        assert analysed == [[], [], [], [], []]
        return
    # 1,200 officers inserted: over 1,000, analysed; 3,000: not four times as many yet;
    # 4,800: quadrupled since, analysed again; 5,100: not yet.
    assert [len(found) for found in analysed] == [0, 1, 0, 1, 0]
    assert analysed[1] == analysed[3] == ["ANALYZE officer"]
