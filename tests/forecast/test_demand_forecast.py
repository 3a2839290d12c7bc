"""`demandForecast` over HTTP on known monthly series, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from tests.client import Graph, auth_headers, graph_client
from tests.forecast.conftest import Asked, load_operations, load_requests, monthly
from tests.helpers import count_statements

FIRST = date(2021, 1, 1)
SEASON = [0, 2, 5, 9, 12, 14, 12, 9, 5, 2, 0, 1]
# Five years of a yearly pattern on a rising level: one more request every other month.
TRENDED = [10 + t // 2 + SEASON[t % 12] for t in range(60)]
# Four years of different patterns, then the fourth year again: seasonal naive is exact on it.
YEARS = [[3, 5, 2, 8, 1, 6, 4, 7, 2, 9, 3, 5], [6, 2, 7, 3, 9, 1, 5, 2, 8, 4, 6, 2]]
REPEATED = YEARS[0] + YEARS[1] + YEARS[0] + YEARS[1] + YEARS[1]
SPIKE_DAY = date(2023, 7, 20)

SERIES = """method level history { month value }
  forecast { month value lower upper }
  backtest { heldBackMonths method beatsBaseline summary
             model { mae mase mape } baseline { mae mase mape } }"""
QUERY = f"""query($capability: String!, $months: Int!, $exclude: [String!]) {{
  demandForecast(capability: $capability, months: $months, level: 0.9,
                 excludeOperations: $exclude) {{
    capability {{ code }} historyFrom historyTo
    requests {{ {SERIES} }}
    officerDays {{ {SERIES} }}
  }}
}}"""


def _month(index: int) -> str:
    year, month = divmod(index, 12)
    return date(2021 + year, month + 1, 1).isoformat()


def _seasonal_naive_mae(values: list[int]) -> float:
    return sum(abs(values[t] - values[t - 12]) for t in range(48, 60)) / 12


async def _forecast(
    graph: Graph, capability: str, months: int = 6, exclude: list[str] | None = None
) -> dict[str, Any]:
    variables = {"capability": capability, "months": months, "exclude": exclude}
    data = await graph.data(QUERY, variables)
    result: dict[str, Any] = data["demandForecast"]
    return result


def _check_shape(series: dict[str, Any], history: list[int], months: int) -> None:
    assert [m["value"] for m in series["history"]] == history
    assert [m["month"] for m in series["history"]] == [_month(i) for i in range(60)]
    assert [p["month"] for p in series["forecast"]] == [_month(60 + i) for i in range(months)]
    assert series["level"] == 0.9
    for point in series["forecast"]:
        assert 0 <= point["lower"] <= point["value"] <= point["upper"]
        assert point["lower"] < point["upper"]


async def test_forecasts_and_backtests_known_series(
    engine: AsyncEngine, settings: Settings, tmp_path: Path
) -> None:
    # A one-off event in July 2023 that a planner leaves out of the history.
    await load_operations(engine, tmp_path, [("SPIKE", "One-off", SPIKE_DAY, SPIKE_DAY)])
    await load_requests(
        engine,
        tmp_path,
        monthly("PUBLIC_ORDER_L2", TRENDED, FIRST, officers=3)
        + [Asked("PUBLIC_ORDER_L2", 3, SPIKE_DAY, operation="SPIKE")] * 40
        + monthly("SEARCH_TEAM", REPEATED, FIRST)
        + monthly("MOUNTED", [1] * 20, FIRST)
        + monthly("NEGOTIATOR", [1] * 24, FIRST, officers=1)
        + [Asked("NEGOTIATOR", 5, date(2021, 1, 30), days=4)],  # 30 January to 2 February
    )
    async with graph_client(settings) as graph:
        with_spike = await _forecast(graph, "PUBLIC_ORDER_L2", 1)
        spiked = [m["value"] for m in with_spike["requests"]["history"]]
        assert spiked == [v + 40 * (i == 30) for i, v in enumerate(TRENDED)]
        with count_statements(graph.engine) as log:
            trended = await _forecast(graph, "PUBLIC_ORDER_L2", exclude=["SPIKE"])
        # The demand is read in one grouped statement, whatever the length of the history.
        assert sum("mutual_aid_request" in sql for sql in log.statements) == 1, log.statements
        assert trended["capability"] == {"code": "PUBLIC_ORDER_L2"}
        assert (trended["historyFrom"], trended["historyTo"]) == ("2021-01-01", "2025-12-01")
        _check_shape(trended["requests"], TRENDED, 6)
        _check_shape(trended["officerDays"], [3 * v for v in TRENDED], 6)
        tested = trended["requests"]["backtest"]
        assert tested["heldBackMonths"] == 12
        assert abs(tested["baseline"]["mae"] - _seasonal_naive_mae(TRENDED)) < 1e-9
        assert tested["beatsBaseline"] is True
        assert tested["model"]["mae"] < tested["baseline"]["mae"]
        assert tested["model"]["mase"] < tested["baseline"]["mase"]
        assert "beats the seasonal-naive baseline" in tested["summary"]
        assert trended["officerDays"]["backtest"]["beatsBaseline"] is True

        searched = await _forecast(graph, "SEARCH_TEAM", 1)
        repeated = searched["requests"]
        _check_shape(repeated, REPEATED, 1)
        tested = repeated["backtest"]
        assert tested["baseline"]["mae"] == 0 and tested["baseline"]["mape"] == 0
        assert tested["model"]["mae"] > 0
        assert tested["beatsBaseline"] is False
        assert "does not beat the seasonal-naive baseline" in tested["summary"]

        stakeholder = auth_headers(await graph.key("stakeholder"), purpose=None)
        response = await graph.post(
            QUERY, {"capability": "SEARCH_TEAM", "months": 1}, headers=stakeholder
        )
        assert response.status_code == 200
        # A stakeholder reads the same aggregates (no person in them), without a purpose.
        assert response.json() == {"data": {"demandForecast": searched}}
        too_many = await graph.execute(
            QUERY, {"capability": "SEARCH_TEAM", "months": 1, "exclude": ["X"] * 11}
        )
        assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

        # Requests count in the month they start; officer-days in the month of each day.
        split = await _forecast(graph, "NEGOTIATOR", 1)
        assert [m["value"] for m in split["requests"]["history"][:3]] == [2, 1, 1]
        assert [m["value"] for m in split["officerDays"]["history"][:3]] == [11, 11, 1]
        assert split["requests"]["backtest"] is None  # 24 months: a forecast, no back-test

        unknown = await graph.data(QUERY, {"capability": "NO_SUCH", "months": 1})
        assert unknown == {"demandForecast": None}
        short = await graph.execute(QUERY, {"capability": "MOUNTED", "months": 1})
        assert short["errors"][0]["extensions"]["code"] == "NOT_ENOUGH_HISTORY"
        too_far = await graph.execute(QUERY, {"capability": "SEARCH_TEAM", "months": 25})
        assert too_far["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
