"""The connections a compiled read runs on.

Pooled connections are pinged only after sitting idle (`hub.store.engine.PING_IDLE_S`), not on
every checkout, so a compiled read on PostgreSQL may meet a connection the server closed: the
general path then answers on a new one, and the client sees no difference. On SQLite a light
plan (a look-up by key) runs on the event loop's thread, on a connection of its own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from hub.plan import PATH_HEADER, _inline
from hub.plan._inline import inline_connection
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


@contextmanager
def _checkouts(engine: AsyncEngine) -> Iterator[list[int]]:
    """How many connections the engine's pool hands out in the block."""
    counted: list[int] = []

    def checkout(*_: Any) -> None:
        counted.append(1)

    event.listen(engine.sync_engine, "checkout", checkout)
    try:
        yield counted
    finally:
        event.remove(engine.sync_engine, "checkout", checkout)


async def test_a_look_up_by_key_on_sqlite_takes_no_pooled_connection(
    graph: Graph, database_url: str
) -> None:
    reference = await _reference(graph)
    general = await graph.post(LOOKUP, {"reference": reference}, headers=_general(graph))
    with _checkouts(graph.engine) as looked_up:
        answer = await graph.post(LOOKUP, {"reference": reference})
    assert answer.headers[PATH_HEADER] == "compiled"
    assert answer.content == general.content
    # SQLite: read on the event loop's thread (no pool, no thread hand-off); PostgreSQL: pooled.
    assert len(looked_up) == (0 if database_url.startswith("sqlite") else 1)
    with _checkouts(graph.engine) as paged:
        page = await graph.post("{ mutualAidRequests(first: 2) { nodes { reference } } }")
    assert page.headers[PATH_HEADER] == "compiled"
    assert len(paged) == 1  # not light: on a pooled connection, on its thread


class _Busy:
    """A connection that finds the database locked, as SQLite answers a connection that may
    not wait (another process holding the file for a while)."""

    def execute(self, *_: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")


async def test_a_look_up_that_cannot_read_at_once_goes_the_usual_way(
    graph: Graph, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite: light plans run on the loop's thread")
    reference = await _reference(graph)
    general = await graph.post(LOOKUP, {"reference": reference}, headers=_general(graph))
    assert inline_connection(graph.engine) is not None
    monkeypatch.setitem(_inline._OPEN, graph.engine.sync_engine, _Busy())
    with _checkouts(graph.engine) as waited:
        answer = await graph.post(LOOKUP, {"reference": reference})
    assert (answer.content, answer.headers[PATH_HEADER]) == (general.content, "compiled")
    assert len(waited) == 1  # the pooled connection's thread may wait; the loop's never does


def _general(graph: Graph) -> dict[str, str]:
    return {**graph.headers, PATH_HEADER: "general"}
