"""Monthly series of demand: requests raised and officer-days asked for, per calendar month."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class DemandRow:
    """Requests that ask for the same days: how many, and the officers a day they ask for."""

    starts_on: date
    ends_on: date
    requests: int
    officers: int


@dataclass(frozen=True, slots=True)
class MonthlySeries:
    """Demand per month from `start` (a first of the month), one value a month, gaps as 0."""

    start: date
    requests: tuple[float, ...]
    officer_days: tuple[float, ...]

    @property
    def months(self) -> int:
        return len(self.requests)

    def month(self, index: int) -> date:
        """The first day of the month at `index` (it may lie past the series' end)."""
        return month_add(self.start, index)


def month_of(day: date) -> date:
    """The first day of `day`'s month."""
    return day.replace(day=1)


def month_add(month: date, count: int) -> date:
    """The first day of the month `count` months after `month`'s (before it if negative)."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> int:
    """How many months from `first`'s month to `last`'s, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def monthly_series(rows: Iterable[DemandRow], last_month: date) -> MonthlySeries:
    """Requests by the month they start in, and officer-days by the month each day falls in,
    from the first month of any row up to `last_month`'s (later days are left out)."""
    kept = [row for row in rows if month_of(row.starts_on) <= month_of(last_month)]
    if not kept:
        return MonthlySeries(month_of(last_month), (), ())
    start = min(month_of(row.starts_on) for row in kept)
    size = months_between(start, last_month)
    requests = [0.0] * size
    officer_days = [0.0] * size
    end_of_series = month_add(start, size) - timedelta(days=1)
    for row in kept:
        requests[months_between(start, row.starts_on) - 1] += row.requests
        day = row.starts_on
        last = min(row.ends_on, end_of_series)
        while day <= last:
            following = month_add(month_of(day), 1)
            days = (min(last, following - timedelta(days=1)) - day).days + 1
            officer_days[months_between(start, day) - 1] += days * row.officers
            day = following
    return MonthlySeries(start, tuple(requests), tuple(officer_days))
