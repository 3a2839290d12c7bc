"""The fixture operation with one API key of each kind, and helpers to call as each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.demo.fixture import load_fixture
from hub.store import models as m
from tests.client import DEFAULT_PURPOSE, Graph, auth_headers, graph_client

#: Who calls: a role, and the force of a force-scoped key. Police Scotland raised every request
#: of the fixture; the Met and Greater Manchester sent officers to it.
CALLERS: dict[str, tuple[str, str | None]] = {
    "coordinator": ("coordinator", None),
    "partner-host": ("partner", "police-scotland"),
    "partner-donor": ("partner", "metropolitan"),
    "ingest": ("ingest", "metropolitan"),
    "stakeholder": ("stakeholder", None),
}


@dataclass
class Hub:
    """A client of the hub serving the fixture operation, with a key per caller."""

    graph: Graph
    keys: dict[str, str]

    async def post(
        self,
        caller: str,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        purpose: str | None = DEFAULT_PURPOSE,
        accept: str = "application/json",
    ) -> httpx.Response:
        headers = {**auth_headers(self.keys[caller], purpose), "accept": accept}
        return await self.graph.post(query, variables, headers=headers)

    async def audit_rows(self) -> int:
        async with self.graph.engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(m.AuditRecord)))


async def add_import_batches(engine: AsyncEngine) -> None:
    """One import batch each for the Met and Greater Manchester."""
    async with engine.begin() as connection:
        forces = dict((await connection.execute(select(m.Force.code, m.Force.id))).all())
        await connection.execute(
            insert(m.ImportBatch),
            [
                {
                    "uid": f"00000000-0000-0000-0000-00000000000{index}",
                    "force_id": forces[code],
                    "adapter": "hr-officers",
                    "file_name": f"{code}.csv",
                    "checksum": "0" * 64,
                    "status": "COMPLETED",
                    "started_at": datetime(2021, 10, 1, tzinfo=UTC),
                }
                for index, code in enumerate(("metropolitan", "greater-manchester"))
            ],
        )


@pytest.fixture
async def hub(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Hub]:
    await load_fixture(engine, requests=6)
    await add_import_batches(engine)
    async with graph_client(settings) as graph:
        keys = {name: await graph.key(role, force) for name, (role, force) in CALLERS.items()}
        yield Hub(graph, keys)
