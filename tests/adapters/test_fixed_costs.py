"""What an import pays per file whatever the file holds (issue 13): statements counted."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters.pipeline import ImportStep, ingest_sequence

OFFICERS = """
adapter: fixed-costs
force: kent
source: {type: csv}
records:
  - entity: officer
    fields:
      serviceNumber: Number
      familyName: Surname
      givenName: Forename
      rank: Rank
"""


async def test_a_sequence_reads_the_code_lists_once(engine: AsyncEngine, tmp_path: Path) -> None:
    """Force and capability ids are read by the first file written, not by each step."""
    mapping = tmp_path / "officers.yaml"
    mapping.write_text(OFFICERS, encoding="utf-8")
    steps = []
    for number in range(3):
        listing = tmp_path / f"kent{number}.csv"
        listing.write_text(f"Number,Surname,Forename,Rank\nK90{number},Officer,Test,PC\n")
        steps.append(ImportStep(mapping, [listing]))
    seen: Counter[str] = Counter()

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        for table in ("force", "capability"):
            if re.search(rf"\bFROM {table}\b", statement) and "JOIN" not in statement:
                seen[table] += 1

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        (reports,) = [
            [r for step in await ingest_sequence(engine, steps, actor="test") for r in step]
        ]
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert [r.status for r in reports] == ["COMPLETED"] * 3
    assert [r.inserted for r in reports] == [1, 1, 1]
    assert seen == {"force": 1, "capability": 1}
