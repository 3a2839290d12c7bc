"""Persisted documents: the hash instead of the text (Apollo's extension, trusted files)."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

import orjson

from benchmarks.queries import Q1
from hub.config import Settings
from hub.demo.fixture import FixtureCounts
from tests.client import Graph, auth_headers, graph_client

DOCUMENT = "query Forces { forces { code } }"


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _body(digest: str, query: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}
    if query is not None:
        body["query"] = query
    return {**body, **extra}


async def test_apollo_persisted_queries(graph: Graph) -> None:
    text = f"{DOCUMENT} # {uuid.uuid4()}"  # a hash no request has registered yet
    digest = _hash(text)
    unknown = await graph.http.post("/graphql", json=_body(digest), headers=graph.headers)
    assert unknown.status_code == 200
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert unknown.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    registered = await graph.http.post("/graphql", json=_body(digest, text), headers=graph.headers)
    by_hash = await graph.http.post("/graphql", json=_body(digest), headers=graph.headers)
    assert registered.json() == by_hash.json()
    assert by_hash.json()["data"]["forces"]


async def test_a_hash_that_is_not_the_texts_is_refused(graph: Graph) -> None:
    response = await graph.http.post(
        "/graphql", json=_body("0" * 64, DOCUMENT), headers=graph.headers
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_trusted_documents_by_hash_for_a_restricted_key(
    settings: Settings, fixture_counts: FixtureCounts, tmp_path: Path
) -> None:
    trusted = tmp_path / "trusted.json"
    trusted.write_bytes(orjson.dumps({_hash(Q1): Q1}))
    configured = settings.model_copy(update={"trusted_documents": trusted})
    async with graph_client(configured) as graph:
        key = await graph.key("partner", "metropolitan", allowed_operations=[Q1])
        headers = auth_headers(key)
        variables = {"reference": "COP26-MA-0001"}
        by_hash = await graph.http.post(
            "/graphql", json=_body(_hash(Q1), variables=variables), headers=headers
        )
        by_text = await graph.post(Q1, variables, headers=headers)
        other = await graph.post(DOCUMENT, headers=headers)
    assert by_hash.status_code == 200, by_hash.text
    assert by_hash.json() == by_text.json()
    assert by_hash.json()["data"]["mutualAidRequest"]["reference"] == "COP26-MA-0001"
    assert other.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_ALLOWED"
