"""`hub serve` in a subprocess on a free loopback port, over a SQLite file holding the fixture
operation, with an API key for each caller of `CALLERS`: hostile requests meet the real server
(uvicorn, the lifespan, the HTTP layer), as an attacker would meet it."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from hub.config import Settings
from hub.demo.fixture import load_fixture
from hub.security.keys import create_api_key
from hub.store import create_engine, upgrade
from tests.client import DEFAULT_PURPOSE, auth_headers
from tests.federation.processes import HOST, free_port, start
from tests.security.conftest import CALLERS

GRAPHQL_RESPONSE = "application/graphql-response+json"
#: High enough that no test here meets a rate limit.
NO_RATE_LIMITS = {
    f"HUB_RATE_LIMIT_{role.upper()}": "1000000"
    for role in ("coordinator", "partner", "ingest", "stakeholder")
}


@dataclass
class Served:
    """A running `hub serve` and a key for each caller."""

    url: str
    keys: dict[str, str]
    http: httpx.Client

    def post(
        self,
        caller: str,
        body: dict[str, Any],
        *,
        purpose: str | None = DEFAULT_PURPOSE,
        timeout: float = 30.0,
    ) -> httpx.Response:
        """POST a GraphQL request as `caller`, asking for graphql-response+json."""
        headers = {**auth_headers(self.keys[caller], purpose), "accept": GRAPHQL_RESPONSE}
        return self.http.post("/graphql", json=body, headers=headers, timeout=timeout)


async def _prepare(settings: Settings) -> dict[str, str]:
    engine = create_engine(settings)
    try:
        await upgrade(engine)
        await load_fixture(engine, requests=6)
        return {
            caller: await create_api_key(engine, role=role, name=f"hostile {caller}", force=force)
            for caller, (role, force) in CALLERS.items()
        }
    finally:
        await engine.dispose()


@contextmanager
def served_hub(folder: Path, database_url: str | None = None) -> Iterator[Served]:
    """`hub serve` over an empty database (a new SQLite file in `folder` by default), stopped
    at the end."""
    database_url = database_url or f"sqlite+aiosqlite:///{folder / 'hub.db'}"
    keys = asyncio.run(_prepare(Settings(database_url=database_url)))
    port = free_port()
    hub = str(Path(sys.executable).with_name("hub"))
    server = start(
        "hub",
        [hub, "serve", "--host", HOST, "--port", str(port), "--no-migrate"],
        port=port,
        ready_path="/healthz",
        log_dir=folder,
        env={"HUB_DATABASE_URL": database_url, **NO_RATE_LIMITS},
    )
    try:
        with httpx.Client(base_url=server.url) as http:
            yield Served(server.url, keys, http)
    finally:
        server.stop()


def error_codes(response: httpx.Response) -> list[str]:
    """The codes of a JSON response's errors (failing the test on anything but coded JSON)."""
    assert response.status_code < 500, response.text
    assert response.headers["content-type"].startswith(("application/json", GRAPHQL_RESPONSE))
    errors = response.json().get("errors", [])
    codes = [error.get("extensions", {}).get("code") for error in errors]
    assert None not in codes, response.text
    return codes
