"""The checks after each file plan their statements for the batch they are given (PostgreSQL):
a pooled connection's prepared reads are not left to a generic plan after five files (the
roster read's took seconds a file where its own plan takes milliseconds), and JIT is off."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters.report import ImportReport
from hub.adapters.write import check_written


async def test_the_checks_plan_each_run_for_its_batch_without_jit(engine: AsyncEngine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("plan_cache_mode and JIT are PostgreSQL's")
    report = ImportReport(file="roster.xml", batch_uid="b", adapter="a", force="kent")
    async with engine.connect() as connection:
        for batch in range(7):  # more than the five runs after which a generic plan may do
            async with connection.begin():
                await check_written(connection, batch, report)
                settings = await connection.execute(
                    text("SELECT current_setting('plan_cache_mode'), current_setting('jit')")
                )
                assert settings.one() == ("force_custom_plan", "off")
        # for that transaction only: the connection's other statements keep the server's
        settings = await connection.execute(text("SELECT current_setting('plan_cache_mode')"))
        assert settings.scalar_one() == "auto"
    assert report.findings == []
