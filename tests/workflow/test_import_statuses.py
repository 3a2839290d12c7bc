"""After an import each request's status matches its commitments and deployments (#16 item 2)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from hub.config import Settings
from tests.client import graph_client
from tests.workflow.ingest import ingest

REQUESTS_MAPPING = """
adapter: test-requests
description: Requests with the status their source states.
force: police-scotland
source: {type: csv}
records:
  - entity: mutual_aid_request
    fields:
      reference: Reference
      capability: {constant: PUBLIC_ORDER_L2}
      quantity: Quantity
      unit: Unit
      startsOn: {column: From, transforms: [{date: iso}]}
      endsOn: {column: To, transforms: [{date: iso}]}
      status: Status
"""
COMMITMENTS_MAPPING = """
adapter: test-commitments
description: Commitments of several forces.
force: metropolitan
source: {type: csv}
records:
  - entity: commitment
    fields:
      request: Request
      providingForce: Force
      sequence: Sequence
      quantity: Quantity
      status: Status
"""
REQUESTS = """Reference,Quantity,Unit,From,To,Status
R1,2,PSU,2026-11-01,2026-11-03,SUBMITTED
R2,1,PSU,2026-11-01,2026-11-03,CONFIRMED
R3,10,OFFICER,2026-11-01,2026-11-03,FILLED
"""
COMMITMENTS = """Request,Force,Sequence,Quantity,Status
R1,metropolitan,1,1,ACCEPTED
R1,greater-manchester,1,1,ACCEPTED
R3,metropolitan,1,4,ACCEPTED
"""
READ = """{ mutualAidRequests(first: 10) { nodes { id reference status version } } }"""
CONFIRM = """mutation($input: StepInput!) { confirmRequest(input: $input) { status } }"""


@pytest.fixture
def database(settings: Settings, engine: object, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    return settings


def _graph(settings: Settings, query: str, variables: dict[str, Any] | None = None) -> Any:
    async def call() -> Any:
        async with graph_client(settings) as graph:
            return (await graph.post(query, variables)).json()

    return asyncio.run(call())


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _statuses(settings: Settings) -> dict[str, dict[str, Any]]:
    nodes = _graph(settings, READ)["data"]["mutualAidRequests"]["nodes"]
    return {node["reference"]: node for node in nodes}


def test_statuses_follow_commitments_and_contradictions_are_reported(
    database: Settings, tmp_path: Path
) -> None:
    requests = _write(tmp_path, "requests.yaml", REQUESTS_MAPPING)
    commitments = _write(tmp_path, "commitments.yaml", COMMITMENTS_MAPPING)
    first = ingest(str(requests), _write(tmp_path, "requests.csv", REQUESTS))
    # R2 says CONFIRMED and R3 FILLED, but nothing is committed to either yet.
    found = {(f["line"], f["code"], f["value"]) for f in first["findings"]}
    assert found == {
        (3, "REQUEST_STATUS_CONTRADICTED", "CONFIRMED"),
        (4, "REQUEST_STATUS_CONTRADICTED", "FILLED"),
    }
    assert all(f["file"] == "requests.csv" for f in first["findings"])
    assert {k: v["status"] for k, v in _statuses(database).items()} == {
        "R1": "SUBMITTED",
        "R2": "SUBMITTED",
        "R3": "SUBMITTED",
    }
    second = ingest(str(commitments), _write(tmp_path, "commitments.csv", COMMITMENTS))
    assert (second["inserted"], second["findings"]) == (3, [])
    stored = _statuses(database)
    assert {k: v["status"] for k, v in stored.items()} == {
        "R1": "FILLED",
        "R2": "SUBMITTED",
        "R3": "PARTIALLY_FILLED",
    }
    # The same requests file again changes nothing, and leaves the statuses as they are.
    again = ingest(str(requests), tmp_path / "requests.csv")
    assert (again["inserted"], again["updated"], again["findings"]) == (0, 0, [])
    assert _statuses(database) == stored
    # The workflow takes an imported request on from where its facts put it.
    r1 = stored["R1"]
    answer = _graph(
        database, CONFIRM, {"input": {"id": r1["id"], "expectedVersion": r1["version"]}}
    )
    assert answer["data"]["confirmRequest"]["status"] == "CONFIRMED"


def test_more_committed_than_asked_for_is_reported(database: Settings, tmp_path: Path) -> None:
    requests = _write(tmp_path, "requests.yaml", REQUESTS_MAPPING)
    commitments = _write(tmp_path, "commitments.yaml", COMMITMENTS_MAPPING)
    ingest(str(requests), _write(tmp_path, "requests.csv", REQUESTS))
    over = COMMITMENTS + "R2,metropolitan,1,1,ACCEPTED\nR2,greater-manchester,1,1,ACCEPTED\n"
    report = ingest(str(commitments), _write(tmp_path, "commitments.csv", over))
    (finding,) = report["findings"]
    assert (finding["code"], finding["file"], finding["line"]) == (
        "REQUEST_OVERFILLED",
        "requests.csv",
        3,
    )
    assert _statuses(database)["R2"]["status"] == "FILLED"


def test_statuses_are_written_in_one_statement_a_file(
    database: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The statuses a file changes are one UPDATE (on PostgreSQL not an executemany, which the
    server runs as a statement a request), each request's version going up by one."""
    updates: list[bool] = []  # executemany or not, of each UPDATE of requests

    def record(_c: Any, _k: Any, statement: str, _p: Any, _x: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("UPDATE MUTUAL_AID_REQUEST"):
            updates.append(many)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        requests = _write(tmp_path, "requests.yaml", REQUESTS_MAPPING)
        commitments = _write(tmp_path, "commitments.yaml", COMMITMENTS_MAPPING)
        ingest(str(requests), _write(tmp_path, "requests.csv", REQUESTS))
        ingest(str(commitments), _write(tmp_path, "commitments.csv", COMMITMENTS))
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    # the requests file inserts R2 and R3 corrected (no UPDATE); the commitments file moves
    # R1 and R3 on
    postgres = database.database_url.startswith("postgresql")
    assert updates == [not postgres]
    stored = _statuses(database)
    assert {k: (v["status"], v["version"]) for k, v in stored.items()} == {
        "R1": ("FILLED", 2),
        "R2": ("SUBMITTED", 1),
        "R3": ("PARTIALLY_FILLED", 2),
    }
