"""The generated rosters keep the rest the hub checks between tours, but for the few officers
put short of rest on purpose (checked with the hub's own roster rule)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from hub.demo.generate import SHORT_RESTS, generate
from hub.demo.model import SHIFTS
from hub.domain.roster import ConflictKind, Duty, conflicts


def _duties(scale: str) -> list[Duty]:
    operation = generate(scale)
    numbers: dict[tuple[str, str], int] = {}
    duties = []
    for unit in operation.units:
        for n, shift in enumerate(unit.duty_units):
            _, start, end = SHIFTS[shift.shift]
            starts = datetime.combine(shift.date, time.fromisoformat(start))
            ends = datetime.combine(shift.date, time.fromisoformat(end))
            ends += timedelta(days=1) if ends <= starts else timedelta()
            for officer, _ in unit.members:
                key = numbers.setdefault((officer.force, officer.service_number), len(numbers))
                duties.append(Duty(key, len(duties), f"{unit.reference}-{n}", starts, ends))
    return duties


@pytest.mark.parametrize("scale", ["small", "cop26"])
def test_only_the_deliberate_few_tours_come_too_soon_after_another(scale: str) -> None:
    found = conflicts(_duties(scale), {})
    assert {conflict.kind for conflict in found} <= {ConflictKind.SHORT_REST}
    assert len(found) <= SHORT_RESTS[scale]
    if scale == "cop26":
        assert len(found) >= SHORT_RESTS[scale] // 2, "rosterConflicts has some to show"
