"""`hub serve` as operations run it: metrics behind a token, JSON logs to a file, over the small
demo operation (imported by `hub demo --no-serve` with the same log file), with a few of its
files uploaded again through POST /ingest; for the tests of metrics and logs (one per process:
the tests read counters as differences, so they may share it)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from hub.config import Settings
from hub.demo.generate import generate
from hub.demo.model import Operation
from hub.security.keys import create_api_key
from hub.store import create_engine, upgrade
from tests.client import auth_headers
from tests.federation.processes import HOST, free_port, start

METRICS_TOKEN = "metrics-token-of-the-ops-tests"
#: The stakeholder key's requests per window: the tests meet this limit on purpose.
STAKEHOLDER_LIMIT = 3


@dataclass
class OpsHub:
    """A served hub with the demo imported: keys by role, its log file, its HTTP client."""

    url: str
    database_url: str
    keys: dict[str, str]
    log_file: Path
    http: httpx.Client
    operation: Operation
    #: Files `hub demo` imported before the hub served.
    demo_files: int = 0
    #: Reports of the files uploaded through POST /ingest.
    reports: list[dict[str, Any]] = field(default_factory=list)

    def post(
        self, role: str, query: str, headers: dict[str, str] | None = None, **body: Any
    ) -> httpx.Response:
        """POST a GraphQL request with the role's key and a purpose."""
        sent = {**auth_headers(self.keys[role]), **(headers or {})}
        return self.http.post("/graphql", json={"query": query, **body}, headers=sent)

    def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        """Every sample of GET /metrics, by name and labels."""
        response = self.http.get("/metrics", headers={"authorization": f"Bearer {METRICS_TOKEN}"})
        assert response.status_code == 200, response.text
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples
        }


async def _keys(database_url: str) -> dict[str, str]:
    engine = create_engine(Settings(database_url=database_url))
    try:
        await upgrade(engine)
        return {
            "coordinator": await create_api_key(engine, role="coordinator", name="ops coordinator"),
            "stakeholder": await create_api_key(engine, role="stakeholder", name="ops stakeholder"),
        }
    finally:
        await engine.dispose()


#: Demo files uploaded again through POST /ingest (whose adapters name no other force).
UPLOADS = ("demo-locations", "demo-edxl-rm-request")


def _manifest(exports: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((exports / "manifest.json").read_text())
    return manifest


def _upload(hub: OpsHub, exports: Path) -> None:
    """Upload the files of the `UPLOADS` steps of the demo's exports, as a coordinator."""
    headers = auth_headers(hub.keys["coordinator"])
    for step in _manifest(exports)["steps"]:
        if step["adapter"] not in UPLOADS:
            continue
        for name in step["files"]:
            params = {"adapter": step["adapter"], "filename": Path(name).name}
            if step["force"]:
                params["force"] = step["force"]
            response = hub.http.post(
                "/ingest", params=params, content=(exports / name).read_bytes(), headers=headers
            )
            assert response.status_code == 200, response.text
            hub.reports.extend(response.json()["reports"])
    assert len(hub.reports) > 2


def _demo(folder: Path, env: dict[str, str]) -> Path:
    """`hub demo --scale small --no-serve` in `folder`; the folder of the exports it imported."""
    hub = str(Path(sys.executable).with_name("hub"))
    done = subprocess.run(
        [hub, "demo", "--scale", "small", "--no-serve"],
        cwd=folder,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return folder / "var" / "demo" / "small-26"


@pytest.fixture(scope="session")
def ops_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpsHub]:
    """`hub serve` on a new SQLite file holding the small demo, some of it uploaded again."""
    folder = tmp_path_factory.mktemp("ops")
    database_url = f"sqlite+aiosqlite:///{folder / 'hub.db'}"
    log_file = folder / "hub.log.jsonl"
    env = {"HUB_DATABASE_URL": database_url, "HUB_LOG_FILE": str(log_file)}
    exports = _demo(folder, env)
    keys = asyncio.run(_keys(database_url))
    port = free_port()
    server = start(
        "hub",
        [str(Path(sys.executable).with_name("hub")), "serve", "--port", str(port), "--no-migrate"],
        port=port,
        ready_path="/healthz",
        log_dir=folder,
        env={
            **env,
            "HUB_METRICS_TOKEN": METRICS_TOKEN,
            "HUB_RATE_LIMIT_COORDINATOR": "1000000",
            "HUB_RATE_LIMIT_STAKEHOLDER": str(STAKEHOLDER_LIMIT),
        },
    )
    try:
        with httpx.Client(base_url=f"http://{HOST}:{port}", timeout=60) as http:
            hub = OpsHub(server.url, database_url, keys, log_file, http, generate("small", 26))
            hub.demo_files = sum(len(step["files"]) for step in _manifest(exports)["steps"])
            _upload(hub, exports)
            yield hub
    finally:
        server.stop()
