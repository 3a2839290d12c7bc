"""`hub demo --no-serve`: generated exports imported through the adapters."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.demo.exports import write_exports
from hub.demo.generate import generate

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
    with sqlite3.connect(tmp_path / "var" / "demo.db") as db:
        for table, expected in operation.counts().items():
            (count,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert count == expected, table
        (rejects,) = db.execute("SELECT count(*) FROM import_reject").fetchone()
    assert rejects >= len(operation.bad_rows)
