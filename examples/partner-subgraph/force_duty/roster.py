"""The duty system's records: rota groups, each officer's group and leave, sites' facilities.

A real duty system reads these from its own database. This example derives them from the
sample data file and from a stable checksum of the officer's id, so it answers for any
officer of the national graph and gives the same answer on every machine.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

MAX_DAYS = 62


@dataclass(frozen=True)
class RotaGroup:
    """A relief: officers who work the same shift pattern, offset from the other groups."""

    code: str
    offset: int


@dataclass(frozen=True)
class Day:
    """One day of an officer's roster: the shift worked, or why none is."""

    date: date
    status: str
    shift: str | None


@dataclass(frozen=True)
class Site:
    """A facility at a location, known by the location's code in the national standard."""

    kind: str
    description: str
    capacity: int | None


@dataclass(frozen=True)
class SampleData:
    """Everything the duty system knows, read from `sample_data.json`."""

    epoch: date
    cycle: tuple[str | None, ...]
    groups: tuple[RotaGroup, ...]
    leave_weeks: int
    facilities: dict[str, tuple[Site, ...]]


@cache
def sample_data() -> SampleData:
    """The sample data shipped with the package (read once)."""
    raw: dict[str, Any] = json.loads(
        resources.files("force_duty").joinpath("sample_data.json").read_text(encoding="utf-8")
    )
    return SampleData(
        epoch=date.fromisoformat(raw["rota_epoch"]),
        cycle=tuple(raw["shift_cycle"]),
        groups=tuple(RotaGroup(code, offset) for code, offset in raw["rota_groups"].items()),
        leave_weeks=raw["leave_weeks"],
        facilities={
            code: tuple(Site(**site) for site in sites) for code, sites in raw["facilities"].items()
        },
    )


def _checksum(officer_id: str) -> int:
    digest = hashlib.sha256(officer_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def rota_group(officer_id: str) -> RotaGroup:
    """The rota group an officer works in."""
    groups = sample_data().groups
    return groups[_checksum(officer_id) % len(groups)]


def leave_starts(officer_id: str, year: int) -> date:
    """First day of the officer's booked leave week in `year` (a Monday)."""
    week = (_checksum(officer_id) // 7) % sample_data().leave_weeks
    first_monday = date(year, 1, 4) - timedelta(days=date(year, 1, 4).weekday())
    return first_monday + timedelta(weeks=week)


def roster(officer_id: str, start: date, days: int) -> list[Day]:
    """The officer's roster for `days` days from `start` (at most MAX_DAYS)."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    data = sample_data()
    group = rota_group(officer_id)
    result: list[Day] = []
    for index in range(days):
        day = start + timedelta(days=index)
        leave = leave_starts(officer_id, day.year)
        if leave <= day < leave + timedelta(days=7):
            result.append(Day(day, "ANNUAL_LEAVE", None))
            continue
        shift = data.cycle[((day - data.epoch).days + group.offset) % len(data.cycle)]
        result.append(Day(day, "ON_DUTY" if shift else "REST_DAY", shift))
    return result


def facilities(location_code: str) -> tuple[Site, ...]:
    """The facilities recorded at a location; none when the site is unknown."""
    return sample_data().facilities.get(location_code, ())
