"""New rows loaded by COPY on PostgreSQL (hub.adapters.write.copy) are the rows an INSERT would
store: defaults, provenance, opaque ids, versions; a re-import writes nothing; and a key stored
by someone else between a batch's look-up and its COPY sends the batch record by record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from hub.adapters import ingest
from hub.adapters.write import chunk
from hub.standard.ids import opaque_id
from hub.store import models as m
from hub.store.gids import id_key_of

MEMBERS, SHIFTS = 12, 6  # 72 deployments in one batch: more than copy.MIN_ROWS


def _roster(folder: Path, post: str = "SEC-GATE-1") -> Path:
    """A roster of one unit whose every member is on every shift (the last shift at `post`)."""
    numbers = [f"{7000 + n}" for n in range(MEMBERS)]
    members = "".join(
        f'<rs:member role="Constable"><hr:officer number="{number}"><hr:surname>S{number}'
        f"</hr:surname><hr:forenames>G</hr:forenames><hr:rank>PC</hr:rank></hr:officer>"
        f"</rs:member>\n"
        for number in numbers
    )
    on = "".join(f"<rs:on>{number}</rs:on>" for number in numbers)
    shifts = "".join(
        f'<rs:shift id="GMP-PSU-09-D{day}" type="Day"><rs:date>{day:02d}/11/2021</rs:date>'
        f"<rs:from>07:00</rs:from><rs:to>17:00</rs:to>"
        f'<rs:post code="{post if day == SHIFTS else "SEC-GATE-1"}">Gate</rs:post>{on}'
        f"</rs:shift>\n"
        for day in range(1, SHIFTS + 1)
    )
    path = folder / "roster.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rs:roster xmlns:rs="urn:example:duty-planning:roster:2" '
        'xmlns:hr="urn:example:duty-planning:people:1">\n'
        '<rs:unit ref="GMP-PSU-09" skill="Level 2"><rs:name>GMP PSU 9</rs:name>\n'
        f"<rs:members>{members}</rs:members><rs:shifts>{shifts}</rs:shifts></rs:unit>\n"
        "</rs:roster>\n",
        "utf-8",
    )
    return path


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of rows of each COPY the import makes."""
    copied: list[int] = []
    real = chunk.copy_new

    async def spy(connection: Any, table: Any, rows: Any) -> None:
        copied.append(len(rows))
        await real(connection, table, rows)

    monkeypatch.setattr(chunk, "copy_new", spy)
    return copied


async def _deployments(engine: AsyncEngine) -> list[Any]:
    d, o, du = m.Deployment, m.Officer, m.DutyUnit
    table: Any = d.__table__
    statement = (
        select(o.service_number, du.reference, *table.c)
        .join(o, o.id == d.officer_id)
        .join(du, du.id == d.duty_unit_id)
        .order_by(du.reference, o.service_number)
    )
    async with engine.connect() as connection:
        return list((await connection.execute(statement)).all())


