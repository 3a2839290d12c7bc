"""`hub serve` as operations run it: metrics behind a token, JSON logs to a file, and the small
demo operation imported through POST /ingest, for the tests of metrics and logs (one per
process: the tests read counters as differences, so they may share it)."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from hub.config import Settings
from hub.demo.exports import write_exports
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


def _import_demo(hub: OpsHub, exports: Path) -> None:
    """Upload every file of the demo's exports, in the demo's order, as a coordinator."""
    manifest = json.loads((exports / "manifest.json").read_text())
    headers = auth_headers(hub.keys["coordinator"])
    for step in manifest["steps"]:
        for name in step["files"]:
            params = {"adapter": step["adapter"], "filename": Path(name).name}
            if step["force"]:
                params["force"] = step["force"]
            response = hub.http.post(
                "/ingest",
                params=params,
                content=(exports / name).read_bytes(),
                headers=headers,
                timeout=120,
            )
            assert response.status_code == 200, response.text
            hub.reports.extend(response.json()["reports"])


@pytest.fixture(scope="session")
def ops_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpsHub]:
    """`hub serve` on a new SQLite file holding the small demo, imported over HTTP."""
    folder = tmp_path_factory.mktemp("ops")
    database_url = f"sqlite+aiosqlite:///{folder / 'hub.db'}"
    keys = asyncio.run(_keys(database_url))
    operation = generate("small", 26)
    write_exports(operation, folder / "exports")
    log_file = folder / "hub.log.jsonl"
    port = free_port()
    server = start(
        "hub",
        [str(Path(sys.executable).with_name("hub")), "serve", "--port", str(port), "--no-migrate"],
        port=port,
        ready_path="/healthz",
        log_dir=folder,
        env={
            "HUB_DATABASE_URL": database_url,
            "HUB_METRICS_TOKEN": METRICS_TOKEN,
            "HUB_LOG_FILE": str(log_file),
            "HUB_RATE_LIMIT_COORDINATOR": "1000000",
            "HUB_RATE_LIMIT_STAKEHOLDER": str(STAKEHOLDER_LIMIT),
        },
    )
    try:
        with httpx.Client(base_url=f"http://{HOST}:{port}", timeout=30) as http:
            hub = OpsHub(server.url, database_url, keys, log_file, http, operation)
            _import_demo(hub, folder / "exports")
            yield hub
    finally:
        server.stop()
