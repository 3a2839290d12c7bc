"""One capability's outlook: both series of its demand, their forecasts and back-tests."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from hub.forecast.backtest import Backtest, backtest
from hub.forecast.model import MIN_MONTHS, SEASON, Forecast, NotEnoughHistory, forecast
from hub.forecast.series import DemandRow, MonthlySeries, month_add, monthly_series

#: One outlook is fitted at a time in a process: a burst of forecasts (aliases, many callers)
#: queues here instead of taking every core from the requests being served.
_FITTING = threading.Lock()
#: Months held back by a back-test, and the history it needs.
HELD_BACK = SEASON
BACKTEST_MONTHS = MIN_MONTHS + HELD_BACK


@dataclass(frozen=True, slots=True)
class SeriesOutlook:
    """One series: its history, forecast and (with enough history) back-test."""

    history: tuple[float, ...]
    forecast: Forecast
    backtest: Backtest | None


@dataclass(frozen=True, slots=True)
class Outlook:
    """Requests and officer-days of one capability, from `start` to `last` (first days)."""

    capability: str
    start: date
    last: date
    requests: SeriesOutlook
    officer_days: SeriesOutlook


def last_month(rows: Sequence[DemandRow], today: date) -> date:
    """The history's last month: the latest month with demand, never `today`'s or later."""
    latest = max(row.starts_on for row in rows)
    return min(latest.replace(day=1), month_add(today.replace(day=1), -1))


def _series(values: tuple[float, ...], start: date, months: int, level: float) -> SeriesOutlook:
    tested = backtest(values, start, HELD_BACK) if len(values) >= BACKTEST_MONTHS else None
    return SeriesOutlook(values, forecast(values, start, months, level), tested)


def outlook(
    capability: str, rows: Sequence[DemandRow], months: int, level: float, today: date
) -> Outlook:
    """Forecast `months` ahead of the history in `rows` (demand before `today`'s month)."""
    if not rows:
        raise NotEnoughHistory(0, MIN_MONTHS)
    series: MonthlySeries = monthly_series(rows, last_month(rows, today))
    with _FITTING:
        return Outlook(
            capability,
            series.start,
            series.month(series.months - 1),
            _series(series.requests, series.start, months, level),
            _series(series.officer_days, series.start, months, level),
        )
