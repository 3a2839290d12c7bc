"""`hub db backup` and `hub db restore`: a backup restored into a fresh database answers the
same and keeps the same audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from hub.demo.fixture import load_fixture
from hub.store import create_engine, upgrade
from tests.client import graph_client
from tests.postgres import empty_postgres

runner = CliRunner()

ANSWERS = """query Backed {
  mutualAidRequests(first: 20) { totalCount nodes { id reference status quantity
    commitments { providingForce { code } } } }
  officers(first: 20) { totalCount nodes { id givenName familyName serviceNumber } }
}"""
AUDIT = """query BackedAudit { auditLog(first: 50) { totalCount nodes {
  occurredAt keyName role operationName purpose fields recordCount requestId records } } }"""


async def _read(settings: Settings) -> tuple[dict[str, Any], dict[str, Any]]:
    """The audit log, then the answers (whose read of names adds to the audit log)."""
    async with graph_client(settings) as graph:
        audit = await graph.data(AUDIT)
        answers = await graph.data(ANSWERS)
    return audit, answers


async def _hub(command: list[str], database_url: str) -> str:
    result = await asyncio.to_thread(
        runner.invoke, app, command, env={"HUB_DATABASE_URL": database_url}
    )
    assert result.exit_code == 0, result.output
    return result.output


async def test_a_restored_backup_answers_the_same(database_url: str, tmp_path: Path) -> None:
    settings = Settings(database_url=database_url)
    engine = create_engine(settings)
    try:
        await upgrade(engine)
        await load_fixture(engine, requests=4)
    finally:
        await engine.dispose()
    _, answers = await _read(settings)  # the names it reads leave an audit record
    backup = tmp_path / "backups" / "hub.backup"
    await _hub(["db", "backup", str(backup)], database_url)
    assert backup.stat().st_size > 0
    audit, _ = await _read(settings)
    assert audit["auditLog"]["totalCount"] == 1 and answers["officers"]["totalCount"] > 0

    if database_url.startswith("sqlite"):
        fresh = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    else:
        fresh = database_url
        await empty_postgres(fresh)
    await _hub(["db", "restore", str(backup)], fresh)
    restored_audit, restored_answers = await _read(Settings(database_url=fresh))
    assert restored_audit == audit
    assert restored_answers == answers


async def test_a_backup_of_the_other_kind_is_refused(tmp_path: Path) -> None:
    sqlite = f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}"
    engine = create_engine(Settings(database_url=sqlite))
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a database\n")
    result = await asyncio.to_thread(
        runner.invoke,
        app,
        ["db", "restore", str(not_a_backup)],
        env={"HUB_DATABASE_URL": sqlite},
    )
    assert result.exit_code == 1 and "BACKUP_FORMAT" in result.output