async def test_rows_loaded_by_copy_are_whole_and_a_reimport_writes_nothing(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgres = engine.dialect.name == "postgresql"
    copied = _spy(monkeypatch)
    roster = _roster(tmp_path)
    (first,) = await ingest(engine, "duty-roster-xml", [roster])
    assert first.status == "COMPLETED" and not first.rejects
    assert first.entities["deployment"] == {"inserted": MEMBERS * SHIFTS}
    assert copied == ([MEMBERS * SHIFTS] if postgres else [])
    async with engine.connect() as connection:
        key = id_key_of(connection)
        batch = await connection.scalar(select(m.ImportBatch.id).order_by(m.ImportBatch.id.desc()))
    rows = await _deployments(engine)
    assert len(rows) == MEMBERS * SHIFTS
    for found in rows:
        number, duty = found[0], found[1]
        assert found.version == 1 and found.status == "PLANNED"
        assert found.source_batch_id == batch and found.source_line and found.source_path
        assert found.recorded_at is not None and found.updated_at is not None
        assert found.gid == opaque_id(key, "Deployment", "greater-manchester", number, duty)

    copied.clear()
    (again,) = await ingest(engine, "duty-roster-xml", [roster])
    assert (again.inserted, again.updated) == (0, 0) and copied == []
    assert [r.version for r in await _deployments(engine)] == [1] * (MEMBERS * SHIFTS)

    (moved,) = await ingest(engine, "duty-roster-xml", [_roster(tmp_path, post="ZONE-BLUE")])
    assert moved.entities["deployment"] == {
        "updated": MEMBERS,
        "unchanged": MEMBERS * (SHIFTS - 1),
    }
    versions = {(r[1], r[0]): r.version for r in await _deployments(engine)}
    assert sorted(versions.values()) == [1] * (MEMBERS * (SHIFTS - 1)) + [2] * MEMBERS
    assert {v for (duty, _n), v in versions.items() if duty.endswith(f"D{SHIFTS}")} == {2}


@pytest.mark.postgres
async def test_keys_stored_after_the_lookup_send_the_batch_record_by_record(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    roster = _roster(tmp_path)
    await ingest(engine, "duty-roster-xml", [roster])
    real = chunk.lookup_steps

    def blind(dialect: Any, entity: str, wanted: Any) -> Any:
        """As if another import stored the deployments after this batch looked them up."""
        return {} if entity == "deployment" else (yield from real(dialect, entity, wanted))

    monkeypatch.setattr(chunk, "lookup_steps", blind)
    copied = _spy(monkeypatch)
    (report,) = await ingest(engine, "duty-roster-xml", [roster])
    assert copied == [MEMBERS * SHIFTS]  # refused by the unique index, then one by one
    assert report.status == "COMPLETED" and not report.rejects and report.error is None
    rows = await _deployments(engine)
    assert len(rows) == MEMBERS * SHIFTS
    assert len({(r[0], r[1]) for r in rows}) == MEMBERS * SHIFTS


@pytest.mark.postgres
async def test_a_connection_lost_at_the_copy_fails_the_file_with_a_code_and_writes_nothing(
    database_url: str, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL: a backend terminated from another connection")
    killer = create_async_engine(database_url, poolclass=NullPool)
    real = chunk.copy_new

    async def cut(connection: Any, table: Any, rows: Any) -> None:
        async with killer.connect() as other:
            await other.execute(
                text(
                    "select pg_terminate_backend(pid) from pg_stat_activity"
                    " where datname = current_database() and pid <> pg_backend_pid()"
                )
            )
        await real(connection, table, rows)

    monkeypatch.setattr(chunk, "copy_new", cut)
    try:
        (report,) = await ingest(engine, "duty-roster-xml", [_roster(tmp_path)])
    finally:
        await killer.dispose()
    assert report.status == "FAILED" and report.error is not None
    assert report.error.code == "DB_UNAVAILABLE", report.error
    assert await _deployments(engine) == []  # the batch rolled back whole
    async with engine.connect() as connection:
        status = await connection.scalar(
            select(m.ImportBatch.status).where(m.ImportBatch.uid == report.batch_uid)
        )
    assert status is None  # the batch row was written with the file's one batch, rolled back
    monkeypatch.setattr(chunk, "copy_new", real)
    (again,) = await ingest(engine, "duty-roster-xml", [_roster(tmp_path)])
    assert again.status == "COMPLETED"
    assert again.entities["deployment"] == {"inserted": MEMBERS * SHIFTS}


async def _links(engine: AsyncEngine) -> set[tuple[str, str]]:
    o, c, oc = m.Officer, m.Capability, m.officer_capability
    statement = (
        select(o.service_number, c.code)
        .join(oc, oc.c.officer_id == o.id)
        .join(c, c.id == oc.c.capability_id)
    )
    async with engine.connect() as connection:
        return {(number, code) for number, code in (await connection.execute(statement)).all()}


async def test_officers_capability_lists_are_loaded_by_copy(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgres = engine.dialect.name == "postgresql"
    copied = _spy(monkeypatch)
    officers = 40  # 80 capability links in one batch: more than copy.MIN_ROWS

    def export(skills: str) -> Path:
        lines = ["Collar No,Surname,Forename(s),Rank,Skills"]
        lines += [f"{6000 + n},S{n},G{n},PC,{skills}" for n in range(officers)]
        path = tmp_path / "officers.csv"
        path.write_text("\n".join(lines) + "\n", encoding="cp1252")
        return path

    (first,) = await ingest(engine, "hr-officers", [export("PO L2; PSU Driver")])
    assert first.status == "COMPLETED" and first.inserted == officers
    assert copied == ([officers * 2] if postgres else [])
    both = {
        (str(6000 + n), code) for n in range(officers) for code in ("PUBLIC_ORDER_L2", "PSU_DRIVER")
    }
    assert await _links(engine) == both
    copied.clear()
    (again,) = await ingest(engine, "hr-officers", [export("PO L2; PSU Driver")])
    assert (again.inserted, again.updated, again.unchanged, copied) == (0, 0, officers, [])
    (fewer,) = await ingest(engine, "hr-officers", [export("PO L2")])
    assert fewer.updated == officers and copied == []
    assert await _links(engine) == {(n, c) for n, c in both if c == "PUBLIC_ORDER_L2"}
