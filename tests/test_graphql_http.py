"""GraphQL over HTTP: request errors, status codes, stable error codes, no suggestions."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from tests.client import Graph, graph_client


@pytest.fixture
async def graph(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Graph]:
    async with graph_client(settings) as client:
        yield client


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b"{not json", "application/json", 400, "BAD_REQUEST"),
        (b"[]", "application/json", 400, "BAD_REQUEST"),
        (b'[{"query": "{ ranks { code } }"}]', "application/json", 400, "BAD_REQUEST"),
        (b"{}", "application/json", 400, "BAD_REQUEST"),
        (b'{"query": 12}', "application/json", 400, "BAD_REQUEST"),
        (
            b'{"query": "{ ranks { code } }", "variables": []}',
            "application/json",
            400,
            "BAD_REQUEST",
        ),
        (b"{ ranks { code } }", "application/graphql", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b'{"query": "{ ranks { code } }"}', "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
    ],
)
async def test_malformed_requests_are_refused_with_a_code(
    graph: Graph, content: bytes, content_type: str, status: int, code: str
) -> None:
    response = await graph.http.post(
        "/graphql", content=content, headers={**graph.headers, "content-type": content_type}
    )
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code
    assert "data" not in response.json()


async def test_an_oversized_body_is_refused_before_it_is_read_whole(graph: Graph) -> None:
    query = "{ ranks { code } }" + " " * 1_100_000
    response = await graph.http.post("/graphql", json={"query": query}, headers=graph.headers)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "BODY_TOO_LARGE"


async def test_queries_over_get_are_refused_but_browsers_get_graphiql(graph: Graph) -> None:
    response = await graph.http.get("/graphql", params={"query": "{ ranks { code } }"})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    page = await graph.http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "<title>Mutual aid hub</title>" in page.text
    assert "mutualAidRequests" in page.text


@pytest.mark.parametrize(
    ("accept", "status"),
    [("application/json", 200), ("application/graphql-response+json", 400)],
)
async def test_validation_errors_have_a_code_and_no_suggestions(
    graph: Graph, accept: str, status: int
) -> None:
    response = await graph.http.post(
        "/graphql",
        json={"query": "{ forces { nme } }"},
        headers={**graph.headers, "accept": accept},
    )
    assert response.status_code == status
    assert response.headers["content-type"].startswith(accept)
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Did you mean" not in body["errors"][0]["message"]


async def test_syntax_errors_and_bad_variables_have_their_own_codes(graph: Graph) -> None:
    syntax = (await graph.post("{ forces { ")).json()
    assert syntax["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    variables = (
        await graph.post("query ($n: Int) { officers(first: $n) { totalCount } }", {"n": "x"})
    ).json()
    assert variables["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_health_and_readiness(graph: Graph) -> None:
    assert (await graph.http.get("/healthz")).json() == {"status": "ok"}
    ready = await graph.http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == "up"


async def test_readiness_reports_a_database_that_is_down(tmp_path: object) -> None:
    settings = Settings(database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none")
    async with graph_client(settings, role=None) as graph:
        ready = await graph.http.get("/readyz")
        assert ready.status_code == 503
        assert ready.json() == {"status": "unavailable", "database": "down"}
        assert (await graph.http.get("/healthz")).status_code == 200


async def test_unexpected_errors_are_masked_with_a_correlation_id(
    graph: Graph, caplog: pytest.LogCaptureFixture
) -> None:
    # The database has no fixture operation, but dropping a table makes resolution fail.
    async with graph.engine.begin() as connection:
        await connection.exec_driver_sql("DROP TABLE travel_booking")
    response = await graph.post("{ travelBookings { totalCount } }")
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "travel_booking" not in response.text and "SELECT" not in response.text
    assert error["extensions"]["correlationId"] in caplog.text
    assert isinstance(response, httpx.Response)
