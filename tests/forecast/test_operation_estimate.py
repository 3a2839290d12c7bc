"""`operationDemandEstimate` over HTTP on known past operations, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from tests.client import auth_headers, graph_client
from tests.forecast.conftest import Asked, load_operations, load_requests
from tests.helpers import count_statements

QUERY = """query($operation: String!, $similar: Int!, $compareWith: [String!]) {
  operationDemandEstimate(operation: $operation, similar: $similar, compareWith: $compareWith) {
    operation { code }
    basedOn { similarity operation { code leadForce { code } } }
    days { date capability { code } officers low high }
    officerDays
  }
}"""

OPERATIONS = [
    ("SUMMIT-A", "Leaders summit at the coast", date(2023, 6, 1), date(2023, 6, 3)),
    ("SUMMIT-B", "Leaders summit in the city", date(2024, 6, 1), date(2024, 6, 3)),
    ("FOOTBALL", "Cup final", date(2024, 5, 1), date(2024, 5, 1)),
    ("SUMMIT-C", "Leaders summit planned", date(2027, 6, 7), date(2027, 6, 9)),
]


def _asked(operation: str, first: date, capability: str, officers: list[int]) -> list[Asked]:
    """One one-day request a day from `first` (a day later each), asking for `officers[i]`."""
    return [
        Asked(capability, n, first + timedelta(days=i), operation=operation)
        for i, n in enumerate(officers)
        if n
    ]


async def test_estimate_from_similar_operations(
    engine: AsyncEngine, settings: Settings, tmp_path: Path
) -> None:
    await load_operations(engine, tmp_path, OPERATIONS)
    await load_requests(
        engine,
        tmp_path,
        _asked("SUMMIT-A", date(2023, 6, 1), "PUBLIC_ORDER_L2", [50, 100, 50])
        + _asked("SUMMIT-A", date(2023, 5, 31), "SEARCH_TEAM", [14])  # the day before
        + _asked("SUMMIT-B", date(2024, 6, 1), "PUBLIC_ORDER_L2", [100, 100, 0])
        + _asked("FOOTBALL", date(2024, 5, 1), "MOUNTED", [8]),
    )
    async with graph_client(settings) as graph:
        variables = {"operation": "SUMMIT-C", "similar": 2, "compareWith": None}
        with count_statements(graph.engine) as log:
            found = (await graph.data(QUERY, variables))["operationDemandEstimate"]
        # Every past operation's demand is read in one statement.
        assert sum("mutual_aid_request" in sql for sql in log.statements) == 1, log.statements
        assert found["operation"] == {"code": "SUMMIT-C"}
        based_on = [entry["operation"]["code"] for entry in found["basedOn"]]
        assert based_on == ["SUMMIT-B", "SUMMIT-A"]  # as alike: the more recent first
        assert found["basedOn"][0]["operation"]["leadForce"] == {"code": "kent"}
        assert found["basedOn"][0]["similarity"] == found["basedOn"][1]["similarity"]
        days = [
            (d["date"], d["capability"]["code"], d["officers"], d["low"], d["high"])
            for d in found["days"]
        ]
        assert days == [
            ("2027-06-06", "SEARCH_TEAM", 7.0, 0, 14),
            ("2027-06-07", "PUBLIC_ORDER_L2", 75.0, 50, 100),
            ("2027-06-08", "PUBLIC_ORDER_L2", 100.0, 100, 100),
            ("2027-06-09", "PUBLIC_ORDER_L2", 25.0, 0, 50),
        ]
        assert found["officerDays"] == 207.0

        # Named operations replace the similar ones; a one-day profile covers every day.
        variables = {"operation": "SUMMIT-C", "similar": 3, "compareWith": ["FOOTBALL"]}
        named = (await graph.data(QUERY, variables))["operationDemandEstimate"]
        assert [d["officers"] for d in named["days"]] == [8.0, 8.0, 8.0]
        assert {d["capability"]["code"] for d in named["days"]} == {"MOUNTED"}

        stakeholder = auth_headers(await graph.key("stakeholder"), purpose=None)
        variables = {"operation": "SUMMIT-C", "similar": 2, "compareWith": None}
        response = await graph.post(QUERY, variables, headers=stakeholder)
        assert response.json() == {"data": {"operationDemandEstimate": found}}

        missing = {"operation": "NO-SUCH", "similar": 2, "compareWith": None}
        assert await graph.data(QUERY, missing) == {"operationDemandEstimate": None}
        too_many = {"operation": "SUMMIT-C", "similar": 11, "compareWith": None}
        error = (await graph.execute(QUERY, too_many))["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
