"""The demo's requests count in resource units, so its fill rates are officers against officers."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from hub.demo.model import TEMPLATES
from hub.standard import load_vocabulary
from tests.client import graph_client

RATES = """{ requestFillRates(groupBy: [CAPABILITY], filter: {operations: ["COP26"]}) {
  capability { code } requested committed deployed deploymentRate } }"""
PSUS = """{ mutualAidRequests(first: 100,
  filter: {capabilities: ["PUBLIC_ORDER_L2"], operations: ["COP26"]}) {
  nodes { unit quantity officers } } }"""


def test_each_kind_of_unit_is_a_whole_number_of_its_resource_unit() -> None:
    vocabulary = load_vocabulary()
    for template in TEMPLATES:
        officers = vocabulary.resource_unit(template.unit).officers
        assert template.quantity * officers == template.size, template.kind
    assert {template.unit for template in TEMPLATES} >= {"PSU", "SERIAL", "DOG_UNIT", "OFFICER"}


def _read(settings: Settings, query: str) -> dict[str, Any]:
    async def read() -> dict[str, Any]:
        async with graph_client(settings) as graph:
            answer: dict[str, Any] = (await graph.post(query)).json()
            return answer

    return asyncio.run(read())


def test_the_small_demo_fills_requests_at_most_fully(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["demo", "--no-serve", "--scale", "small"])
    assert result.exit_code == 0, result.output
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'var' / 'demo.db'}")
    rates = _read(settings, RATES)["data"]["requestFillRates"]
    assert rates and all(rate["requested"] > 0 for rate in rates)
    for rate in rates:
        assert rate["committed"] <= rate["requested"], rate
        assert rate["deployed"] <= rate["requested"], rate
    public_order = next(r for r in rates if r["capability"]["code"] == "PUBLIC_ORDER_L2")
    assert public_order["deploymentRate"] > 0.5
    nodes = _read(settings, PSUS)["data"]["mutualAidRequests"]["nodes"]
    units = {node["unit"] for node in nodes}
    assert {"PSU", "SERIAL"} <= units
    assert all(
        node["officers"] == node["quantity"] * {"PSU": 25, "SERIAL": 8}[node["unit"]]
        for node in nodes
        if node["unit"] != "OFFICER"
    )
