"""The query side of SECURITY.md's checklist: each attack gets its stable code and status.

Requests ask for `application/graphql-response+json`, so a request refused before execution
gets its own HTTP status (with plain `application/json` such refusals are answered 200, as the
GraphQL-over-HTTP specification says).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.demo.fixture import load_fixture
from hub.resolvers.reader import Reader
from tests.client import Graph, auth_headers, graph_client

GRAPHQL_RESPONSE = "application/graphql-response+json"
DEEP = "{ forces { " + "region { forces { " * 7 + "code" + " } }" * 7 + " } }"


@dataclass(frozen=True)
class Case:
    """One attack: the request, who sends it, what the hub answers."""

    query: str | None = None
    status: int = 400
    code: str = ""
    role: str | None = "stakeholder"
    settings: dict[str, Any] = field(default_factory=dict)
    body: bytes | None = None
    content_type: str = "application/json"
    method: str = "POST"
    purpose: str | None = None
    key: str | None = None
    fixture: bool = False


CASES: dict[str, Case] = {
    "too deep": Case(DEEP, code="DEPTH_LIMIT_EXCEEDED"),
    "too many aliases": Case(
        "{ " + " ".join(f"a{i}: ranks {{ code }}" for i in range(16)) + " }",
        code="ALIAS_LIMIT_EXCEEDED",
    ),
    "too many tokens": Case("{ ranks { " + "code " * 2_001 + "} }", code="TOKEN_LIMIT_EXCEEDED"),
    "too many characters": Case("{ ranks { code } }" + "#" * 20_001, code="QUERY_TOO_LARGE"),
    "too many root fields": Case(
        "{ " + " ".join(f"r{i}: __typename" for i in range(5)) + " ranks { code } }",
        code="ROOT_FIELD_LIMIT_EXCEEDED",
        settings={"max_root_fields": 0},
    ),
    "over the cost": Case(
        "{ mutualAidRequests(first: 100) { nodes { commitments { planningUnits {"
        " members { officer { capabilities { code } } } } } } } }",
        code="COST_LIMIT_EXCEEDED",
    ),
    "first: 100000": Case(
        "{ mutualAidRequests(first: 100000) { totalCount } }", status=200, code="PAGE_SIZE_EXCEEDED"
    ),
    "a batch array": Case(body=b'[{"query": "{ ranks { code } }"}]', code="BAD_REQUEST"),
    "introspection, anonymous": Case(
        "{ __schema { types { name } } }",
        status=403,
        code="INTROSPECTION_DISABLED",
        role=None,
        settings={"anonymous_role": "stakeholder"},
    ),
    "federation SDL, anonymous": Case(
        "{ _service { sdl } }",
        status=403,
        code="INTROSPECTION_DISABLED",
        role=None,
        settings={"anonymous_role": "stakeholder"},
    ),
    "suggestions, anonymous": Case(
        "{ rnaks { code } }",
        code="GRAPHQL_VALIDATION_FAILED",
        role=None,
        settings={"anonymous_role": "stakeholder"},
    ),
    "mutation over GET": Case("mutation { x }", status=405, code="BAD_REQUEST", method="GET"),
    "malformed JSON": Case(body=b"{not json", code="BAD_REQUEST"),
    "wrong content type": Case(
        body=b"{ ranks { code } }",
        content_type="application/graphql",
        status=415,
        code="UNSUPPORTED_MEDIA_TYPE",
    ),
    "missing query": Case(body=b"{}", code="BAD_REQUEST"),
    "oversized body": Case(body=b" " * 1_000_001, status=413, code="BODY_TOO_LARGE"),
    "stakeholder mutation": Case(
        "mutation { anything(x: 1) { id } }", status=403, code="FORBIDDEN"
    ),
    "stakeholder personal fields": Case(
        "{ officers(first: 1) { nodes { familyName } } }",
        status=200,
        code="FORBIDDEN_FIELD",
        fixture=True,
    ),
    "no key": Case("{ ranks { code } }", status=401, code="UNAUTHENTICATED", role=None),
    "unknown key": Case("{ ranks { code } }", status=401, code="UNAUTHENTICATED", key="hub_nope"),
    "not a bearer key": Case(
        "{ ranks { code } }", status=401, code="UNAUTHENTICATED", key="Basic abc"
    ),
    "personal data without a purpose": Case(
        "{ officers(first: 1) { nodes { familyName } } }",
        code="PURPOSE_REQUIRED",
        role="coordinator",
    ),
    "a purpose that is not text": Case(
        "{ ranks { code } }", code="PURPOSE_INVALID", purpose="x" * 201
    ),
}


def _headers(case: Case, key: str | None) -> dict[str, str]:
    headers = {**auth_headers(key, case.purpose), "accept": GRAPHQL_RESPONSE}
    if case.key is not None:
        headers["authorization"] = case.key if " " in case.key else f"Bearer {case.key}"
    headers["content-type"] = case.content_type
    return headers


async def _send(graph: Graph, case: Case, key: str | None) -> httpx.Response:
    headers = _headers(case, key)
    if case.method == "GET":
        return await graph.http.get("/graphql", params={"query": case.query}, headers=headers)
    body = case.body
    if body is None:
        body = httpx.Request("POST", "/", json={"query": case.query}).content
    return await graph.http.post("/graphql", content=body, headers=headers)


@pytest.mark.parametrize("name", CASES)
async def test_each_attack_gets_its_code_and_status(
    settings: Settings, engine: AsyncEngine, name: str
) -> None:
    case = CASES[name]
    if case.fixture:
        await load_fixture(engine, requests=1)
    async with graph_client(settings.model_copy(update=case.settings), role=None) as graph:
        key = None if case.role is None else await graph.key(case.role)
        response = await _send(graph, case, key)
    body = response.json()
    assert response.status_code == case.status, body
    assert case.code in {error["extensions"]["code"] for error in body["errors"]}, body
    assert "Did you mean" not in response.text
    if case.status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.fixture
async def graph(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Graph]:
    async with graph_client(settings) as client:
        yield client


async def test_introspection_is_open_to_any_key(graph: Graph) -> None:
    stakeholder = auth_headers(await graph.key("stakeholder"))
    response = await graph.post("{ __schema { queryType { name } } }", headers=stakeholder)
    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


async def test_a_revoked_key_is_refused_once_the_key_cache_expires(graph: Graph) -> None:
    from hub.security.keys import revoke_key

    gate = graph.app.state.gate
    now = [1_000.0]
    gate.clock = lambda: now[0]
    key = await graph.key("stakeholder")
    assert (await graph.post("{ ranks { code } }", headers=auth_headers(key))).status_code == 200
    assert await revoke_key(graph.engine, key[:12]) == 1
    # Remembered for `key_cache_s` (5 s by default), then refused.
    now[0] += 4.9
    assert (await graph.post("{ ranks { code } }", headers=auth_headers(key))).status_code == 200
    now[0] += 0.2
    response = await graph.post("{ ranks { code } }", headers=auth_headers(key))
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_with_no_key_cache_a_revoked_key_is_refused_at_once(
    settings: Settings, engine: AsyncEngine
) -> None:
    from hub.security.keys import revoke_key

    async with graph_client(settings.model_copy(update={"key_cache_s": 0})) as graph:
        key = await graph.key("stakeholder")
        headers = auth_headers(key)
        assert (await graph.post("{ ranks { code } }", headers=headers)).status_code == 200
        assert await revoke_key(graph.engine, key[:12]) == 1
        assert (await graph.post("{ ranks { code } }", headers=headers)).status_code == 401


async def test_a_key_restricted_to_trusted_documents_runs_only_those(graph: Graph) -> None:
    dashboard = "query Dashboard { mutualAidRequests { totalCount } }"
    key = await graph.key("stakeholder", allowed_operations=[dashboard])
    headers = {**auth_headers(key), "accept": GRAPHQL_RESPONSE}
    # The same document, however it is spaced, runs; any other is refused.
    spaced = "query Dashboard {\n  mutualAidRequests {\n    totalCount\n  }\n}\n"
    assert (await graph.post(spaced, headers=headers)).json() == {
        "data": {"mutualAidRequests": {"totalCount": 0}}
    }
    other = await graph.post("{ ranks { code } }", headers=headers)
    assert other.status_code == 403
    assert other.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_ALLOWED"


async def test_over_the_rate_limit_the_answer_is_429_with_retry_after(
    settings: Settings, engine: AsyncEngine
) -> None:
    limited = settings.model_copy(update={"rate_limit_stakeholder": 2})
    async with graph_client(limited, role="stakeholder") as graph:
        statuses = [(await graph.post("{ ranks { code } }")).status_code for _ in range(2)]
        refused = await graph.post("{ ranks { code } }")
        other_key = await graph.post(
            "{ ranks { code } }", headers=auth_headers(await graph.key("stakeholder"))
        )
    assert statuses == [200, 200]
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert other_key.status_code == 200


async def test_a_slow_operation_is_stopped_at_the_timeout(
    settings: Settings, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = Reader.rows

    async def slow_rows(self: Reader, statement: Any) -> Any:
        await asyncio.sleep(1)
        return await rows(self, statement)

    monkeypatch.setattr(Reader, "rows", slow_rows)
    async with graph_client(settings.model_copy(update={"operation_timeout_ms": 50})) as graph:
        response = await graph.post("{ forces { code } }")
    assert response.status_code == 504
    assert response.json() == {
        "errors": [
            {
                "message": "the operation took over 50 ms",
                "extensions": {"code": "OPERATION_TIMEOUT"},
            }
        ]
    }


async def test_a_statement_over_the_statement_timeout_is_cancelled(
    settings: Settings, engine: AsyncEngine
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no statement timeout (the operation timeout covers it)")
    timeout = settings.model_copy(update={"statement_timeout_ms": 100})
    async with graph_client(timeout) as graph, engine.connect() as blocker:
        await blocker.exec_driver_sql("LOCK TABLE officer IN ACCESS EXCLUSIVE MODE")
        response = await graph.post("{ officers { totalCount } }")
        await blocker.rollback()
    body = response.json()
    assert response.status_code == 200
    assert body["errors"][0]["extensions"] == {"code": "STATEMENT_TIMEOUT"}
    assert "SELECT" not in response.text and "officer" not in body["errors"][0]["message"]
