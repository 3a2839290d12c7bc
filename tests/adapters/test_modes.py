"""Dry runs, strict imports, force-scoped imports, and the cost of a batch in statements."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import MappingError, ingest
from hub.store.capacity import statements as capacity_statements
from tests.adapters.conftest import example, row_counts
from tests.helpers import count_statements

BAD = example("hr-officers", "officers-with-errors.csv")
GOOD = example("hr-officers", "officers.csv")


async def test_a_dry_run_reports_exact_counts_and_writes_nothing(engine: AsyncEngine) -> None:
    before = await row_counts(engine)
    (report,) = await ingest(engine, "hr-officers", [BAD], dry_run=True)
    assert (report.read, report.inserted, report.rejected) == (6, 2, 4)
    assert report.dry_run and not report.written
    assert await row_counts(engine) == before


async def test_strict_is_all_or_nothing_but_keeps_the_rejects(engine: AsyncEngine) -> None:
    (report,) = await ingest(engine, "hr-officers", [BAD], strict=True)
    assert report.status == "FAILED" and report.error is None
    assert (report.read, report.inserted, report.rejected) == (6, 0, 4)
    counts = await row_counts(engine)
    assert (counts["officer"], counts["import_batch"], counts["import_reject"]) == (0, 1, 4)
    (clean,) = await ingest(engine, "hr-officers", [GOOD], strict=True)
    assert clean.status == "COMPLETED" and clean.inserted == 6


async def test_a_force_scoped_import_rejects_other_forces_records(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    (own,) = await ingest(engine, "hr-officers", [GOOD], force="Greater Manchester Police")
    assert own.inserted == 6 and own.force == "greater-manchester"
    (other,) = await ingest(engine, "duty-roster-xml", [example("duty-roster-xml", "roster.xml")])
    assert other.rejected == 0
    mapping = tmp_path / "mapping.yaml"
    text = example("hr-officers", "mapping.yaml").read_text("utf-8")
    mapping.write_text(
        text.replace(
            "records:\n  - entity: officer\n    fields:\n",
            "records:\n  - entity: officer\n    fields:\n      force: {constant: merseyside}\n",
        ),
        "utf-8",
    )
    (foreign,) = await ingest(engine, mapping, [GOOD], force="greater-manchester")
    assert foreign.rejected == 6 and foreign.inserted == 0
    assert {reject.code for reject in foreign.rejects} == {"FORCE_NOT_ALLOWED"}
    (scoped,) = await ingest(
        engine, "shift-codes-csv", [example("shift-codes-csv", "shifts.csv")], force="merseyside"
    )
    # Another force's units are refused; its officers are not found under Merseyside.
    assert scoped.rejected == 6 and scoped.inserted == 0
    assert "FORCE_NOT_ALLOWED" in {r.code for r in scoped.rejects}
    before = await row_counts(engine)
    with pytest.raises(MappingError) as mismatch:  # as an upload with Merseyside's key
        await ingest(engine, "hr-officers", [GOOD], force="merseyside", mapping_force="same")
    assert mismatch.value.code == "FORCE_MISMATCH"
    assert await row_counts(engine) == before


async def test_an_unknown_force_or_adapter_is_a_configuration_error(engine: AsyncEngine) -> None:
    with pytest.raises(MappingError) as force:
        await ingest(engine, "hr-officers", [GOOD], force="Atlantis Constabulary")
    assert force.value.code == "UNKNOWN_FORCE"
    with pytest.raises(MappingError) as adapter:
        await ingest(engine, "no-such-adapter", [GOOD])
    assert adapter.value.code == "ADAPTER_NOT_FOUND"


async def test_a_batch_costs_the_same_statements_however_many_rows(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Growth since the last ANALYZE is remembered per process: earlier tests' imports into
    # this run's database must not make one of these imports the one that analyses.
    monkeypatch.setattr("hub.adapters.write.upsert._GROWTH", {})
    costs = []
    for rows in (30, 400):  # 60 and 800 capability links: both loaded by COPY on PostgreSQL
        path = tmp_path / f"officers-{rows}.csv"
        lines = ["Collar No,Surname,Forename(s),Rank,Skills"]
        lines += [f"{rows}{n:05d},Surname{n},Given{n},PC,PO L2;PSU Driver" for n in range(rows)]
        path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
        with count_statements(engine) as log:
            (report,) = await ingest(engine, "hr-officers", [path])
        assert report.inserted == rows
        costs.append(log.count)
    # After its files, an import recounts the capacity tables for the forces they touched
    # (hub.store.capacity.take_in_imports): a fixed number of statements too, whatever the
    # rows: the batches waiting, their forces, the recount, the batches taken in, and on
    # PostgreSQL a lock taken twice.
    recount = 3 + len(capacity_statements([1])) + (2 if engine.dialect.name == "postgresql" else 0)
    assert costs[0] == costs[1] <= 12 + recount, (costs, recount)
