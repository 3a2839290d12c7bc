"""The generated operation, imported through the adapters, has a statement for every pair of
forces that sent officers to another, and they reconcile with its deployments."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from hub.costs import cost_report
from hub.demo.exports import write_exports
from hub.demo.generate import generate
from hub.demo.model import HOST
from hub.demo.run import costs_summary, ingest_exports


async def test_every_donor_force_has_a_statement_to_the_host(
    tmp_path: Path, engine: AsyncEngine
) -> None:
    operation = generate("small")
    write_exports(operation, tmp_path)
    await ingest_exports(engine, tmp_path)
    report = await cost_report(engine, "COP26")
    pairs = {
        (report.codes[s.providing_force_id], report.codes[s.requesting_force_id])
        for s in report.statements
    }
    donors = {force.code for force in operation.forces if force.units and force.code != HOST}
    assert pairs == {(donor, HOST) for donor in donors}
    check = report.reconciliation
    assert check.ok
    # The host's own officers on its own requests are counted apart and not charged.
    host_deployments = sum(
        len(unit.members) * len(unit.duty_units)
        for force in operation.forces
        if force.code == HOST
        for unit in force.units
    )
    assert check.own_force == host_deployments
    assert check.priced + check.own_force == operation.counts()["deployment"]
    assert all(statement.total > Decimal(0) for statement in report.statements)
    summary = await costs_summary(engine)
    assert f"{len(donors)} statements, one per pair of forces, reconciled" in summary
    assert f"£{report.grand_total:,}" in summary
