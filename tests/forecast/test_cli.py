"""`hub forecast` at a terminal, on the database of `HUB_DATABASE_URL`."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from tests.forecast.conftest import load_operations, load_requests, monthly
from tests.forecast.test_operation_estimate import OPERATIONS, _asked

runner = CliRunner()


async def test_forecast_commands(
    engine: AsyncEngine,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await load_operations(engine, tmp_path, OPERATIONS)
    await load_requests(
        engine,
        tmp_path,
        _asked("SUMMIT-A", date(2023, 6, 1), "PUBLIC_ORDER_L2", [50, 100, 50])
        + _asked("SUMMIT-B", date(2024, 6, 1), "PUBLIC_ORDER_L2", [100, 100, 0])
        + monthly("MOUNTED", [1] * 20, date(2021, 1, 1)),
    )
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, ["forecast", *args], env={"COLUMNS": "200"})
        return result.exit_code, result.output

    code, output = await asyncio.to_thread(run, "operation", "SUMMIT-C", "--similar", "2")
    assert code == 0, output
    assert output.index("based on SUMMIT-B") < output.index("based on SUMMIT-A")
    assert re.search(r"2027-06-07 │ PUBLIC_ORDER_L2 │ +75\.0 │ +50-100 │", output), output

    code, output = await asyncio.to_thread(run, "demand", "MOUNTED")
    assert code == 1
    assert "NOT_ENOUGH_HISTORY" in output and "20 months of history" in output

    code, output = await asyncio.to_thread(run, "demand", "NO_SUCH")
    assert (code, "no capability NO_SUCH" in output) == (1, True)

    code, output = await asyncio.to_thread(run, "operation", "NO-SUCH")
    assert (code, "no operation NO-SUCH" in output) == (1, True)
