"""Generated data for the capacity tests: the fixture operation, then officers with random
capabilities and availability, more requests in other states, commitments with officers not
yet named, cancelled deployments, an officer erased by retention and one withdrawn."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.demo.fixture import load_fixture
from hub.store import models as m
from hub.store.capacity import refresh
from hub.store.gids import fill_gids

FORCES = ("cumbria", "metropolitan", "greater-manchester", "south-wales", "kent", "psni")
CAPABILITIES = ("PUBLIC_ORDER_L2", "FIREARMS_AFO")
STATUSES = (None, None, "AVAILABLE", "UNAVAILABLE", "LIMITED")
FIRST_DAY = date(2021, 10, 30)


def _maybe_day(rng: random.Random) -> date | None:
    return None if rng.random() < 0.3 else FIRST_DAY + timedelta(days=rng.randrange(16))


async def load_capacity_data(engine: AsyncEngine, seed: int = 7) -> None:
    """The fixture operation and the extra records, in one database."""
    await load_fixture(engine, requests=12)
    rng = random.Random(seed)
    async with engine.begin() as connection:
        forces = await _codes(connection, m.Force)
        capabilities = await _codes(connection, m.Capability)
        officers = await _officers(connection, rng, forces, capabilities)
        await _requests(connection, rng, forces, capabilities, officers)
        await connection.execute(
            update(m.Deployment).where(text("deployment.id % 5 = 0")).values(status="CANCELLED")
        )
        await connection.execute(
            update(m.Officer)
            .where(m.Officer.id == officers[0])
            .values(identity_erased_at=datetime(2026, 1, 1, tzinfo=UTC))
        )
        # Another left the force: its newest full list (a snapshot import) omits it.
        await connection.execute(
            update(m.Officer)
            .where(m.Officer.id == officers[1])
            .values(withdrawn_at=datetime(2026, 2, 1, tzinfo=UTC))
        )
        await fill_gids(connection)
        await refresh(connection)  # written below the hub's writes: counted here


async def _codes(connection: AsyncConnection, model: Any) -> dict[str, int]:
    rows = await connection.execute(select(model.code, model.id))
    return {code: pk for code, pk in rows}


async def _officers(
    connection: AsyncConnection,
    rng: random.Random,
    forces: dict[str, int],
    capabilities: dict[str, int],
) -> list[int]:
    ids: list[int] = []
    for index in range(72):
        starts, ends = _maybe_day(rng), _maybe_day(rng)
        if starts and ends and ends < starts:
            starts, ends = ends, starts
        row = {
            "force_id": forces[FORCES[index % len(FORCES)]],
            "service_number": f"CAP{index:03d}",
            "given_name": "Test",
            "family_name": f"Officer {index}",
            "rank": "PC",
            "availability": rng.choice(STATUSES),
            "available_from": starts,
            "available_to": ends,
        }
        pk = await connection.execute(insert(m.Officer).values(row).returning(m.Officer.id))
        ids.append(pk.scalar_one())
    links = [
        {"officer_id": pk, "capability_id": capabilities[code]}
        for pk in ids
        for code in CAPABILITIES
        if rng.random() < 0.6
    ]
    await connection.execute(insert(m.officer_capability), links)
    return ids


async def _requests(
    connection: AsyncConnection,
    rng: random.Random,
    forces: dict[str, int],
    capabilities: dict[str, int],
    officers: list[int],
) -> None:
    statuses = ("SUBMITTED", "CONFIRMED", "CANCELLED", "COMPLETED", "IN_PROGRESS", "FILLED")
    for index in range(10):
        starts = FIRST_DAY + timedelta(days=rng.randrange(12))
        requester = FORCES[(index + 2) % len(FORCES)]
        quantity = rng.randrange(1, 4)
        request = await connection.execute(
            insert(m.MutualAidRequest)
            .values(
                reference=f"CAP-REQ-{index}",
                requesting_force_id=forces[requester],
                capability_id=capabilities[CAPABILITIES[index % 2]],
                quantity=quantity,
                unit="SERIAL" if index % 3 == 0 else "OFFICER",
                officers=quantity * (8 if index % 3 == 0 else 1),
                starts_on=starts,
                ends_on=starts + timedelta(days=rng.randrange(4)),
                status=statuses[index % len(statuses)],
            )
            .returning(m.MutualAidRequest.id)
        )
        request_id = request.scalar_one()
        provider = FORCES[index % len(FORCES)]
        for sequence, status in enumerate(("ACCEPTED", "DECLINED", "ACCEPTED"), start=1):
            commitment = await connection.execute(
                insert(m.Commitment)
                .values(
                    request_id=request_id,
                    providing_force_id=forces[provider],
                    sequence=sequence,
                    quantity=rng.randrange(2, 6),
                    status=status,
                )
                .returning(m.Commitment.id)
            )
            if sequence == 3:
                capability = capabilities[CAPABILITIES[index % 2]]
                unit = (index, commitment.scalar_one(), forces[provider], capability)
                await _unit(connection, unit, officers)


async def _unit(
    connection: AsyncConnection, unit: tuple[int, int, int, int], officers: list[int]
) -> None:
    """A planning unit naming two of the providing force's generated officers, on one duty."""
    index, commitment_id, force_id, capability_id = unit
    of_force = (
        await connection.execute(
            select(m.Officer.id).where(m.Officer.force_id == force_id, m.Officer.id.in_(officers))
        )
    ).scalars()
    members = list(of_force)[index % 3 : index % 3 + 2]
    unit = await connection.execute(
        insert(m.PlanningUnit)
        .values(
            reference=f"CAP-PU-{index}",
            name=f"Capacity unit {index}",
            force_id=force_id,
            capability_id=capability_id,
            commitment_id=commitment_id,
        )
        .returning(m.PlanningUnit.id)
    )
    unit_id = unit.scalar_one()
    await connection.execute(
        insert(m.PlanningUnitMember),
        [{"planning_unit_id": unit_id, "officer_id": pk} for pk in members],
    )
    begins = datetime(2021, 11, 2 + index % 5, 8, tzinfo=UTC)
    duty = await connection.execute(
        insert(m.DutyUnit)
        .values(
            reference=f"CAP-DU-{index}",
            planning_unit_id=unit_id,
            shift_type="DAY",
            starts_at=begins,
            ends_at=begins + timedelta(hours=8),
        )
        .returning(m.DutyUnit.id)
    )
    duty_id = duty.scalar_one()
    await connection.execute(
        insert(m.Deployment),
        [{"officer_id": pk, "duty_unit_id": duty_id, "duty_date": begins.date()} for pk in members],
    )
