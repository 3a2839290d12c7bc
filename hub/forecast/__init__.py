"""Demand forecasting: monthly series of requests and officer-days, exponential smoothing
forecasts with prediction intervals, back-tests against a seasonal-naive baseline, and daily
estimates for a planned operation from similar past ones (docs/forecasting.md).

Pure domain maths: nothing here reads the store or knows GraphQL; the resolvers hand it rows.
statsmodels (and numpy and pandas under it) is imported only when a model is fitted.
"""

from hub.forecast.backtest import Backtest, Errors, backtest, seasonal_naive
from hub.forecast.model import Forecast, ForecastPoint, NotEnoughHistory, forecast
from hub.forecast.outlook import Outlook, SeriesOutlook, outlook
from hub.forecast.profiles import (
    DayEstimate,
    Demand,
    OperationDemand,
    PastOperation,
    estimate_operation,
)
from hub.forecast.series import DemandRow, MonthlySeries, month_add, monthly_series

__all__ = [
    "Backtest",
    "DayEstimate",
    "Demand",
    "DemandRow",
    "Errors",
    "Forecast",
    "ForecastPoint",
    "MonthlySeries",
    "NotEnoughHistory",
    "OperationDemand",
    "Outlook",
    "PastOperation",
    "SeriesOutlook",
    "backtest",
    "estimate_operation",
    "forecast",
    "month_add",
    "monthly_series",
    "outlook",
    "seasonal_naive",
]
