"""`hub demo` imports into `HUB_DATABASE_URL` when it is set, and prints keys whole."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from hub.security.keys import authenticate
from hub.security.principal import Role
from hub.store import create_engine
from hub.store import models as m

runner = CliRunner()
KEY_LINE = re.compile(r"^    (hub_\S+)$", re.MULTILINE)


async def _officers_and_principals(database_url: str, keys: list[str]) -> tuple[int, list[str]]:
    engine = create_engine(Settings(database_url=database_url))
    try:
        async with engine.connect() as connection:
            officers = await connection.scalar(select(func.count()).select_from(m.Officer))
            roles = []
            for key in keys:
                principal = await authenticate(connection, key)
                assert principal is not None, key
                roles.append(principal.role.value)
        return int(officers or 0), roles
    finally:
        await engine.dispose()


def test_the_demo_uses_hub_database_url_and_prints_keys_whole_at_any_width(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("HUB_DATABASE_URL", database_url)
    first = runner.invoke(app, ["demo", "--no-serve", "--scale", "small"])
    assert first.exit_code == 0, first.output
    assert not (tmp_path / "var" / "demo.db").exists()
    keys = KEY_LINE.findall(first.output)
    officers, roles = asyncio.run(_officers_and_principals(database_url, keys))
    assert officers > 0
    assert sorted(roles) == sorted(role.value for role in Role)

    again = runner.invoke(app, ["demo", "--no-serve", "--scale", "small"])
    assert again.exit_code == 0, again.output
    assert asyncio.run(_officers_and_principals(database_url, []))[0] == officers
