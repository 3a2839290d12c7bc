"""Rules of a roster: no officer on two duties at once, enough rest between tours, and duties
only while the officer is available for mutual aid.

Rest follows the Working Time Regulations 1998 (regulation 10: eleven consecutive hours in each
24), configurable as `HUB_ROSTER_MIN_REST_HOURS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from hub.standard.enums import AvailabilityStatus

DEFAULT_MIN_REST = timedelta(hours=11)


class ConflictKind(StrEnum):
    """What is wrong with an officer's duty."""

    OVERLAP = "OVERLAP"
    SHORT_REST = "SHORT_REST"
    UNAVAILABLE = "UNAVAILABLE"


#: The error or finding code of each kind of conflict.
CODES: Mapping[ConflictKind, str] = {
    ConflictKind.OVERLAP: "ROSTER_OVERLAP",
    ConflictKind.SHORT_REST: "ROSTER_SHORT_REST",
    ConflictKind.UNAVAILABLE: "ROSTER_OFFICER_UNAVAILABLE",
}


@dataclass(frozen=True, slots=True)
class Duty:
    """One officer on one duty unit, from its start to its end."""

    officer: int
    duty_unit: int
    reference: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class Availability:
    """An officer's window for mutual aid: a status between two dates (open where None)."""

    status: str | None
    available_from: date | None
    available_to: date | None

    def covers(self, day: date) -> bool:
        after = self.available_from is None or day >= self.available_from
        before = self.available_to is None or day <= self.available_to
        return after and before


@dataclass(frozen=True, slots=True)
class Conflict:
    """A duty that breaks a rule, and the other duty it clashes with (overlap, rest)."""

    kind: ConflictKind
    duty: Duty
    other: Duty | None = None
    rest: timedelta | None = None

    @property
    def code(self) -> str:
        return CODES[self.kind]

    def message(self) -> str:
        if self.kind is ConflictKind.OVERLAP and self.other is not None:
            return f"duty units {self.other.reference} and {self.duty.reference} overlap"
        if self.kind is ConflictKind.SHORT_REST and self.other is not None and self.rest:
            hours = self.rest.total_seconds() / 3600
            return (
                f"only {hours:g} hours of rest between duty units {self.other.reference} and "
                f"{self.duty.reference}"
            )
        return f"the officer is not available for mutual aid on duty unit {self.duty.reference}"


def unavailable(duty: Duty, availability: Availability | None) -> bool:
    """Whether the officer's availability rules the duty out (its first day decides)."""
    if availability is None or availability.status is None:
        return False
    day = duty.starts_at.date()
    if availability.status == AvailabilityStatus.UNAVAILABLE:
        return availability.covers(day)
    return not availability.covers(day)


def conflicts(
    duties: Iterable[Duty],
    availability: Mapping[int, Availability],
    min_rest: timedelta = DEFAULT_MIN_REST,
) -> list[Conflict]:
    """Every conflict among `duties` (any order): overlaps and short rests between an officer's
    duties, in order of start, and duties while the officer is unavailable."""
    found: list[Conflict] = []
    ordered = sorted(duties, key=lambda d: (d.officer, d.starts_at, d.ends_at, d.duty_unit))
    open_duties: list[Duty] = []  # the officer's duties not yet ended, latest end last
    for duty in ordered:
        if open_duties and open_duties[0].officer != duty.officer:
            open_duties = []
        if unavailable(duty, availability.get(duty.officer)):
            found.append(Conflict(ConflictKind.UNAVAILABLE, duty))
        overlapping = [other for other in open_duties if other.ends_at > duty.starts_at]
        found.extend(Conflict(ConflictKind.OVERLAP, duty, other) for other in overlapping)
        if not overlapping and open_duties:
            latest = open_duties[-1]
            rest = duty.starts_at - latest.ends_at
            if rest < min_rest:
                found.append(Conflict(ConflictKind.SHORT_REST, duty, latest, rest))
        open_duties = sorted([*overlapping, duty], key=lambda d: d.ends_at)
        if not overlapping:
            open_duties = [duty]
    return found


def row_conflicts(
    duty_rows: Iterable[Any], window_rows: Iterable[Any], min_rest: timedelta = DEFAULT_MIN_REST
) -> list[tuple[Conflict, Any, Any]]:
    """`conflicts` over stored rows, each conflict with the row of its duty and of the other.

    A duty row has `officer_id`, `duty_unit_id`, `reference`, `starts_at` and `ends_at`; a
    window row `id` (the officer), `availability`, `available_from` and `available_to`."""
    availability = {
        row.id: Availability(row.availability, row.available_from, row.available_to)
        for row in window_rows
    }
    rows: dict[Duty, Any] = {}
    for row in duty_rows:
        duty = Duty(row.officer_id, row.duty_unit_id, row.reference, row.starts_at, row.ends_at)
        rows[duty] = row
    return [
        (found, rows[found.duty], rows[found.other] if found.other else None)
        for found in conflicts(rows, availability, min_rest)
    ]
