"""The counters whose source differs by database (PostgreSQL shares rate limits through a
table, SQLite counts in memory), read from GET /metrics of the app on SQLite and PostgreSQL."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.demo.fixture import load_fixture
from tests.client import Graph, auth_headers, graph_client

TOKEN = "metrics-token-of-the-database-tests"
OFFICERS = "query DbOfficers { officers(first: 3) { nodes { serviceNumber } } }"


async def scrape(graph: Graph) -> dict[str, float]:
    """Each counter's samples added up over their labels (the registry is the process's)."""
    response = await graph.http.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    totals: dict[str, float] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            totals[sample.name] = totals.get(sample.name, 0.0) + sample.value
    return totals


async def test_refusals_audits_and_statements(settings: Settings, engine: AsyncEngine) -> None:
    await load_fixture(engine, requests=2)
    limited = Settings(
        database_url=settings.database_url, metrics_token=TOKEN, rate_limit_stakeholder=2
    )
    async with graph_client(limited) as graph:
        stakeholder = auth_headers(await graph.key("stakeholder"))
        before = await scrape(graph)
        statuses = [(await graph.post(OFFICERS, headers=stakeholder)).status_code for _ in "abc"]
        assert statuses.count(429) == 1, statuses
        assert (await graph.data(OFFICERS))["officers"]["nodes"][0]["serviceNumber"]
        after = await scrape(graph)
    grew = {name: after.get(name, 0.0) - before.get(name, 0.0) for name in after}
    assert grew["hub_rate_limit_refusals_total"] == 1
    assert grew["hub_audit_writes_total"] == 1
    assert grew["hub_graphql_requests_total"] == 4
    assert grew["hub_graphql_request_sql_statements_sum"] >= 4
