"""What demand is coming: monthly forecasts per capability, with their back-tests, and a
planned operation's daily demand from similar past operations (docs/forecasting.md).

Every figure is an aggregate of requests (no person), so every role may read them.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Annotated

import strawberry

from hub import forecast as fc
from hub.errors import BadUserInput
from hub.resolvers import forecast as store
from hub.resolvers import queries
from hub.schema.base import HubInfo
from hub.schema.operation import Operation
from hub.schema.prefetch import prefetch
from hub.schema.reference import Capability

MAX_MONTHS = 24
MAX_SIMILAR = 10


async def _capability(info: HubInfo, code: str) -> Capability:
    found: Capability = await queries.by_key(info.context, "Capability", code)
    return found


async def _operation(info: HubInfo, code: str) -> Operation | None:
    found: Operation | None = await queries.by_key(info.context, "Operation", code)
    if found is not None:
        await prefetch(info, [found])
    return found


@strawberry.type(description="One month of a demand series as it happened.")
class DemandMonth:
    """A month of history."""

    month: date = strawberry.field(description="The month, as its first day.")
    value: float = strawberry.field(description="Requests, or officer-days, of the month.")


@strawberry.type(description="One month ahead: the point forecast and its prediction interval.")
class ForecastMonth:
    """A month of a forecast."""

    month: date = strawberry.field(description="The month, as its first day.")
    value: float = strawberry.field(description="The point forecast (never below 0).")
    lower: float = strawberry.field(description="Lower end of the prediction interval.")
    upper: float = strawberry.field(description="Upper end of the prediction interval.")


@strawberry.type(description="How far one method's forecasts of held-back months were.")
class ForecastErrors:
    """Errors over the held-back months."""

    mae: float = strawberry.field(description="Mean absolute error, in the series' unit.")
    mase: float | None = strawberry.field(
        description="Mean absolute scaled error: MAE over the in-sample MAE of the "
        "seasonal-naive method (null when that is 0). Below 1 beats it in-sample."
    )
    mape: float | None = strawberry.field(
        description="Mean absolute percentage error (null when a held-back month is 0)."
    )


@strawberry.type(description="A back-test: the last months held back, forecast from the rest.")
class DemandBacktest:
    """The model against the seasonal-naive baseline (each month as a year before)."""

    held_back_months: int = strawberry.field(description="Months held back and forecast.")
    method: str = strawberry.field(description="The model chosen on the shorter history.")
    model: ForecastErrors = strawberry.field(description="The model's errors.")
    baseline: ForecastErrors = strawberry.field(description="The seasonal-naive errors.")
    beats_baseline: bool = strawberry.field(
        description="Whether the model's MAE is lower than the baseline's. When false, "
        "plan with the baseline: this model does not beat it on this series."
    )
    summary: str = strawberry.field(description="The verdict in a sentence.")


@strawberry.type(description="A monthly demand series, its forecast and its back-test.")
class DemandSeriesForecast:
    """One measure of demand for one capability."""

    method: str = strawberry.field(
        description="The exponential smoothing model, e.g. `ETS(A,Ad,A)` (error, trend, "
        "seasonality: A additive, Ad additive damped, N none), or `constant`."
    )
    level: float = strawberry.field(description="Coverage of the prediction intervals.")
    history: list[DemandMonth] = strawberry.field(description="The months it was fitted to.")
    forecast: list[ForecastMonth] = strawberry.field(description="The months ahead.")
    backtest: DemandBacktest | None = strawberry.field(
        description="The back-test on the last 12 months (null with under 36 months of history)."
    )


@strawberry.type(description="Forecast demand for one capability, per month.")
class DemandForecast:
    """Requests and officer-days asked for, as they were and as forecast."""

    capability_code: strawberry.Private[str]
    history_from: date = strawberry.field(description="First month of the history (first day).")
    history_to: date = strawberry.field(description="Last month of the history (first day).")
    requests: DemandSeriesForecast = strawberry.field(
        description="Requests raised per month (by the month of their first day)."
    )
    officer_days: DemandSeriesForecast = strawberry.field(
        description="Officer-days asked for per month (each day in its own month)."
    )

    @strawberry.field(description="The capability forecast.")
    async def capability(self, info: HubInfo) -> Capability:
        return await _capability(info, self.capability_code)


@strawberry.type(description="A past operation the estimate draws on, and how alike it is.")
class SimilarOperation:
    """One operation of the comparison."""

    code: strawberry.Private[str]
    similarity: float = strawberry.field(
        description="Shared words of name and description (0 to 1) plus a quarter of the "
        "ratio of the shorter duration to the longer (0 to 0.25)."
    )

    @strawberry.field(description="The past operation.")
    async def operation(self, info: HubInfo) -> Operation | None:
        return await _operation(info, self.code)


@strawberry.type(description="Officers one capability is likely to need on one day.")
class DailyDemandEstimate:
    """The mean of the similar operations for the day, and their range."""

    capability_code: strawberry.Private[str]
    day: date = strawberry.field(name="date", description="The day.")
    officers: float = strawberry.field(description="Mean officers of the similar operations.")
    low: int = strawberry.field(description="The fewest officers among them.")
    high: int = strawberry.field(description="The most officers among them.")

    @strawberry.field(description="The capability.")
    async def capability(self, info: HubInfo) -> Capability:
        return await _capability(info, self.capability_code)


@strawberry.type(description="A planned operation's demand, estimated from similar past ones.")
class OperationDemandEstimate:
    """Daily demand per capability, and what it is based on."""

    code: strawberry.Private[str]
    based_on: list[SimilarOperation] = strawberry.field(
        description="The past operations compared, most similar first (empty: no estimate)."
    )
    days: list[DailyDemandEstimate] = strawberry.field(
        description="Each day (build-up and wind-down included) and capability with demand, "
        "by day then capability."
    )

    @strawberry.field(description="The planned operation.")
    async def operation(self, info: HubInfo) -> Operation | None:
        return await _operation(info, self.code)

    @strawberry.field(
        description="Officer-days of the whole estimate, every capability together "
        "(the sum of `days.officers`)."
    )
    def officer_days(self) -> float:
        return sum(day.officers for day in self.days)


def _series(result: fc.SeriesOutlook, start: date) -> DemandSeriesForecast:
    ahead = result.forecast
    return DemandSeriesForecast(
        method=ahead.method,
        level=ahead.level,
        history=[
            DemandMonth(month=fc.month_add(start, i), value=v) for i, v in enumerate(result.history)
        ],
        forecast=[
            ForecastMonth(month=p.month, value=p.value, lower=p.lower, upper=p.upper)
            for p in ahead.points
        ],
        backtest=None if result.backtest is None else _backtest(result.backtest),
    )


def _errors(errors: fc.Errors) -> ForecastErrors:
    return ForecastErrors(mae=errors.mae, mase=errors.mase, mape=errors.mape)


def _backtest(result: fc.Backtest) -> DemandBacktest:
    return DemandBacktest(
        held_back_months=result.held_back,
        method=result.method,
        model=_errors(result.model),
        baseline=_errors(result.baseline),
        beats_baseline=result.beats_baseline,
        summary=result.summary,
    )


def _demand_forecast(
    code: str, rows: list[fc.DemandRow], months: int, level: float
) -> DemandForecast:
    result = fc.outlook(code, rows, months, level, datetime.now(UTC).date())
    return DemandForecast(
        capability_code=code,
        history_from=result.start,
        history_to=result.last,
        requests=_series(result.requests, result.start),
        officer_days=_series(result.officer_days, result.start),
    )


def _check(value: float, low: float, high: float, argument: str) -> None:
    if not low <= value <= high:
        raise BadUserInput(
            "BAD_USER_INPUT", f"`{argument}` must be between {low} and {high}", argument=argument
        )


@strawberry.type(description="Forecasts of demand.")
class ForecastQuery:
    """Root fields of forecasting."""

    @strawberry.field(
        description="Requests and officer-days per month for one capability: the history, "
        "an exponential smoothing forecast with prediction intervals, and a back-test against "
        "a seasonal-naive baseline. Null for an unknown capability."
    )
    async def demand_forecast(
        self,
        info: HubInfo,
        capability: Annotated[str, strawberry.argument(description="The capability's code.")],
        months: Annotated[int, strawberry.argument(description="Months ahead (1 to 24).")] = 12,
        level: Annotated[
            float, strawberry.argument(description="Interval coverage (0.5 to 0.99).")
        ] = 0.8,
        exclude_operations: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Codes of operations whose requests to leave out of the history, "
                "such as a one-off event that no year will repeat (at most 10)."
            ),
        ] = None,
    ) -> DemandForecast | None:
        _check(months, 1, MAX_MONTHS, "months")
        _check(level, 0.5, 0.99, "level")
        excluded = exclude_operations or []
        _check(len(excluded), 0, MAX_SIMILAR, "excludeOperations")
        reader = info.context.reader
        pk = await store.capability_id(reader, capability)
        if pk is None:
            return None
        rows = await store.capability_demand(reader, pk, excluded)
        try:
            return await asyncio.to_thread(_demand_forecast, capability, rows, months, level)
        except fc.NotEnoughHistory as error:
            raise BadUserInput("NOT_ENOUGH_HISTORY", str(error), argument="capability") from None

    @strawberry.field(
        description="A planned operation's officers per day and capability, from the "
        "profiles of the most similar operations that ended before it began (or of those "
        "named). Null for an unknown operation."
    )
    async def operation_demand_estimate(
        self,
        info: HubInfo,
        operation: Annotated[str, strawberry.argument(description="The operation's code.")],
        similar: Annotated[
            int, strawberry.argument(description="How many similar operations (1 to 10).")
        ] = 3,
        compare_with: Annotated[
            list[str] | None,
            strawberry.argument(description="Codes of the operations to compare with instead."),
        ] = None,
    ) -> OperationDemandEstimate | None:
        _check(similar, 1, MAX_SIMILAR, "similar")
        if compare_with is not None:
            _check(len(compare_with), 1, MAX_SIMILAR, "compareWith")
        reader = info.context.reader
        planned = await store.operation(reader, operation)
        if planned is None:
            return None
        before = None if compare_with is not None else planned.starts_on
        past = await store.operations_with_demand(reader, before)
        result = fc.estimate_operation(planned, past, similar, compare_with)
        return OperationDemandEstimate(
            code=planned.code,
            based_on=[SimilarOperation(code=op.code, similarity=s) for op, s in result.similar],
            days=[
                DailyDemandEstimate(
                    capability_code=d.capability,
                    day=d.day,
                    officers=d.officers,
                    low=d.low,
                    high=d.high,
                )
                for d in result.days
            ],
        )
