"""Price an operation's statements on a database, with their reconciliation (CLI, demo, bench)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.costs import gather
from hub.costs import rates as rate_sets
from hub.costs.checks import Reconciliation, reconcile
from hub.costs.rates import Rates
from hub.costs.statements import OperationCosts, Statement, price_operation
from hub.errors import BadUserInput
from hub.standard import load_vocabulary
from hub.store.markings import operation_classification


@dataclass(frozen=True, repr=False)
class CostReport:
    """An operation's statements (perhaps only one force's), the forces' codes, the check."""

    operation: str
    costs: OperationCosts
    codes: dict[int, str]
    reconciliation: Reconciliation
    #: The marking every export of the report carries: the highest classification of the
    #: operation and of its records (`hub.store.markings`), e.g. "OFFICIAL-SENSITIVE".
    marking: str = "OFFICIAL"

    def __repr__(self) -> str:
        return f"<CostReport {self.operation}: {len(self.statements)} statements>"

    @property
    def statements(self) -> list[Statement]:
        return self.costs.statements

    @property
    def grand_total(self) -> Decimal:
        return sum((s.total for s in self.statements), Decimal("0.00"))


async def cost_report(
    engine: AsyncEngine, operation: str, force: str | None = None, rates: Rates | None = None
) -> CostReport:
    """The statements of `operation` (those `force` sends or receives, if given), checked."""
    async with engine.connect() as connection:
        return await report_on(connection, operation, force, rates)


async def report_on(
    connection: AsyncConnection,
    operation: str,
    force: str | None = None,
    rates: Rates | None = None,
) -> CostReport:
    """`cost_report` on a connection the caller holds."""
    checked = await checked_costs(connection, operation, force, rates)
    classification = await operation_classification(connection, checked.costs.operation_id)
    marking = load_vocabulary().classifications[classification.value].label
    return CostReport(operation, checked.costs, checked.codes, checked.reconciliation, marking)


@dataclass(frozen=True)
class CheckedCosts:
    """An operation's statements (perhaps only one force's), the forces' codes, the check."""

    costs: OperationCosts
    codes: dict[int, str]
    reconciliation: Reconciliation


async def checked_costs(
    connection: AsyncConnection,
    operation: str,
    force: str | None = None,
    rates: Rates | None = None,
) -> CheckedCosts:
    """Price the statements of `operation` (those `force` sends or receives, if given) on the
    caller's connection, and reconcile them."""

    async def run(statement: Executable) -> Sequence[Any]:
        return (await connection.execute(statement)).all()

    return await checked_with(run, operation, force, rates)


async def checked_with(
    run: gather.Run, operation: str, force: str | None = None, rates: Rates | None = None
) -> CheckedCosts:
    """`checked_costs`, reading through `run` (which may keep what it read)."""
    found = await run(gather.operation_by_code(operation))
    if not found:
        raise BadUserInput("UNKNOWN_OPERATION", f"no operation {operation!r}")
    operation_id = found[0].id
    scope = None
    if force is not None:
        rows = await run(gather.forces_by_code([force]))
        if not rows:
            raise BadUserInput("UNKNOWN_FORCE", f"no force {force!r}")
        scope = [rows[0].id]
    costs = await price_operation(run, rates or rate_sets.standard_rates(), operation_id, scope)
    expected = [row.id for row in await run(gather.operation_deployment_ids(operation_id, scope))]
    ids = {pk for s in costs.statements for pk in s.key}
    codes = {row.id: row.code for row in await run(gather.force_codes(sorted(ids)))}
    return CheckedCosts(costs, codes, reconcile(costs, expected))
