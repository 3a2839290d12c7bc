"""The `hub` command as a force IT team runs it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.demo.generate import generate
from hub.demo.history import generate_history

runner = CliRunner()


def test_demo_without_serving_imports_the_generated_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "duty-roster-xml" in result.output
    assert (tmp_path / "var" / "demo" / "small-26" / "manifest.json").exists()
    with sqlite3.connect(tmp_path / "var" / "demo.db") as db:
        (requests,) = db.execute("SELECT count(*) FROM mutual_aid_request").fetchone()
        (forces,) = db.execute("SELECT count(*) FROM force").fetchone()
    history = len(generate_history("small", 26))  # past requests, for the forecasts
    assert requests == generate("small").counts()["mutual_aid_request"] + history
    assert forces == 48
    again = runner.invoke(app, ["demo", "--no-serve"])
    assert again.exit_code == 0, again.output
    assert "Generating" not in again.output


def test_generate_writes_the_exports(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", str(tmp_path / "out"), "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "operation" / "locations.csv").exists()


def test_db_upgrade_migrates_the_configured_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}")
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "database at revision" in result.output
    with sqlite3.connect(tmp_path / "hub.db") as db:
        (regions,) = db.execute("SELECT count(*) FROM region").fetchone()
    assert regions == 13


def test_schema_check_passes_on_the_checked_in_standard() -> None:
    result = runner.invoke(app, ["schema", "check"])
    assert result.exit_code == 0, result.output
    assert "matches the code" in result.output
