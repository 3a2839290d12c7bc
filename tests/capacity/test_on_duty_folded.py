"""A whole recount (from officer-days folded once) counts the officers on duty
(`capacity_day.on_duty`) as a recount of some days counts them (from the deployments), also
for officers on duty in units of two and of three capabilities in one day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.store import models as m
from hub.store.capacity import refresh
from tests.capacity.brute import Store

DAY = date(2021, 11, 2)


async def _capacity_days(connection: AsyncConnection) -> list[Any]:
    rows = await connection.execute(
        select(m.CapacityDay.__table__).order_by(
            m.CapacityDay.capability_id, m.CapacityDay.force_id, m.CapacityDay.day
        )
    )
    return [tuple(row) for row in rows]


async def _units_of_three_capabilities(connection: AsyncConnection) -> list[int]:
    """A duty unit of each of three capabilities: new planning units of the first force's."""
    force = (await connection.execute(text("SELECT min(id) FROM force"))).scalar_one()
    capabilities = (
        (await connection.execute(text("SELECT id FROM capability ORDER BY id LIMIT 3")))
        .scalars()
        .all()
    )
    duties = []
    for index, capability in enumerate(capabilities):
        unit = await connection.execute(
            insert(m.PlanningUnit).returning(m.PlanningUnit.id),
            {
                "reference": f"ON-DUTY-{index}",
                "name": f"On duty {index}",
                "force_id": force,
                "capability_id": capability,
            },
        )
        duty = await connection.execute(
            insert(m.DutyUnit).returning(m.DutyUnit.id),
            {
                "reference": f"ON-DUTY-{index}",
                "planning_unit_id": unit.scalar_one(),
                "shift_type": "DAY",
                "starts_at": datetime(2021, 11, 2, 8 + 3 * index, tzinfo=UTC),
                "ends_at": datetime(2021, 11, 2, 10 + 3 * index, tzinfo=UTC),
            },
        )
        duties.append(duty.scalar_one())
    return duties


async def test_a_whole_recount_counts_on_duty_as_a_recount_of_the_days(
    store: Store, engine: AsyncEngine
) -> None:
    async with engine.begin() as connection:
        duties = await _units_of_three_capabilities(connection)
        officers = (
            (await connection.execute(text("SELECT id FROM officer ORDER BY id LIMIT 2")))
            .scalars()
            .all()
        )
        # the first officer on duty in units of all three capabilities that day, the
        # second in two of them (the lowest and the highest)
        deployed = [(officers[0], duty) for duty in duties]
        deployed += [(officers[1], duties[0]), (officers[1], duties[2])]
        await connection.execute(
            insert(m.Deployment),
            [
                {"officer_id": officer, "duty_unit_id": duty, "duty_date": DAY}
                for officer, duty in deployed
            ],
        )
    async with engine.connect() as connection:
        await refresh(connection)  # every force, all days: from the folded officer-days
        whole = await _capacity_days(connection)
        await refresh(connection, None, date(2000, 1, 1), date(2100, 1, 1))  # the deployments
        by_days = await _capacity_days(connection)
        await connection.rollback()
    assert whole == by_days
    on_duty = {row[0] for row in whole if row[2] == DAY and row[7]}
    assert len(on_duty) >= 3, whole
