"""A word on a statement is priced outside any write transaction: other writes land meanwhile
without waiting, and the word is recorded only on a pricing that still holds (docs/costs.md)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import Executable, update
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from hub.config import Settings
from hub.costs import report as costs_report
from hub.costs.agreement import ATTEMPTS
from hub.store import models as m
from hub.store.engine import is_sqlite
from tests.client import Graph
from tests.costs.test_agreement import AGREE, DUTIES, _code, _say, _words, write_duties

Write = Callable[[int], Executable | None]


@pytest.fixture
async def writer(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """Another client of the database that waits at most a second for a lock (the hub's own
    connections wait 30 s): a write blocked by the word fails at once."""
    url = settings.database_url
    waits = {"timeout": 1} if is_sqlite(url) else {"server_settings": {"lock_timeout": "1000"}}
    engine = create_async_engine(url, connect_args=waits)
    yield engine
    await engine.dispose()


@pytest.fixture
def pricings(
    monkeypatch: pytest.MonkeyPatch, writer: AsyncEngine
) -> Callable[[Write], Awaitable[list[int]]]:
    """Make each pricing of a statement run `write(n)` (n = 1, 2, ...) on `writer` once it has
    read and priced everything, before the word is recorded; the calls are counted."""

    async def install(write: Write) -> list[int]:
        calls: list[int] = []
        price = costs_report.price_operation

        async def price_then_write(*args: Any, **kwargs: Any) -> Any:
            priced = await price(*args, **kwargs)
            calls.append(len(calls) + 1)
            statement = write(len(calls))
            if statement is not None:
                async with writer.begin() as connection:
                    await connection.execute(statement)
            return priced

        monkeypatch.setattr(costs_report, "price_operation", price_then_write)
        return calls

    return install


def _rank(rank: str) -> Executable:
    """The sergeant of the second duty (Metropolitan to Police Scotland) given another rank."""
    return update(m.Officer).where(m.Officer.service_number == "WORD00002").values(rank=rank)


async def test_a_change_between_pricing_and_recording_is_priced_again(
    engine: AsyncEngine, graph: Graph, pricings: Callable[[Write], Awaitable[list[int]]]
) -> None:
    await write_duties(engine, "WORD", DUTIES)
    calls = await pricings(lambda n: _rank("PC") if n == 1 else None)
    word = (await _say(graph, AGREE, note="checked"))["data"]["agreeCostStatement"]
    # Priced at £1,056.00 (a constable's 8 h at £60.00, a sergeant's at £72.00); the sergeant
    # became a constable before the word was recorded: priced again, £960.00 agreed.
    assert calls == [1, 2]
    assert (word["total"], word["difference"]) == ("960.00", "0.00")
    assert word["agreement"] == {"status": "AGREED", "total": "960.00", "note": "checked"}


async def test_a_write_to_what_is_not_priced_records_the_word_at_once(
    engine: AsyncEngine, graph: Graph, pricings: Callable[[Write], Awaitable[list[int]]]
) -> None:
    # The operation's name: no statement prices it, and PostgreSQL's word once held a lock on
    # the operation's row while pricing (SQLite's word, the whole database).
    rename = update(m.Operation).where(m.Operation.code == "WORD").values(name="Renamed")
    await write_duties(engine, "WORD", DUTIES)
    calls = await pricings(lambda n: rename if n == 1 else None)
    word = (await _say(graph, AGREE))["data"]["agreeCostStatement"]
    assert calls == [1]
    assert word["agreement"]["total"] == word["total"] == "1056.00"


async def test_a_statement_that_keeps_changing_takes_no_word(
    engine: AsyncEngine, graph: Graph, pricings: Callable[[Write], Awaitable[list[int]]]
) -> None:
    await write_duties(engine, "WORD", DUTIES)
    calls = await pricings(lambda n: _rank("PC" if n % 2 else "SGT"))
    result = await _say(graph, AGREE)
    assert _code(result) == "STATEMENT_CHANGING"
    assert "give the word again" in result["errors"][0]["message"]
    assert calls == list(range(1, ATTEMPTS + 1))
    assert await _words(engine) == 0
