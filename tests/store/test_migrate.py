"""The initial migration builds exactly the schema the models declare, on both databases."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    CheckConstraint,
    ForeignKeyConstraint,
    Table,
    UniqueConstraint,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.errors import HubError
from hub.store import Base, create_engine, current_revision, is_sqlite, upgrade
from hub.store.migrate import MIGRATION_LOCK, alembic_config, migrating
from hub.store.models import Force
from tests.helpers import count_statements

Shape = set[tuple[str, ...]]
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


async def test_migration_matches_the_models(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []


async def test_migration_names_every_constraint_and_index_of_the_models(
    engine: AsyncEngine,
) -> None:
    # Alembic's comparison leaves out CHECK constraints and names; compare those here.
    async with engine.connect() as connection:
        reflected = await connection.run_sync(_reflected_shapes)
    declared = {table.name: _declared_shape(table) for table in Base.metadata.sorted_tables}
    assert reflected == declared


async def test_upgrade_twice_is_a_no_op(engine: AsyncEngine) -> None:
    before = await _snapshot(engine)
    with count_statements(engine) as log:
        await upgrade(engine)
    assert await current_revision(engine) == HEAD
    assert await _snapshot(engine) == before
    ddl = [s for s in log.statements if s.lstrip().upper().startswith(("CREATE", "ALTER", "DROP"))]
    assert ddl == []


async def test_current_revision_is_none_before_the_first_migration(settings: Settings) -> None:
    engine = create_engine(settings)
    try:
        assert await current_revision(engine) is None
        await upgrade(engine)
        assert await current_revision(engine) == HEAD
    finally:
        await engine.dispose()


async def test_downgrade_to_base_removes_every_table(engine: AsyncEngine) -> None:
    async with migrating(engine) as connection:
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), "base"))
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    assert tables == ["alembic_version"]
    assert await current_revision(engine) is None


async def test_concurrent_upgrades_migrate_once(settings: Settings) -> None:
    engines = [create_engine(settings), create_engine(settings)]
    try:
        await asyncio.gather(*(upgrade(engine) for engine in engines))
        assert await current_revision(engines[0]) == HEAD
        async with engines[1].connect() as connection:
            assert await connection.scalar(select(func.count()).select_from(Force)) == 48
    finally:
        for engine in engines:
            await engine.dispose()


async def test_upgrade_waits_while_another_process_migrates(settings: Settings) -> None:
    if is_sqlite(settings.database_url):
        pytest.skip("SQLite has no advisory locks")
    engine = create_engine(settings)
    try:
        async with engine.connect() as other_process:
            await other_process.execute(select(func.pg_advisory_lock(MIGRATION_LOCK)))
            waiting = asyncio.create_task(upgrade(engine))
            await asyncio.sleep(0.5)
            assert not waiting.done()
            await other_process.execute(select(func.pg_advisory_unlock(MIGRATION_LOCK)))
            await other_process.commit()
        await asyncio.wait_for(waiting, timeout=30)
        assert await current_revision(engine) == HEAD
    finally:
        await engine.dispose()


async def test_sqlite_refuses_to_commit_a_migration_that_breaks_foreign_keys(
    tmp_path: Path,
) -> None:
    engine = create_engine(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}"))
    try:
        await upgrade(engine)
        with pytest.raises(HubError) as raised:
            async with migrating(engine) as connection:
                # Foreign keys are off while migrating: only the final check can catch this.
                row: dict[str, object] = {"code": "x", "name": "X", "short_name": "X"}
                row |= {"kind": "territorial", "country": "england", "region_id": 999}
                await connection.execute(insert(Force), [row])
        assert raised.value.code == "MIGRATION_BROKE_FOREIGN_KEYS"
        async with engine.connect() as connection:
            assert (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
            assert await connection.scalar(select(func.count()).where(Force.code == "x")) == 0
    finally:
        await engine.dispose()


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _codes(sql: str) -> str:
    """The quoted literals of a CHECK constraint, which each dialect otherwise spells its way."""
    return ",".join(sorted(re.findall(r"'([^']*)'", sql)))


def _declared_shape(table: Table) -> Shape:
    shape: Shape = {("pk", str(table.primary_key.name))}
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            shape.add(("uq", str(constraint.name)))
        elif isinstance(constraint, ForeignKeyConstraint):
            shape.add(("fk", str(constraint.name), str(constraint.ondelete or "")))
        elif isinstance(constraint, CheckConstraint):
            shape.add(("ck", str(constraint.name), _codes(str(constraint.sqltext))))
    shape.update(("ix", str(index.name)) for index in table.indexes)
    return shape


def _reflected_shapes(connection: Connection) -> dict[str, Shape]:
    inspector = inspect(connection)
    shapes: dict[str, Shape] = {}
    for name in inspector.get_table_names():
        if name == "alembic_version":
            continue
        shape: Shape = {("pk", str(inspector.get_pk_constraint(name)["name"]))}
        shape.update(("uq", str(uq["name"])) for uq in inspector.get_unique_constraints(name))
        shape.update(
            ("fk", str(fk["name"]), str(fk["options"].get("ondelete") or "").upper())
            for fk in inspector.get_foreign_keys(name)
        )
        shape.update(
            ("ck", str(ck["name"]), _codes(ck["sqltext"]))
            for ck in inspector.get_check_constraints(name)
        )
        shape.update(
            ("ix", str(ix["name"]))
            for ix in inspector.get_indexes(name)
            if "duplicates_constraint" not in ix
        )
        shapes[name] = shape
    return shapes


async def _snapshot(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    async with engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in await connection.execute(table.select().order_by(*table.primary_key))
            ]
            for table in Base.metadata.sorted_tables
        }
