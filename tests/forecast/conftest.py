"""Known demand, written as the CSV extracts of the `demo-request-history` adapter (and
operations as `demo-operation` reads them) and imported through the pipeline."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest

HEADER = [
    "Reference",
    "Force",
    "Operation",
    "Capability",
    "Officers",
    "From",
    "To",
    "Status",
    "Raised",
    "Filled By",
]


@dataclass(frozen=True)
class Asked:
    """One request: capability, officers a day, first day, days, and its operation."""

    capability: str
    officers: int
    starts_on: date
    days: int = 1
    operation: str = ""


def monthly(capability: str, counts: list[int], first: date, officers: int = 2) -> list[Asked]:
    """`counts[i]` one-day requests in the i-th month from `first`, on the month's 10th day."""
    asked = []
    for index, count in enumerate(counts):
        year, month = divmod(first.month - 1 + index, 12)
        day = date(first.year + year, month + 1, 10)
        asked += [Asked(capability, officers, day)] * count
    return asked


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


async def load_requests(engine: AsyncEngine, folder: Path, asked: list[Asked]) -> None:
    """Import the requests (each filled by Essex) through the adapter; every row must be
    accepted."""
    rows = [
        [
            f"T-{n:06d}",
            "kent",
            a.operation,
            a.capability,
            str(a.officers),
            a.starts_on.isoformat(),
            (a.starts_on + timedelta(days=a.days - 1)).isoformat(),
            "COMPLETED",
            f"{a.starts_on - timedelta(days=7)}T09:00:00Z",
            "essex",
        ]
        for n, a in enumerate(asked)
    ]
    path = _write(folder / "requests.csv", HEADER, rows)
    (report,) = await ingest(engine, "demo-request-history", [path])
    assert report.error is None and report.rejected == 0, report


async def load_operations(
    engine: AsyncEngine, folder: Path, operations: list[tuple[str, str, date, date]]
) -> None:
    """Import operations (code, name, first day, last day) led by Kent."""
    header = ["Operation", "Title", "Description", "Lead Force", "Starts", "Ends"]
    rows = [
        [code, name, "", "kent", first.strftime("%d/%m/%Y"), last.strftime("%d/%m/%Y")]
        for code, name, first, last in operations
    ]
    path = _write(folder / "operations.csv", header, rows)
    (report,) = await ingest(engine, "demo-operation", [path])
    assert report.error is None and report.rejected == 0, report
