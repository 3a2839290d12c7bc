"""Imported EDXL-RM requests carry their unit and officer equivalent (#16 item 1)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from hub.config import Settings
from tests.client import graph_client
from tests.workflow.ingest import ingest, measured, request_message, resource_line

QUERY = """{ mutualAidRequests(first: 10) { nodes { reference quantity unit officers } } }"""


def _requests(settings: Settings) -> list[dict[str, Any]]:
    async def read() -> list[dict[str, Any]]:
        async with graph_client(settings) as graph:
            nodes: list[dict[str, Any]] = (await graph.post(QUERY)).json()["data"][
                "mutualAidRequests"
            ]["nodes"]
            return nodes

    return asyncio.run(read())


@pytest.fixture
def database(settings: Settings, engine: object, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    return settings


def test_requests_in_psus_serials_and_officers(database: Settings, tmp_path: Path) -> None:
    lines = [
        resource_line("RI-1", "PSU", "<rm:QuantityText>2</rm:QuantityText>"),
        resource_line("RI-2", "Level 2 public order", measured(3, "SERIAL")),
        resource_line("RI-3", "Level 2 public order", "<rm:QuantityText>12</rm:QuantityText>"),
    ]
    path = tmp_path / "requests.xml"
    path.write_text(request_message("MSG-1", lines), encoding="utf-8")
    report = ingest("edxl-rm-request", path)
    assert (report["inserted"], report["rejected"]) == (3, 0)
    nodes = _requests(database)
    assert {(n["reference"], n["unit"], n["quantity"], n["officers"]) for n in nodes} == {
        ("MSG-1/RI-1", "PSU", 2, 50),
        ("MSG-1/RI-2", "SERIAL", 3, 24),
        ("MSG-1/RI-3", "OFFICER", 12, 12),
    }
    # The same file again changes nothing.
    again = ingest("edxl-rm-request", path)
    assert (again["inserted"], again["updated"]) == (0, 0)


def test_an_unknown_unit_of_measure_is_rejected_with_its_line(
    database: Settings, tmp_path: Path
) -> None:
    lines = [resource_line("RI-1", "PSU", measured(2, "BRIGADE"))]
    path = tmp_path / "requests.xml"
    path.write_text(request_message("MSG-2", lines), encoding="utf-8")
    report = ingest("edxl-rm-request", path)
    (reject,) = report["rejects"]
    assert (report["rejected"], reject["field"], reject["line"]) == (1, "unit", 9)
