"""Shared helpers of the adapter tests: the examples, and counting stored rows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

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
