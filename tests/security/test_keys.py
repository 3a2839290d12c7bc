"""API keys: shown once, stored hashed, checked for role and force, revocable; the CLI."""

from __future__ import annotations

import asyncio
import os

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from hub.errors import HubError
from hub.security.keys import authenticate, create_api_key, hash_key, list_keys, revoke_key
from hub.security.principal import Role
from hub.store import models as m
from tests.client import graph_client
from tests.helpers import count_statements


async def test_a_key_is_stored_only_as_its_hash(engine: AsyncEngine) -> None:
    key = await create_api_key(
        engine, role="partner", name="GMP duty system", force="greater-manchester"
    )
    async with engine.connect() as connection:
        stored = (await connection.execute(select(m.ApiKey))).one()
        principal = await authenticate(connection, key)
    assert key.startswith("hub_") and len(key) > 40
    assert stored.key_hash == hash_key(key) and key not in str(tuple(stored))
    assert principal is not None
    assert (principal.role, principal.force_code, principal.name) == (
        Role.PARTNER,
        "greater-manchester",
        "GMP duty system",
    )


@pytest.mark.parametrize(
    ("role", "force", "code"),
    [
        ("admin", None, "UNKNOWN_ROLE"),
        ("partner", None, "FORCE_REQUIRED"),
        ("ingest", None, "FORCE_REQUIRED"),
        ("stakeholder", "metropolitan", "FORCE_NOT_APPLICABLE"),
        ("partner", "atlantis", "UNKNOWN_FORCE"),
    ],
)
async def test_keys_need_a_known_role_and_a_force_where_it_applies(
    engine: AsyncEngine, role: str, force: str | None, code: str
) -> None:
    with pytest.raises(HubError) as raised:
        await create_api_key(engine, role=role, name="x", force=force)
    assert raised.value.code == code


async def test_revoked_and_unknown_keys_authenticate_nobody(engine: AsyncEngine) -> None:
    key = await create_api_key(engine, role="stakeholder", name="Home Office")
    (info,) = await list_keys(engine)
    assert await revoke_key(engine, str(info.id)) == 1
    assert await revoke_key(engine, str(info.id)) == 0
    async with engine.connect() as connection:
        assert await authenticate(connection, key) is None
        assert await authenticate(connection, "hub_" + "x" * 43) is None
        assert await authenticate(connection, "not a key") is None


def test_the_cli_creates_lists_and_revokes_keys(settings: Settings, engine: AsyncEngine) -> None:
    runner = CliRunner()
    env = {**os.environ, "HUB_DATABASE_URL": settings.database_url, "COLUMNS": "200"}
    created = runner.invoke(
        app,
        ["keys", "create", "--role", "ingest", "--force", "merseyside", "--name", "Merseyside HR"],
        env=env,
    )
    assert created.exit_code == 0, created.output
    key = created.output.strip().splitlines()[-1]
    assert key.startswith("hub_")
    listed = runner.invoke(app, ["keys", "list"], env=env)
    assert "Merseyside HR" in listed.output and key not in listed.output
    assert runner.invoke(app, ["keys", "revoke", key[:12]], env=env).exit_code == 0
    assert runner.invoke(app, ["keys", "revoke", key[:12]], env=env).exit_code == 1
    refused = runner.invoke(app, ["keys", "create", "--role", "partner", "--name", "x"], env=env)
    assert refused.exit_code == 1 and "FORCE_REQUIRED" in refused.output
    audit = runner.invoke(app, ["audit", "--json"], env=env)
    assert audit.exit_code == 0 and audit.output == ""


async def test_requests_in_flight_when_a_remembered_key_expires_look_it_up_once(
    settings: Settings, engine: AsyncEngine
) -> None:
    async with graph_client(settings) as graph:
        gate = graph.app.state.gate
        now = [1_000.0]
        gate.clock = lambda: now[0]
        assert (await graph.post("{ ranks { code } }")).status_code == 200
        now[0] += settings.key_cache_s + 1  # the remembered key has expired
        with count_statements(graph.app.state.security_engine) as log:
            answers = await asyncio.gather(*(graph.post("{ ranks { code } }") for _ in range(10)))
        assert [answer.status_code for answer in answers] == [200] * 10
        # One look-up answered all ten (each used to ask, on a connection of its own).
        assert len([s for s in log.statements if "api_key" in s]) == 1, log.statements
        # ...and it is remembered again: the next request asks nothing.
        with count_statements(graph.app.state.security_engine) as after:
            assert (await graph.post("{ ranks { code } }")).status_code == 200
        assert not [s for s in after.statements if "api_key" in s]


async def test_with_no_key_cache_each_request_looks_its_key_up(
    settings: Settings, engine: AsyncEngine
) -> None:
    async with graph_client(settings.model_copy(update={"key_cache_s": 0})) as graph:
        with count_statements(graph.app.state.security_engine) as log:
            answers = await asyncio.gather(*(graph.post("{ ranks { code } }") for _ in range(3)))
        assert [answer.status_code for answer in answers] == [200] * 3
        assert len([s for s in log.statements if "api_key" in s]) == 3, log.statements
