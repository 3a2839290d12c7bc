"""`hub demo --no-serve`: generated exports imported through the adapters."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.demo.exports import write_exports
from hub.demo.generate import generate
from hub.demo.history import EVENTS, PLANNED, generate_history

runner = CliRunner()


def test_the_small_demo_imports_every_generated_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    result = runner.invoke(app, ["demo", "--no-serve", "--scale", "small"])
    assert result.exit_code == 0, result.output
    assert "Imported (per force and adapter)" in result.output
    assert "BAD_DATE" in result.output and "UNKNOWN_CODE" in result.output
    operation = generate("small")
    write_exports(operation, tmp_path / "expected")
    counts = operation.counts()
    # The synthetic history of requests the forecasts learn from (hub/demo/history.py).
    history = generate_history("small", 26)
    counts["operation"] += len(EVENTS) + len(PLANNED)
    counts["mutual_aid_request"] += len(history)
    counts["commitment"] += sum(1 for past in history if past.provider)
    with sqlite3.connect(tmp_path / "var" / "demo.db") as db:
        for table, expected in counts.items():
            (count,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert count == expected, table
        (rejects,) = db.execute("SELECT count(*) FROM import_reject").fetchone()
    assert rejects >= len(operation.bad_rows)
