"""Roster rules: overlaps, rest between tours and availability, as a table of cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hub.domain.roster import Availability, ConflictKind, Duty, conflicts

K = ConflictKind


def _duty(unit: int, start: str, hours: int, officer: int = 1) -> Duty:
    starts = datetime.fromisoformat(f"2026-11-{start}").replace(tzinfo=UTC)
    return Duty(officer, unit, f"DU{unit}", starts, starts + timedelta(hours=hours))


@pytest.mark.parametrize(
    ("duties", "expected"),
    [
        ([_duty(1, "01T07:00", 8), _duty(2, "02T07:00", 8)], []),
        ([_duty(1, "01T07:00", 8), _duty(2, "01T12:00", 8)], [(K.OVERLAP, 2, 1)]),
        ([_duty(1, "01T07:00", 8), _duty(2, "01T23:00", 8)], [(K.SHORT_REST, 2, 1)]),
        ([_duty(1, "01T07:00", 8), _duty(2, "02T01:00", 8)], [(K.SHORT_REST, 2, 1)]),
        ([_duty(1, "01T07:00", 8), _duty(2, "02T02:00", 8)], []),
        ([_duty(1, "01T07:00", 8), _duty(2, "02T01:00", 8, officer=2)], []),
        (
            [_duty(1, "01T07:00", 12), _duty(2, "01T08:00", 2), _duty(3, "01T11:00", 2)],
            [(K.OVERLAP, 2, 1), (K.OVERLAP, 3, 1)],
        ),
    ],
)
def test_overlaps_and_rest(duties: list[Duty], expected: list[tuple[K, int, int]]) -> None:
    found = conflicts(reversed(duties), {})
    assert [(c.kind, c.duty.duty_unit, c.other and c.other.duty_unit) for c in found] == expected


def test_eleven_hours_is_enough_rest_and_the_minimum_is_configurable() -> None:
    duties = [_duty(1, "01T07:00", 8), _duty(2, "02T01:00", 8)]
    assert conflicts(duties, {}, min_rest=timedelta(hours=11)) != []
    assert conflicts(duties, {}, min_rest=timedelta(hours=10)) == []


@pytest.mark.parametrize(
    ("availability", "conflict"),
    [
        (Availability("UNAVAILABLE", date(2026, 11, 1), date(2026, 11, 5)), True),
        (Availability("UNAVAILABLE", date(2026, 11, 2), None), False),
        (Availability("AVAILABLE", date(2026, 11, 2), date(2026, 11, 9)), True),
        (Availability("AVAILABLE", None, date(2026, 11, 9)), False),
        (Availability(None, None, None), False),
    ],
)
def test_availability(availability: Availability, conflict: bool) -> None:
    found = conflicts([_duty(1, "01T07:00", 8)], {1: availability})
    assert [c.kind for c in found] == ([K.UNAVAILABLE] if conflict else [])
