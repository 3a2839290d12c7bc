"""The code lists land in the reference tables by code, and syncing again changes nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.standard import Vocabulary, load_vocabulary
from hub.store import sync_vocabulary
from hub.store.models import Capability, Force, Region
from tests.helpers import count_statements


@contextmanager
def rows_written(engine: AsyncEngine) -> Iterator[list[int]]:
    """The number of rows each INSERT or UPDATE inserted or changed."""
    counts: list[int] = []

    def record(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            counts.append(cursor.rowcount)

    event.listen(engine.sync_engine, "after_cursor_execute", record)
    try:
        yield counts
    finally:
        event.remove(engine.sync_engine, "after_cursor_execute", record)


async def sync(engine: AsyncEngine, vocabulary: Vocabulary) -> None:
    async with engine.begin() as connection:
        await sync_vocabulary(connection, vocabulary)


async def test_seeding_loads_every_code(engine: AsyncEngine) -> None:
    vocabulary = load_vocabulary()
    async with engine.connect() as connection:
        forces = {row.code: row for row in await connection.execute(select(Force))}
        regions = dict((await connection.execute(select(Region.id, Region.code))).all())
        capabilities = set((await connection.execute(select(Capability.code))).scalars())
    assert len(forces) == 48
    assert set(regions.values()) == {region.code for region in vocabulary.regions}
    assert capabilities == {capability.code for capability in vocabulary.capabilities}
    for force in vocabulary.forces:
        assert regions[forces[force.code].region_id] == force.region
        assert forces[force.code].aliases == list(force.aliases)


async def test_seeding_again_writes_nothing(engine: AsyncEngine) -> None:
    with rows_written(engine) as written, count_statements(engine) as log:
        await sync(engine, load_vocabulary())
    assert written == [0, 0, 0]
    assert log.count == 4  # one upsert per table and one look-up of region ids


CHANGES = [
    pytest.param("regions", "label", "Somewhere Else", Region, id="region-label"),
    pytest.param("forces", "short_name", "Elsewhere", Force, id="force-name"),
    pytest.param("forces", "aliases", ("Elsewhere Police",), Force, id="force-aliases"),
    pytest.param("capabilities", "label", "Something Else", Capability, id="capability-label"),
]


@pytest.mark.parametrize(("collection", "field", "value", "model"), CHANGES)
async def test_a_changed_code_list_entry_updates_its_row_only(
    engine: AsyncEngine, collection: str, field: str, value: object, model: Any
) -> None:
    vocabulary = load_vocabulary()
    entries = getattr(vocabulary, collection)
    changed = dataclasses.replace(entries[1], **{field: value})
    edits: dict[str, Any] = {collection: (entries[0], changed, *entries[2:])}
    edited = dataclasses.replace(vocabulary, **edits)
    with rows_written(engine) as written:
        await sync(engine, edited)
    assert sum(written) == 1
    async with engine.connect() as connection:
        stored = await connection.scalar(
            select(getattr(model, field)).where(model.code == changed.code)
        )
        total = await connection.scalar(select(func.count()).select_from(model))
    assert stored == (list(value) if isinstance(value, tuple) else value)
    assert total == len(entries)
