"""Faults during an import: a dropped database connection, a process killed mid-import, a key
of one force with a mapping of another. Each ends with a code, and nothing half-done."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from hub.adapters import ingest
from hub.adapters.write import LOCK_CLASS
from hub.cli import app
from hub.config import Settings
from hub.store import models as m
from tests.adapters.conftest import example
from tests.client import auth_headers, graph_client

ROWS, BATCH = 4000, 100


def _big_export(folder: Path) -> tuple[Path, Path]:
    """A copy of hr-officers with small batches, and an HR export of ROWS officers."""
    mapping = folder / "mapping.yaml"
    text_ = example("hr-officers", "mapping.yaml").read_text("utf-8")
    mapping.write_text(
        text_.replace(
            "force: greater-manchester", f"force: greater-manchester\nbatch_size: {BATCH}"
        ),
        "utf-8",
    )
    lines = ["Collar No,Surname,Forename(s),Rank,Skills"]
    lines += [f"{9000 + n},Surname{n},Given{n},PC," for n in range(ROWS)]
    export = folder / "officers.csv"
    export.write_text("\n".join(lines) + "\n", encoding="cp1252")
    return mapping, export


async def _count(engine: AsyncEngine, statement: Any) -> Any:
    async with engine.connect() as connection:
        return await connection.scalar(statement)


@pytest.mark.postgres
async def test_a_dropped_connection_ends_the_import_failed_with_a_code(
    database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL: a backend terminated from another connection")
    mapping, export = _big_export(tmp_path)
    batches_done = asyncio.Event()
    killer = create_async_engine(database_url, poolclass=NullPool)

    def progress(read: int) -> None:
        if read >= 3 * BATCH:
            batches_done.set()

    async def terminate() -> None:
        await batches_done.wait()
        async with killer.connect() as connection:
            await connection.execute(
                text(
                    "select pg_terminate_backend(pid) from pg_stat_activity"
                    " where datname = current_database() and pid <> pg_backend_pid()"
                )
            )

    try:
        kill = asyncio.create_task(terminate())
        (report,) = await ingest(engine, mapping, [export], progress=progress)
        await kill
    finally:
        await killer.dispose()
    assert report.status == "FAILED" and report.error is not None
    assert report.error.code == "DB_UNAVAILABLE", report.error
    assert 0 < report.inserted < ROWS and report.inserted % BATCH == 0
    stored = await _count(engine, select(func.count()).select_from(m.Officer))
    assert stored == report.inserted  # the counts are what the committed batches wrote
    status = await _count(
        engine, select(m.ImportBatch.status).where(m.ImportBatch.uid == report.batch_uid)
    )
    assert status == "FAILED"
    (again,) = await ingest(engine, mapping, [export])  # re-running finishes the import
    assert again.status == "COMPLETED"
    assert (again.inserted, again.unchanged) == (ROWS - report.inserted, report.inserted)


async def test_a_batch_left_running_by_a_dead_process_is_marked_interrupted(
    engine: AsyncEngine,
) -> None:
    host = socket.gethostname()
    async with engine.begin() as connection:
        rows = [
            {"uid": f"00000000-0000-0000-0000-00000000000{n}", "runner": runner}
            for n, runner in enumerate((f"{host}:{2**22 + 7}", f"{host}:{os.getppid()}"))
        ]
        for row in rows:
            await connection.execute(
                insert(m.ImportBatch).values(
                    adapter="hr-officers", file_name="x.csv", checksum="0" * 64, **row
                )
            )
        ids = dict((await connection.execute(select(m.ImportBatch.uid, m.ImportBatch.id))).all())
    alive = ids[rows[1]["uid"]]
    async with engine.connect() as holder:
        if engine.dialect.name == "postgresql":  # the live import holds its batch's lock
            await holder.execute(
                text("select pg_advisory_lock(:c, :b)"), {"c": LOCK_CLASS, "b": alive}
            )
        await ingest(engine, "hr-officers", [example("hr-officers", "officers.csv")])
        statuses = dict(
            (await holder.execute(select(m.ImportBatch.uid, m.ImportBatch.status))).all()
        )
    assert statuses[rows[0]["uid"]] == "INTERRUPTED"
    assert statuses[rows[1]["uid"]] == "RUNNING"
    assert sorted(statuses.values()) == ["COMPLETED", "INTERRUPTED", "RUNNING"]


async def test_a_key_of_one_force_never_imports_a_mapping_of_another(
    settings: Settings, engine: AsyncEngine
) -> None:
    async with graph_client(settings, role=None) as graph:
        met = await graph.key("ingest", "metropolitan")
        response = await graph.http.post(
            "/ingest",
            params={"adapter": "hr-officers", "filename": "officers.csv"},
            content=example("hr-officers", "officers.csv").read_bytes(),
            headers=auth_headers(met, None),
        )
    assert response.status_code == 422
    assert response.json()["errors"][0]["extensions"]["code"] == "FORCE_MISMATCH"
    assert await _count(engine, select(func.count()).select_from(m.Officer)) == 0
    assert await _count(engine, select(func.count()).select_from(m.ImportBatch)) == 0


def test_the_report_is_written_when_the_command_fails(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    report = tmp_path / "report.json"
    args = ["ingest", "--adapter", "hr-officers", "--force", "Atlantis", "--report", str(report)]
    result = CliRunner().invoke(app, [*args, str(example("hr-officers", "officers.csv"))])
    assert result.exit_code == 2
    assert "UNKNOWN_FORCE" in result.output and "Traceback" not in result.output
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    assert (data["status"], data["error"]["code"]) == ("FAILED", "UNKNOWN_FORCE")


def test_the_report_is_written_and_the_exit_code_kept_when_the_output_pipe_closes(
    settings: Settings, engine: AsyncEngine, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    hub = Path(sys.executable).parent / "hub"
    export = example("hr-officers", "officers-with-errors.csv")
    env = {**os.environ, "HUB_DATABASE_URL": settings.database_url}
    args = [str(hub), "ingest", "--adapter", "hr-officers", str(export), "--report", str(report)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader went away, as `| head -c 0` would
    with process.stderr:
        errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, errors
    assert "Traceback" not in errors
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    assert (data["read"], data["inserted"], data["rejected"]) == (6, 2, 4)


async def test_an_identical_duplicate_line_is_named_not_counted_unchanged(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    lines = example("hr-officers", "officers.csv").read_bytes().decode("cp1252").splitlines()
    export = tmp_path / "officers.csv"
    export.write_text("\n".join([*lines, lines[2], lines[1]]) + "\n", encoding="cp1252")
    (first,) = await ingest(engine, "hr-officers", [export])
    counts = (first.read, first.inserted, first.unchanged, first.repeated, first.rejected)
    assert counts == (8, 6, 0, 2, 0)
    assert [(d.line, d.code, d.message) for d in first.duplicates] == [
        (8, "DUPLICATE_LINE", "the same records as line 3: not written again"),
        (9, "DUPLICATE_LINE", "the same records as line 2: not written again"),
    ]
    (again,) = await ingest(engine, "hr-officers", [export])
    assert (again.inserted, again.unchanged, again.repeated) == (0, 6, 2)


async def test_a_file_whose_every_row_is_rejected_counts_nothing_unchanged(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    export = tmp_path / "units.csv"
    rows = ["GMP-PSU-77,GMP PSU 77,PO L2,9999"] * 5  # the unit repeats; its member is nobody
    export.write_text("\n".join(["Unit,Name,Skill,Members", *rows]) + "\n", encoding="utf-8")
    (report,) = await ingest(engine, "unit-members-list", [export])
    counts = (report.read, report.inserted, report.unchanged, report.repeated, report.rejected)
    assert counts == (5, 0, 0, 0, 5)
    assert [(r.line, r.code) for r in report.rejects] == [
        (line, "UNKNOWN_REFERENCE") for line in range(2, 7)
    ]
    assert report.duplicates == []
