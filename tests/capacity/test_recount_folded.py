"""A recount of whole forces (an import's, `hub capacity recount`) folds the officer-days once
and counts the four tables from them (issue 13: the import's recount)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from tests.capacity.agreement import matches_brute_force, recount
from tests.client import Graph


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
        assert "unchanged" in await recount()
        assert "unchanged" in await recount("--force", force)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    walks = [s for s in statements if "request_days(request_id" in s]
    assert len(walks) == 2, walks  # three a recount before: capacity_day, _away_day, _run
    assert all("INSERT INTO capacity_folded" in walk for walk in walks)
    await matches_brute_force(graph, engine)


def _listing(tmp_path: Path, force: str, number: str) -> list[str]:
    listing = tmp_path / f"{force}.csv"
    listing.write_text(f"Number,Surname,Forename,Rank\n{number},Officer,Test,PC\n")
    mapping = tmp_path / f"{force}.yaml"
    mapping.write_text(
        f"adapter: folded-{force}\nforce: {force}\nsource: {{type: csv}}\nrecords:\n"
        "  - entity: officer\n    fields:\n      serviceNumber: Number\n"
        "      familyName: Surname\n      givenName: Forename\n      rank: Rank\n",
        encoding="utf-8",
    )
    return ["ingest", "--adapter", str(mapping), str(listing)]


async def test_an_import_of_every_officers_force_is_recounted_whole_without_a_search(
    bare_graph: Graph,
    settings: Settings,
    engine: AsyncEngine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The forces an import's batches name are touched whatever the batches wrote: when every
    officer is of one of them, the recount is of every force, with no search through what the
    batches wrote for the forces they touched; otherwise that search names the forces."""
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    searches = []
    for force, number in (("kent", "K9001"), ("essex", "E9001")):
        statements: list[str] = []

        def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements.append(statement)  # noqa: B023 (listened to within the loop's turn)

        event.listen(Engine, "before_cursor_execute", record)
        try:
            result = await asyncio.to_thread(
                CliRunner().invoke, app, _listing(tmp_path, force, number)
            )
        finally:
            event.remove(Engine, "before_cursor_execute", record)
        assert result.exit_code == 0, result.output
        searches.append(sum("touched_officers" in s for s in statements))
    # Kent's officer is the only one: no search; then Essex's batch, with Kent's officer
    # stored: the search, which names Essex alone
    assert searches == [0, 1]
    assert "unchanged" in await recount()
    await matches_brute_force(bare_graph, engine)
