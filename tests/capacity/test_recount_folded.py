"""A recount of whole forces (an import's, `hub capacity recount`) folds the officer-days once
and counts the four tables from them (issue 13: the import's recount)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from tests.capacity.agreement import matches_brute_force
from tests.client import Graph


async def _recount(*args: str) -> str:
    result = await asyncio.to_thread(CliRunner().invoke, app, ["capacity", "recount", *args])
    assert result.exit_code == 0, result.output
    return result.output


async def test_a_whole_recount_walks_the_request_days_once(
    graph: Graph, settings: Settings, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    async with engine.connect() as connection:
        force = (
            await connection.execute(
                text(
                    "SELECT f.code FROM force f JOIN officer o ON o.force_id = f.id "
                    "ORDER BY f.code LIMIT 1"
                )
            )
        ).scalar_one()
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        # every force, then one, on the CLI's own connections: the officer-days of each
        # recount are folded once (a temporary table, dropped again) for its four tables
        assert "unchanged" in await _recount()
        assert "unchanged" in await _recount("--force", force)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    walks = [s for s in statements if "request_days(request_id" in s]
    assert len(walks) == 2, walks  # three a recount before: capacity_day, _away_day, _run
    assert all("INSERT INTO capacity_folded" in walk for walk in walks)
    await matches_brute_force(graph, engine)
