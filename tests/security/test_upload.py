"""POST /ingest: authenticated, force-scoped, streamed with a cap, the pipeline's reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from tests.client import auth_headers, graph_client
from tests.security.conftest import Hub

EXPORT = Path(__file__).resolve().parents[2] / "adapters" / "hr-officers" / "officers.csv"


async def test_an_ingest_key_imports_its_forces_file_and_sees_the_batch(hub: Hub) -> None:
    headers = auth_headers(hub.keys["ingest"], None)
    response = await hub.graph.http.post(
        "/ingest",
        params={"adapter": "hr-officers-shared", "filename": "../../etc/officers.csv"},
        content=EXPORT.read_bytes(),
        headers=headers,
    )
    (report,) = response.json()["reports"]
    assert response.status_code == 200
    assert report["file"] == "officers.csv" and report["inserted"] > 0
    batches = await hub.post(
        "ingest", "{ importBatches { nodes { fileName actor force { code } } } }", purpose=None
    )
    nodes = batches.json()["data"]["importBatches"]["nodes"]
    assert {node["force"]["code"] for node in nodes} == {"metropolitan"}
    assert {
        "fileName": "officers.csv",
        "actor": "key:test ingest metropolitan",
        "force": {"code": "metropolitan"},
    } in nodes


@pytest.mark.parametrize(
    ("params", "headers", "size", "status", "code"),
    [
        ({"adapter": "hr-officers"}, False, 10, 401, "UNAUTHENTICATED"),
        ({"adapter": "/etc/passwd"}, True, 10, 400, "ADAPTER_NOT_FOUND"),
        ({"adapter": "hr-officers"}, True, 2_000, 413, "UPLOAD_TOO_LARGE"),
    ],
)
async def test_uploads_are_refused_with_a_code(
    settings: Settings,
    engine: AsyncEngine,
    params: dict[str, str],
    headers: bool,
    size: int,
    status: int,
    code: str,
) -> None:
    capped = settings.model_copy(update={"max_upload_bytes": 1_000})
    async with graph_client(capped, role=None) as graph:
        key = await graph.key("ingest", "metropolitan")
        response = await graph.http.post(
            "/ingest",
            params=params,
            content=b"x" * size,
            headers=auth_headers(key, None) if headers else {},
        )
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code
