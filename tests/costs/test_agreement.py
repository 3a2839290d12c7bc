"""`agreeCostStatement` and `disputeCostStatement`: the requesting force's word on a statement
over GraphQL, with the rules of `hub costs agree|dispute` (docs/costs.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.costs import checks, load_rates, rates
from hub.costs import report as costs_report
from hub.store import models as m
from hub.store.engine import is_sqlite
from tests.client import Graph, auth_headers
from tests.costs.conftest import Duty, utc, write_duties
from tests.helpers import count_statements

MET, SCOT, CUMBRIA = "metropolitan", "police-scotland", "cumbria"
DUTIES = [
    Duty(MET, SCOT, "PC", utc(2021, 11, 2, 7), utc(2021, 11, 2, 15)),
    Duty(MET, SCOT, "SGT", utc(2021, 11, 3, 7), utc(2021, 11, 3, 15)),
    Duty(SCOT, SCOT, "PC", utc(2021, 11, 3, 7), utc(2021, 11, 3, 15)),
]
WORD = """
mutation Word($input: CostAgreementInput!) {
  %s(input: $input) {
    providingForce { code } requestingForce { code } total difference
    agreement { status total note }
  }
}
"""
AGREE, DISPUTE = WORD % "agreeCostStatement", WORD % "disputeCostStatement"
READ = """
{ costStatement(operation: "WORD", providingForce: "metropolitan",
                requestingForce: "police-scotland") { total agreement { status total note } } }
"""


def _input(**changes: Any) -> dict[str, Any]:
    return {"operation": "WORD", "providingForce": MET, "requestingForce": SCOT, **changes}


async def _say(
    graph: Graph, mutation: str, headers: dict[str, str] | None = None, **changes: Any
) -> dict[str, Any]:
    response = await graph.post(mutation, {"input": _input(**changes)}, headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _code(result: dict[str, Any]) -> str:
    (error,) = result["errors"]
    assert result.get("data") is None
    code: str = error["extensions"]["code"]
    return code


async def _words(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(select(func.count()).select_from(m.CostAgreement))
    return int(count or 0)


def _dearer(tmp_path: Path) -> rates.Rates:
    """The published rates with a constable's hourly cost raised from £60.00 to £66.00."""
    source = rates.rates_folder()
    (tmp_path / "holidays").mkdir()
    for path in source.glob("holidays/*.csv"):
        (tmp_path / "holidays" / path.name).write_text(path.read_text())
    for path in source.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text().replace('PC: "60.00"', 'PC: "66.00"'))
    return load_rates(tmp_path)


async def test_the_requesting_force_agrees_then_disputes_the_total_it_read(
    engine: AsyncEngine, graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await write_duties(engine, "WORD", DUTIES)
    scotland = auth_headers(await graph.key("partner", SCOT))
    agreed = await _say(graph, AGREE, scotland, note="checked", expectedTotal="1056.00")
    assert agreed == {
        "data": {
            "agreeCostStatement": {
                "providingForce": {"code": MET},
                "requestingForce": {"code": SCOT},
                "total": "1056.00",
                "difference": "0.00",
                "agreement": {"status": "AGREED", "total": "1056.00", "note": "checked"},
            }
        }
    }
    assert (await graph.data(READ))["costStatement"]["agreement"]["status"] == "AGREED"

    # A dearer rate set re-prices the statement: a word on the total read before is refused.
    dearer = _dearer(tmp_path)
    monkeypatch.setattr(rates, "standard_rates", lambda: dearer)
    stale = await _say(graph, DISPUTE, scotland, note="too dear", expectedTotal="1056.00")
    assert _code(stale) == "TOTAL_CHANGED"
    assert stale["errors"][0]["extensions"]["currentTotal"] == "1104.00"
    assert (await graph.data(READ))["costStatement"] == {
        "total": "1104.00",
        "agreement": {"status": "AGREED", "total": "1056.00", "note": "checked"},
    }
    disputed = await _say(graph, DISPUTE, scotland, note="rates of 2022?")
    word = disputed["data"]["disputeCostStatement"]
    assert (word["total"], word["difference"]) == ("1104.00", "0.00")
    assert word["agreement"] == {"status": "DISPUTED", "total": "1104.00", "note": "rates of 2022?"}
    assert await _words(engine) == 1  # the latest word replaces the earlier one


@pytest.mark.parametrize(
    ("role", "force"),
    [("partner", MET), ("partner", CUMBRIA), ("stakeholder", None), ("ingest", SCOT)],
    ids=["providing-force", "another-force", "stakeholder", "ingest"],
)
async def test_only_the_requesting_force_or_a_coordinator_gives_the_word(
    role: str, force: str | None, engine: AsyncEngine, graph: Graph
) -> None:
    await write_duties(engine, "WORD", DUTIES)
    headers = auth_headers(await graph.key(role, force))
    assert _code(await _say(graph, AGREE, headers)) == "FORBIDDEN"
    assert _code(await _say(graph, DISPUTE, headers)) == "FORBIDDEN"
    assert await _words(engine) == 0
    coordinator = await _say(graph, DISPUTE)  # the test's own key
    assert coordinator["data"]["disputeCostStatement"]["agreement"]["status"] == "DISPUTED"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"operation": "NOPE"}, "UNKNOWN_OPERATION"),
        ({"providingForce": "atlantis"}, "UNKNOWN_FORCE"),
        ({"providingForce": CUMBRIA}, "NOT_FOUND"),  # Cumbria sent no one
        ({"note": "x" * 2_001}, "BAD_USER_INPUT"),
        ({"expectedTotal": "NaN"}, "BAD_USER_INPUT"),
    ],
    ids=["operation", "force", "statement", "note", "total"],
)
async def test_a_word_on_no_statement_or_with_bad_input_records_nothing(
    changes: dict[str, Any], code: str, engine: AsyncEngine, graph: Graph
) -> None:
    await write_duties(engine, "WORD", DUTIES)
    assert _code(await _say(graph, AGREE, **changes)) == code
    assert await _words(engine) == 0


async def test_statements_that_do_not_reconcile_take_no_word(
    engine: AsyncEngine, graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    await write_duties(engine, "WORD", DUTIES)

    def missing_one(costs: Any, expected: Any) -> checks.Reconciliation:
        return checks.reconcile(costs, [*expected, 10**9])

    monkeypatch.setattr(costs_report, "reconcile", missing_one)
    result = await _say(graph, AGREE)
    assert _code(result) == "STATEMENTS_DO_NOT_RECONCILE"
    assert str(10**9) in result["errors"][0]["message"]
    assert await _words(engine) == 0


async def test_a_word_costs_the_same_statements_however_many_duties(
    engine: AsyncEngine, graph: Graph
) -> None:
    await write_duties(engine, "WORD", DUTIES)
    await _say(graph, AGREE)  # warm: the key is known
    with count_statements(graph.engine) as few:
        await _say(graph, AGREE)
    more = [*DUTIES, Duty(MET, SCOT, "PC", utc(2021, 11, 4, 7), utc(2021, 11, 4, 15))] * 3
    await write_duties(engine, "MORE", more)
    await _say(graph, AGREE, operation="MORE")
    with count_statements(graph.engine) as many:
        await _say(graph, AGREE, operation="MORE")
    assert many.count == few.count, many.statements
    # Priced in a read (12 statements, SQLite's data version one of them); then the lock, the
    # check that nothing priced changed (SQLite: its data version, unless another connection
    # committed; PostgreSQL: the 11 reads of the pricing again), the word (2), the answer's
    # forces: no statement per duty.
    assert few.count <= (17 if is_sqlite(engine.url) else 27), few.statements
