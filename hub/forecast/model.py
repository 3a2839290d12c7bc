"""Exponential smoothing (ETS) forecasts of a monthly series, with prediction intervals.

statsmodels' `ETSModel` does the maths: additive errors and additive yearly seasonality, with
no trend or a damped additive trend, whichever has the lower AIC. Initial states come from
statsmodels' heuristic (two full years of history at least), which keeps a fit to a few
milliseconds; the smoothing parameters are estimated by maximum likelihood.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from hub.forecast.series import month_add

SEASON = 12  # months in a year: the seasonal period
MIN_MONTHS = 2 * SEASON  # the heuristic initialisation needs two full seasons


class NotEnoughHistory(ValueError):
    """The series is too short to fit a seasonal model."""

    def __init__(self, months: int, needed: int) -> None:
        super().__init__(f"{months} months of history, a seasonal forecast needs {needed}")
        self.months = months
        self.needed = needed


@dataclass(frozen=True, slots=True)
class ForecastPoint:
    """One month ahead: the point forecast and its prediction interval (never below 0)."""

    month: date
    value: float
    lower: float
    upper: float


@dataclass(frozen=True, slots=True)
class Forecast:
    """A fitted model's forecast of the months after the series."""

    method: str
    level: float
    points: tuple[ForecastPoint, ...]


@dataclass(frozen=True, slots=True)
class _Fit:
    name: str
    aic: float
    result: Any


def _candidates(values: Sequence[float]) -> list[_Fit]:
    import numpy as np
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    index = pd.period_range("2000-01", periods=len(values), freq="M")  # only the spacing counts
    series = pd.Series(np.asarray(values, dtype=float), index=index)
    fits = []
    for trend, name in ((None, "ETS(A,N,A)"), ("add", "ETS(A,Ad,A)")):
        model = ETSModel(
            series,
            error="add",
            trend=trend,
            damped_trend=trend is not None,
            seasonal="add",
            seasonal_periods=SEASON,
            initialization_method="heuristic",
        )
        result = model.fit(disp=False)
        aic = float(result.aic)
        fits.append(_Fit(name, aic if np.isfinite(aic) else float("inf"), result))
    return fits


def forecast(values: Sequence[float], start: date, horizon: int, level: float = 0.8) -> Forecast:
    """Forecast `horizon` months after `values` (monthly, the first for `start`'s month)."""
    if len(values) < MIN_MONTHS:
        raise NotEnoughHistory(len(values), MIN_MONTHS)
    if max(values) == min(values):  # nothing varies: no model has anything to learn
        same = values[0]
        return Forecast(
            "constant",
            level,
            tuple(
                ForecastPoint(month_add(start, len(values) + i), same, same, same)
                for i in range(horizon)
            ),
        )
    with warnings.catch_warnings():
        # The optimiser warns of non-convergence on short or regular series; the back-test,
        # not the warning, says whether the forecast is any good.
        warnings.simplefilter("ignore")
        best = min(_candidates(values), key=lambda fit: fit.aic)
        frame = best.result.get_prediction(
            start=len(values), end=len(values) + horizon - 1
        ).summary_frame(alpha=1 - level)
    points = []
    for i, (mean, lower, upper) in enumerate(
        zip(frame["mean"], frame["pi_lower"], frame["pi_upper"], strict=True)
    ):
        value = max(float(mean), 0.0)
        points.append(
            ForecastPoint(
                month_add(start, len(values) + i),
                value,
                min(max(float(lower), 0.0), value),
                max(float(upper), value),
            )
        )
    return Forecast(best.name, level, tuple(points))
