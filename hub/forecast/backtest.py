"""Back-tests: hold back the last months, forecast them from the rest, and compare the error
with a seasonal-naive baseline (each month as the same month a year before).

The errors are the mean absolute error (MAE), the mean absolute scaled error (MASE: MAE over
the in-sample MAE of the seasonal-naive method, Hyndman and Koehler 2006) and the mean
absolute percentage error (MAPE, only when no held-back month is 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from hub.forecast.model import MIN_MONTHS, SEASON, NotEnoughHistory, forecast


@dataclass(frozen=True, slots=True)
class Errors:
    """How far one method's forecasts of the held-back months were from what happened."""

    mae: float
    mase: float | None
    mape: float | None


@dataclass(frozen=True, slots=True)
class Backtest:
    """The model against the seasonal-naive baseline over the held-back months."""

    held_back: int
    method: str
    model: Errors
    baseline: Errors
    model_forecast: tuple[float, ...] = ()
    baseline_forecast: tuple[float, ...] = ()

    @property
    def beats_baseline(self) -> bool:
        """Whether the model's error is lower than the baseline's."""
        return self.model.mae < self.baseline.mae

    @property
    def summary(self) -> str:
        """The verdict in a sentence, with both errors."""
        if self.beats_baseline:
            verdict = f"{self.method} beats the seasonal-naive baseline"
        else:
            verdict = (
                f"{self.method} does not beat the seasonal-naive baseline: plan with the baseline"
            )
        return (
            f"{verdict} (MAE {self.model.mae:.1f} against {self.baseline.mae:.1f} over "
            f"{self.held_back} months)."
        )


def seasonal_naive(history: Sequence[float], horizon: int) -> list[float]:
    """Each month ahead as the same month of the last year of `history`."""
    last_year = list(history[-SEASON:])
    return [last_year[i % SEASON] for i in range(horizon)]


def _errors(actual: Sequence[float], predicted: Sequence[float], scale: float) -> Errors:
    gaps = [abs(a - p) for a, p in zip(actual, predicted, strict=True)]
    mae = sum(gaps) / len(gaps)
    mape = None
    if all(a != 0 for a in actual):
        mape = 100 * sum(g / abs(a) for g, a in zip(gaps, actual, strict=True)) / len(gaps)
    return Errors(mae, mae / scale if scale > 0 else None, mape)


def backtest(values: Sequence[float], start: date, held_back: int = SEASON) -> Backtest:
    """Fit on all but the last `held_back` months and score both methods on those."""
    if len(values) < MIN_MONTHS + held_back:
        raise NotEnoughHistory(len(values), MIN_MONTHS + held_back)
    train, test = list(values[:-held_back]), list(values[-held_back:])
    model = forecast(train, start, held_back)
    in_sample = [abs(train[t] - train[t - SEASON]) for t in range(SEASON, len(train))]
    scale = sum(in_sample) / len(in_sample)
    predicted = tuple(point.value for point in model.points)
    naive = tuple(seasonal_naive(train, held_back))
    return Backtest(
        held_back,
        model.method,
        _errors(test, predicted, scale),
        _errors(test, naive, scale),
        predicted,
        naive,
    )
