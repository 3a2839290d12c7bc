"""The checks after each file plan their statements for the batch they are given (PostgreSQL):
a pooled connection's prepared reads are not left to a generic plan after five files (the
roster read's took seconds a file where its own plan takes milliseconds), and JIT is off. Only
the checks: the transaction goes on with the settings it had (an import's files share one, and
their inserts' foreign key checks would be planned again for every row)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.adapters.report import ImportReport
from hub.adapters.write import check_written

SETTINGS = text("SELECT current_setting('plan_cache_mode'), current_setting('jit')")


async def _plans(connection: AsyncConnection) -> list[tuple[str, int, int]]:
    """The connection's prepared statements that read by batch: (text, generic, custom)."""
    rows = await connection.execute(
        text(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE '%source_batch_id%' AND parameter_types <> '{}'"
        )
    )
    return [tuple(row) for row in rows]


async def test_the_checks_plan_each_run_for_its_batch_and_leave_the_settings(
    engine: AsyncEngine,
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("plan_cache_mode and JIT are PostgreSQL's")
    report = ImportReport(file="roster.xml", batch_uid="b", adapter="a", force="kent")
    async with engine.connect() as connection:
        async with connection.begin():  # one transaction, as the files of an import share
            before = (await connection.execute(SETTINGS)).one()
            for batch in range(7):  # more than the five runs after which a generic plan may do
                await check_written(connection, batch, report)
                assert (await connection.execute(SETTINGS)).one() == before
        plans = await _plans(connection)
    assert plans, "the checks read by batch through prepared statements"
    for statement, generic, custom in plans:
        assert (generic, custom) == (0, 7), statement
    assert report.findings == []
