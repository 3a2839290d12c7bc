"""`hub demo` imports into `HUB_DATABASE_URL` when it is set, and prints keys whole."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
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
from tests.browser import Chromium
from tests.federation.processes import Server, free_port, wait_ready

runner = CliRunner()
KEY_LINE = re.compile(r"^    (hub_\S+)$", re.MULTILINE)
ROLE_AND_KEY = re.compile(r"^  (\w+)(?: \([\w-]+\))?:\n    (hub_\S+)$", re.MULTILINE)


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


def test_the_served_demo_answers_graphiql_with_a_printed_key_and_nothing_from_outside(
    chromium: Chromium, tmp_path: Path
) -> None:
    """`hub demo` as `make demo` runs it (smaller), in a browser that can reach nothing else."""
    from playwright.sync_api import expect

    port = free_port()
    log = tmp_path / "demo.log"
    env = {key: value for key, value in os.environ.items() if key != "HUB_DATABASE_URL"}
    hub = str(Path(sys.executable).with_name("hub"))
    with log.open("wb") as output:
        process = subprocess.Popen(
            [hub, "demo", "--scale", "small", "--port", str(port)],
            cwd=tmp_path,
            env={**env, "COLUMNS": "80"},
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = Server("demo", port, process, log)
    try:
        wait_ready(server, "/readyz", timeout=300)
        keys = dict(ROLE_AND_KEY.findall(log.read_text()))
        assert sorted(keys) == sorted(role.value for role in Role), server.log_tail()
        with chromium.visit(server.url) as visit:
            page = visit.page
            page.goto(server.url + "/graphql")
            page.fill("#hub-key-input", keys["coordinator"])
            page.get_by_role("button", name="Use key").click()
            page.locator(".graphiql-tab-button", has_text="FillRatesByCapability").click()
            chosen = "() => sessionStorage['graphiql:operationName'] === 'FillRatesByCapability'"
            page.wait_for_function(chosen)
            page.locator(".graphiql-execute-button").click()
            result = page.locator(".graphiql-response")
            expect(result).to_contain_text('"requestFillRates": [', timeout=20_000)
            expect(result).to_contain_text('"commitmentRate"')
    finally:
        server.stop()
