"""POST /ingest when the database goes away: 503 DB_UNAVAILABLE with Retry-After and the
file's report (FAILED), so that a partner's system sends the file again; the same upload
finishes once the database is back, with no restart."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from hub.config import Settings
from hub.store import models as m
from tests.client import Graph, auth_headers, graph_client

ROWS = 45_000  # more than two transactions of the default `batch_size` (20,000)


def _export() -> bytes:
    """An HR export (the `hr-officers` adapter's shape) of ROWS officers."""
    lines = ["Collar No,Surname,Forename(s),Rank,Skills"]
    lines += [f"{100_000 + n},Surname{n},Given{n},PC," for n in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


async def _upload(graph: Graph, key: str) -> httpx.Response:
    return await graph.http.post(
        "/ingest",
        params={"adapter": "hr-officers", "filename": "officers.csv"},
        content=_export(),
        headers=auth_headers(key, None),
    )


def _check_unavailable(response: httpx.Response) -> dict[str, Any]:
    """The answer's body, checked: 503, Retry-After, DB_UNAVAILABLE."""
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) > 0
    body: dict[str, Any] = response.json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["DB_UNAVAILABLE"]
    return body


def _failed_report(response: httpx.Response) -> dict[str, Any]:
    (report,) = _check_unavailable(response)["reports"]
    assert report["status"] == "FAILED" and report["error"]["code"] == "DB_UNAVAILABLE"
    return report


async def _officers(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(m.Officer)))


@pytest.mark.postgres
async def test_a_connection_lost_mid_upload_answers_503_with_the_report(
    settings: Settings, database_url: str, engine: AsyncEngine
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL: a backend terminated from another connection")
    killer = create_async_engine(database_url, poolclass=NullPool)

    async def terminate_after_a_batch() -> None:
        async with killer.connect() as connection:
            while not await connection.scalar(select(func.count()).select_from(m.Officer)):
                await connection.rollback()
                await asyncio.sleep(0.02)
            await connection.execute(
                text(
                    "select pg_terminate_backend(pid) from pg_stat_activity"
                    " where datname = current_database() and pid <> pg_backend_pid()"
                )
            )

    try:
        async with graph_client(settings) as graph:
            key = await graph.key("coordinator")
            kill = asyncio.create_task(terminate_after_a_batch())
            response = await _upload(graph, key)
            await kill
            report = _failed_report(response)
            assert 0 < report["inserted"] < ROWS
            assert await _officers(engine) == report["inserted"]
            again = await _upload(graph, key)  # the database answers again: the same process
            assert again.status_code == 200, again.text
            (done,) = again.json()["reports"]
            assert done["status"] == "COMPLETED"
            assert (done["inserted"], done["unchanged"]) == (
                ROWS - report["inserted"],
                report["inserted"],
            )
    finally:
        await killer.dispose()


async def test_a_database_that_cannot_be_read_answers_503(
    settings: Settings, database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite: the database file replaced by one that is not a database")
    path = Path(database_url.split("///", 1)[1])
    async with graph_client(settings) as graph:
        key = await graph.key("coordinator")
        # The key is known to the process (HUB_KEY_CACHE_S): the upload reaches the import.
        await graph.post("{ __typename }", headers=auth_headers(key, None))
        await graph.engine.dispose()  # the next upload opens the file anew
        shutil.move(path, tmp_path / "away.db")
        await asyncio.to_thread(path.write_bytes, b"not a database " * 1_000)
        try:
            # Lost before the file's import began: no report, nothing written.
            assert "reports" not in _check_unavailable(await _upload(graph, key))
        finally:
            shutil.move(tmp_path / "away.db", path)
            await graph.engine.dispose()
        again = await _upload(graph, key)
        assert again.status_code == 200, again.text
        assert again.json()["reports"][0]["inserted"] == ROWS
