"""A compiled read on PostgreSQL after the server dropped the pooled connection.

Pooled connections are pinged only after sitting idle (`hub.store.engine.PING_IDLE_S`), not on
every checkout, so a compiled read may meet a connection the server closed: the general path
then answers on a new one, and the client sees no difference.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from hub.plan import PATH_HEADER
from hub.store import engine as store_engine
from tests.client import Graph

LOOKUP = """query Lookup($reference: String!) {
  mutualAidRequest(reference: $reference) { reference status requestingForce { code } }
}"""


async def _reference(graph: Graph) -> str:
    found = await graph.post("{ mutualAidRequests(first: 1) { nodes { reference } } }")
    return str(found.json()["data"]["mutualAidRequests"]["nodes"][0]["reference"])


async def _drop_read_connection(graph: Graph, database_url: str) -> None:
    """Terminate the server side of the read pool's connection (requests here run one after
    another, so the pool holds one), as a server restart would."""
    async with graph.engine.connect() as connection:
        pid = await connection.scalar(text("SELECT pg_backend_pid()"))
    killer = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with killer.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await killer.dispose()


@pytest.fixture
def postgres_only(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL: a backend terminated from another connection")


@pytest.mark.usefixtures("postgres_only")
async def test_a_connection_dropped_in_use_is_answered_by_the_general_path(
    graph: Graph, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_engine, "PING_IDLE_S", 3600.0)  # never pinged
    reference = await _reference(graph)
    before = await graph.post(LOOKUP, {"reference": reference})
    assert before.headers[PATH_HEADER] == "compiled"
    await _drop_read_connection(graph, database_url)
    after = await graph.post(LOOKUP, {"reference": reference})
    assert after.status_code == 200
    assert after.content == before.content
    assert after.headers[PATH_HEADER] == "general"
    again = await graph.post(LOOKUP, {"reference": reference})  # on the new connection
    assert (again.content, again.headers[PATH_HEADER]) == (before.content, "compiled")


@pytest.mark.usefixtures("postgres_only")
async def test_an_idle_connection_is_pinged_and_replaced_before_use(
    graph: Graph, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_engine, "PING_IDLE_S", 0.0)  # every returned one counts as idle
    reference = await _reference(graph)
    before = await graph.post(LOOKUP, {"reference": reference})
    await _drop_read_connection(graph, database_url)
    after = await graph.post(LOOKUP, {"reference": reference})
    assert after.status_code == 200
    assert (after.content, after.headers[PATH_HEADER]) == (before.content, "compiled")
