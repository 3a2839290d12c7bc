"""A small operation written straight into the store, built to price the hand-worked examples
of docs/costs.md, and a client of its graph."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.config import Settings
from hub.store import models as m
from tests.client import Graph, graph_client


@dataclass(frozen=True)
class Duty:
    """One officer of `provider` on one tour for `requester` (times in UTC)."""

    provider: str
    requester: str
    rank: str
    starts_at: datetime
    ends_at: datetime
    rest_day: bool = False
    notified_on: date | None = None
    cancelled_on: date | None = None
    status: str = "COMPLETED"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@dataclass
class Builder:
    """Writes operations, requests, units, officers, shifts and deployments."""

    connection: AsyncConnection
    prefix: str
    forces: dict[str, int] = field(default_factory=dict)
    count: int = 0

    async def _id(self, model: Any, **values: Any) -> int:
        table = model.__table__
        result = await self.connection.execute(insert(table).returning(table.c.id), [values])
        return int(result.scalar_one())

    async def operation(self, code: str, lead: str) -> int:
        rows = await self.connection.execute(select(m.Force.code, m.Force.id))
        self.forces = {code: pk for code, pk in rows}
        capabilities = await self.connection.execute(select(m.Capability.code, m.Capability.id))
        self.capability = dict(list(capabilities))["PUBLIC_ORDER_L2"]
        return await self._id(
            m.Operation,
            code=code,
            name=f"Operation {code}",
            lead_force_id=self.forces[lead],
            starts_on=date(2021, 1, 1),
            ends_on=date(2021, 12, 31),
        )

    async def duty(self, operation_id: int, duty: Duty) -> int:
        """One request, offer, unit, officer, shift and deployment: the deployment's id."""
        self.count += 1
        n = self.count
        request = await self._id(
            m.MutualAidRequest,
            reference=f"{self.prefix}-REQ-{n}",
            requesting_force_id=self.forces[duty.requester],
            operation_id=operation_id,
            capability_id=self.capability,
            quantity=1,
            starts_on=duty.starts_at.date(),
            ends_on=duty.ends_at.date(),
            status="FILLED",
        )
        commitment = await self._id(
            m.Commitment,
            request_id=request,
            providing_force_id=self.forces[duty.provider],
            quantity=1,
            status="ACCEPTED",
        )
        unit = await self._id(
            m.PlanningUnit,
            reference=f"{self.prefix}-UNIT-{n}",
            name=f"Unit {n}",
            force_id=self.forces[duty.provider],
            capability_id=self.capability,
            commitment_id=commitment,
        )
        officer = await self._id(
            m.Officer,
            force_id=self.forces[duty.provider],
            service_number=f"{self.prefix}{n:05d}",
            given_name="Test",
            family_name=f"Officer {n}",
            rank=duty.rank,
        )
        await self.connection.execute(
            insert(m.PlanningUnitMember), [{"planning_unit_id": unit, "officer_id": officer}]
        )
        shift = await self._id(
            m.DutyUnit,
            reference=f"{self.prefix}-DUTY-{n}",
            planning_unit_id=unit,
            shift_type="NIGHT" if duty.starts_at.hour >= 20 else "DAY",
            starts_at=duty.starts_at,
            ends_at=duty.ends_at,
        )
        deployment = await self._id(
            m.Deployment,
            officer_id=officer,
            duty_unit_id=shift,
            duty_date=duty.starts_at.date(),
            status=duty.status,
        )
        if duty.rest_day or duty.cancelled_on is not None:
            await self.connection.execute(
                insert(m.DeploymentTerms),
                [
                    {
                        "deployment_id": deployment,
                        "rest_day": duty.rest_day,
                        "notified_on": duty.notified_on,
                        "cancelled_on": duty.cancelled_on,
                    }
                ],
            )
        return deployment


async def write_duties(engine: AsyncEngine, code: str, duties: list[Duty]) -> list[int]:
    """An operation `code` led by the first duty's requester, with these duties."""
    async with engine.begin() as connection:
        builder = Builder(connection, code)
        operation = await builder.operation(code, duties[0].requester)
        return [await builder.duty(operation, duty) for duty in duties]


@pytest.fixture
async def graph(settings: Settings, engine: AsyncEngine) -> AsyncIterator[Graph]:
    """A client of the hub (a coordinator key) on the test's migrated database."""
    async with graph_client(settings) as client:
        yield client


async def write_bookings(
    engine: AsyncEngine, unit: str, rows: list[tuple[Any, dict[str, Any]]]
) -> None:
    """Bookings (model, values) for the planning unit `unit` or its one officer, at a hotel."""
    async with engine.begin() as connection:
        unit_id, officer_id = (
            await connection.execute(
                select(m.PlanningUnit.id, m.PlanningUnitMember.officer_id)
                .join(m.PlanningUnitMember)
                .where(m.PlanningUnit.reference == unit)
            )
        ).one()
        place = await connection.execute(
            insert(m.Location.__table__).returning(m.Location.__table__.c.id),
            [{"code": f"HOTEL-{unit}", "name": "Hotel", "type": "ACCOMMODATION"}],
        )
        location = place.scalar_one()
        for model, values in rows:
            holder = (
                {"planning_unit_id": unit_id}
                if values.pop("unit", True)
                else {"officer_id": officer_id}
            )
            if model is m.AccommodationBooking:
                values = {"holder_key": f"unit:{unit}", "location_id": location, **values}
            else:
                values = {"from_location_id": location, "to_location_id": location, **values}
            await connection.execute(insert(model), [{**holder, **values}])
