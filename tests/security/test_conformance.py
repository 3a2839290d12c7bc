"""The graphql-http server audit (npm `graphql-http`, pinned by package-lock.json) against a
live `hub serve`, with an API key: no audit may fail."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.security.keys import create_api_key

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("graphql_http_audit.mjs")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(settings: Settings, engine: AsyncEngine, tmp_path: Path) -> Iterator[str]:
    """`hub serve` on a free loopback port, in a subprocess; its GraphQL URL."""
    port = _free_port()
    env = {**os.environ, "HUB_DATABASE_URL": settings.database_url}
    hub = Path(sys.executable).with_name("hub")
    command = [str(hub), "serve", "--host", "127.0.0.1", "--port", str(port), "--no-migrate"]
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/healthz", process, log)
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"hub serve exited: {log.read_text()}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("hub serve did not start within 30 s")


async def test_the_graphql_http_audit_passes_against_hub_serve(
    served: str, engine: AsyncEngine
) -> None:
    node = shutil.which("node")
    assert node is not None, "Node.js is needed (make node)"
    assert (ROOT / "node_modules" / "graphql-http").is_dir(), "run `make node` first"
    key = await create_api_key(engine, role="stakeholder", name="graphql-http audit")
    env = {**os.environ, "HUB_AUDIT_KEY": key}
    result = await asyncio.to_thread(
        subprocess.run,
        [node, str(SCRIPT), served],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors: 0" in result.stdout
