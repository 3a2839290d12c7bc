"""Migration 0005 gives records stored before it their opaque ids, under the hub's id key."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.demo.fixture import load_fixture
from hub.errors import HubError
from hub.store import create_engine, upgrade
from hub.store import models as m
from hub.store.gids import GID_MODELS
from hub.store.migrate import alembic_config, migrating


async def _gids(engine: AsyncEngine) -> dict[str, list[Any]]:
    async with engine.connect() as connection:
        return {
            name: sorted((await connection.execute(select(model.id, model.gid))).all())
            for name, model in GID_MODELS.items()
        }


async def _downgrade(engine: AsyncEngine, revision: str) -> None:
    async with migrating(engine) as connection:
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), revision))


async def test_upgrading_fills_the_ids_of_records_stored_before(engine: AsyncEngine) -> None:
    await load_fixture(engine, requests=3)
    made = await _gids(engine)
    assert all(rows for rows in made.values())
    assert all(gid for rows in made.values() for _, gid in rows)
    await _downgrade(engine, "0004")
    await upgrade(engine)
    assert await _gids(engine) == made


async def test_the_migration_needs_the_key_only_when_records_are_stored(
    settings: Settings, engine: AsyncEngine
) -> None:
    await load_fixture(engine, requests=1)
    await _downgrade(engine, "0004")
    keyless = create_engine(settings.model_copy(update={"id_key": None}))
    try:
        with pytest.raises(HubError) as refused:
            await upgrade(keyless)
        assert refused.value.code == "ID_KEY_MISSING"
        async with keyless.begin() as connection:  # nothing stored: nothing to give an id
            for model in (m.Deployment, m.AccommodationBooking, m.TravelBooking):
                await connection.execute(model.__table__.delete())
            await connection.execute(m.PlanningUnitMember.__table__.delete())
            await connection.execute(m.officer_capability.delete())
            await connection.execute(m.Officer.__table__.delete())
        await upgrade(keyless)
    finally:
        await keyless.dispose()
