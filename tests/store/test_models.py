"""The models' rules hold in the database: natural keys, code lists, references, lazy loading."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.orm import selectinload

from hub.store import Base, session_factory
from hub.store.models import Capability, Force, MutualAidRequest, Officer

Ids = dict[str, int]


async def reference_ids(connection: AsyncConnection) -> Ids:
    force = await connection.scalar(select(Force.id).order_by(Force.code).limit(1))
    capability = await connection.scalar(select(Capability.id).order_by(Capability.code).limit(1))
    assert force is not None and capability is not None
    return {"force": force, "capability": capability}


def officer(ids: Ids, **values: Any) -> tuple[Any, dict[str, Any]]:
    row = {"force_id": ids["force"], "service_number": "1234", "given_name": "Ann"}
    return Officer, {**row, "family_name": "Smith", "rank": "PC", **values}


def request(ids: Ids, **values: Any) -> tuple[Any, dict[str, Any]]:
    row = {"reference": "REQ-1", "requesting_force_id": ids["force"], "quantity": 25}
    dates = {"starts_on": date(2021, 10, 31), "ends_on": date(2021, 11, 13)}
    return MutualAidRequest, {**row, **dates, "capability_id": ids["capability"], **values}


Row = Callable[[Ids], tuple[Any, dict[str, Any]]]

# Each case: a valid row, then a row the database must refuse next to it.
REFUSED: list[Any] = [
    pytest.param(officer, lambda ids: officer(ids, given_name="Bob"), id="officer-natural-key"),
    pytest.param(
        officer, lambda ids: officer(ids, service_number="9", force_id=-1), id="officer-fk"
    ),
    pytest.param(request, lambda ids: request(ids, quantity=5), id="request-reference"),
    pytest.param(
        request, lambda ids: request(ids, reference="REQ-2", status="LOST"), id="status-code-list"
    ),
    pytest.param(request, lambda ids: request(ids, reference="REQ-2", quantity=0), id="quantity"),
]


@pytest.mark.parametrize(("valid", "refused"), REFUSED)
async def test_the_database_refuses_a_row_that_breaks_a_rule(
    engine: AsyncEngine, valid: Row, refused: Row
) -> None:
    async with engine.begin() as connection:
        ids = await reference_ids(connection)
        model, row = valid(ids)
        await connection.execute(insert(model), [row])
        model, row = refused(ids)
        with pytest.raises(IntegrityError):
            await connection.execute(insert(model), [row])


async def test_a_status_from_the_code_list_is_accepted(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        model, row = request(await reference_ids(connection), status="SUBMITTED")
        await connection.execute(insert(model), [row])


def test_every_relationship_refuses_to_load_lazily() -> None:
    lazy = {
        str(relationship): relationship.lazy
        for mapper in Base.registry.mappers
        for relationship in mapper.relationships
    }
    assert lazy and set(lazy.values()) == {"raise"}, lazy


async def test_an_unloaded_relationship_raises_when_touched(engine: AsyncEngine) -> None:
    async with session_factory(engine)() as session:
        force = (await session.scalars(select(Force).limit(1))).one()
        with pytest.raises(InvalidRequestError, match="lazy='raise'"):
            _ = force.region
        loaded = (
            await session.scalars(
                select(Force).where(Force.id == force.id).options(selectinload(Force.region))
            )
        ).one()
        assert loaded.region.id == loaded.region_id
