"""The generated operation: COP26 imported through its own export, with the requests linked."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.demo.exports import write_exports
from hub.demo.generate import generate
from hub.demo.run import ingest_exports
from hub.store import models as m
from tests.client import graph_client

QUERY = """
query {
  operation(code: "COP26") {
    code name startsOn endsOn leadForce { code }
  }
  mutualAidRequests(first: 3, filter: {operations: ["COP26"]}) {
    totalCount
    nodes { reference operation { code } }
  }
}
"""


async def test_the_requests_of_the_demo_belong_to_the_cop26_operation(
    tmp_path: Path, settings: Settings, engine: AsyncEngine
) -> None:
    operation = generate("small")
    write_exports(operation, tmp_path)
    results = await ingest_exports(engine, tmp_path)
    assert [r.adapter for r in results][:2] == ["demo-operation", "demo-locations"]
    async with engine.connect() as connection:
        linked = await connection.scalar(
            select(func.count())
            .select_from(m.MutualAidRequest)
            .join(m.Operation, m.MutualAidRequest.operation_id == m.Operation.id)
            .where(m.Operation.code == "COP26")
        )
        venues = await connection.scalar(
            select(func.count()).select_from(m.Location).where(m.Location.operation_id.is_not(None))
        )
    assert linked == len(operation.units)
    assert venues and venues > 0
    async with graph_client(settings) as graph:
        data = await graph.data(QUERY)
    assert data["operation"] == {
        "code": "COP26",
        "name": "Operation Urram (COP26, Glasgow)",
        "startsOn": "2021-10-31",
        "endsOn": "2021-11-13",
        "leadForce": {"code": "police-scotland"},
    }
    requests = data["mutualAidRequests"]
    assert requests["totalCount"] == len(operation.units)
    assert {node["operation"]["code"] for node in requests["nodes"]} == {"COP26"}
