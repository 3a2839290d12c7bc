"""Shared helpers of the adapter tests: the examples, `hub ingest` as a user runs it, and reading
stored rows."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from hub.store.models import Base

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "adapters"
OPERATIONAL = (
    "officer",
    "planning_unit",
    "planning_unit_member",
    "duty_unit",
    "deployment",
    "location",
    "mutual_aid_request",
    "commitment",
    "accommodation_booking",
    "travel_booking",
    "import_batch",
    "import_reject",
)


def example(name: str, sample: str) -> Path:
    return EXAMPLES / name / sample


async def row_counts(engine: AsyncEngine) -> dict[str, int]:
    """Rows in every table an import can write."""
    counts: dict[str, int] = {}
    async with engine.connect() as connection:
        for name in OPERATIONAL:
            table = Base.metadata.tables[name]
            counts[name] = (
                await connection.execute(select(func.count()).select_from(table))
            ).scalar_one()
    return counts


def ingest_report(adapter: str, file: Path, report: Path) -> dict[str, Any]:
    """`hub ingest` of one file, which must succeed: its JSON report."""
    args = ["ingest", "--adapter", adapter, str(file), "--report", str(report)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    return dict(data)


async def run_ingest(adapter: str, file: Path, tmp_path: Path) -> dict[str, Any]:
    """`ingest_report` from a test's event loop (the CLI runs a loop of its own)."""
    return await asyncio.to_thread(ingest_report, adapter, file, tmp_path / "report.json")


async def stored_rows(engine: AsyncEngine, sql: str) -> list[tuple[Any, ...]]:
    """The rows of one SQL query, as tuples."""
    async with engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(text(sql))]
