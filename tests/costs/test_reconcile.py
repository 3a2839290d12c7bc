"""Statements reconcile to the deployments they price: none twice, none missed."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncEngine

from hub.costs import OperationCosts, Statement, cost_report, reconcile
from hub.demo.fixture import load_fixture
from tests.client import Graph

TOTALS = """
{ costStatements(operation: "COP26") {
    providingForce { code } requestingForce { code } total deployments lineCount
    totals { kind lines amount } } }
"""


async def test_generated_operation_reconciles(engine: AsyncEngine, graph: Graph) -> None:
    counts = await load_fixture(engine, requests=12)
    report = await cost_report(engine, "COP26")
    check = report.reconciliation
    assert check.ok, check
    # Every deployment the generator wrote is priced once (its donors are never the host).
    assert (check.expected, check.priced, check.own_force) == (counts.deployments,) * 2 + (0,)
    data = await graph.data(TOTALS)
    statements = data["costStatements"]
    assert sum(s["deployments"] for s in statements) == counts.deployments
    for statement in statements:
        assert statement["providingForce"]["code"] != statement["requestingForce"]["code"]
        parts = sum(Decimal(total["amount"]) for total in statement["totals"])
        assert parts == Decimal(statement["total"]) > 0
        assert sum(t["lines"] for t in statement["totals"]) == statement["lineCount"]
    grand = sum(Decimal(s["total"]) for s in statements)
    assert grand == report.grand_total


def test_the_check_finds_a_deployment_priced_twice_missed_or_stray() -> None:
    costs = OperationCosts(1, [Statement(1, 2, 3), Statement(1, 4, 3)], own_force=[9])
    assert reconcile(costs, [9]).ok
    missed = reconcile(costs, [9, 5])
    assert (missed.missed, missed.ok) == ((5,), False)
    doubled = reconcile(OperationCosts(1, costs.statements, own_force=[9, 9]), [9])
    assert (doubled.priced_twice, doubled.ok) == ((9,), False)
    stray = reconcile(costs, [])
    assert (stray.unexpected, stray.ok) == ((9,), False)
