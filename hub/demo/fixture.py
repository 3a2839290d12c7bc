"""A small, deterministic mutual aid operation written straight into the store.

It stands in for imported data where a test or the quick demo needs a joined-up graph:
an operation, its locations, requests, commitments, planning units, shifts, deployments,
accommodation and travel. Names are generated, never real.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.store import models as m
from hub.store.capacity import refresh
from hub.store.gids import fill_gids

HOST = "police-scotland"
DONORS = (
    "metropolitan",
    "greater-manchester",
    "west-yorkshire",
    "west-midlands",
    "merseyside",
    "thames-valley",
    "south-wales",
    "northumbria",
)
GIVEN = ("Alex", "Sam", "Jordan", "Morgan", "Casey", "Robin", "Jamie", "Taylor", "Rowan", "Ellis")
FAMILY = ("Fraser", "Okafor", "Hughes", "Patel", "Campbell", "Nowak", "Reid", "Evans", "Khan")
UNIT_RANKS = ("INSP", "SGT", "PC", "PC", "PC")
SHIFTS = (("DAY", 7, 8), ("LATE", 15, 8), ("NIGHT", 23, 8))
EVENT_START = date(2021, 10, 31)


@dataclass(frozen=True)
class FixtureCounts:
    """How many records of each kind the fixture wrote."""

    requests: int
    commitments: int
    planning_units: int
    officers: int
    duty_units: int
    deployments: int


async def load_fixture(engine: AsyncEngine, requests: int = 12, seed: int = 26) -> FixtureCounts:
    """Write the fixture operation with `requests` mutual aid requests, in one transaction."""
    async with engine.begin() as connection:
        counts = await _Writer(connection, random.Random(seed)).write(requests)
        await refresh(connection)  # written below the hub's writes: capacity counts it here
        return counts


class _Writer:
    def __init__(self, connection: AsyncConnection, rng: random.Random) -> None:
        self.connection = connection
        self.rng = rng

    async def _ids(self, model: Any, rows: list[dict[str, Any]]) -> list[int]:
        table: Table = model.__table__
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        result = await self.connection.execute(stmt, rows)
        return [row[0] for row in result]

    async def _codes(self, model: Any) -> dict[str, int]:
        result = await self.connection.execute(select(model.code, model.id))
        return {code: pk for code, pk in result}

    async def write(self, requests: int) -> FixtureCounts:
        forces = await self._codes(m.Force)
        capabilities = await self._codes(m.Capability)
        (operation_id,) = await self._ids(
            m.Operation,
            [
                {
                    "code": "COP26",
                    "name": "Operation Urram (COP26, Glasgow)",
                    "description": "Policing of the UN climate change conference in Glasgow.",
                    "lead_force_id": forces[HOST],
                    "starts_on": EVENT_START,
                    "ends_on": date(2021, 11, 13),
                }
            ],
        )
        locations = await self._locations(operation_id)
        counts = [0, 0, 0, 0, 0]
        for index in range(requests):
            await self._request(index, forces, capabilities, operation_id, locations, counts)
        await fill_gids(self.connection)  # officers', deployments' and bookings' opaque ids
        return FixtureCounts(requests, *counts)

    async def _locations(self, operation_id: int) -> dict[str, int]:
        places = [
            ("SEC", "Scottish Event Campus", "VENUE", "G3 8YW", 55.8607, -4.2872),
            (
                "GLASGOW-GREEN",
                "Glasgow Green muster point",
                "MUSTER_POINT",
                "G40 1AT",
                55.85,
                -4.23,
            ),
            (
                "BRIEF-1",
                "Briefing centre, Helen Street",
                "BRIEFING_CENTRE",
                "G51 3HR",
                55.85,
                -4.33,
            ),
            ("HOTEL-1", "Clyde Quay Hotel", "ACCOMMODATION", "G3 8HB", 55.858, -4.29),
            ("HOTEL-2", "Merchant City Lodge", "ACCOMMODATION", "G1 1QX", 55.859, -4.245),
            ("CENTRAL", "Glasgow Central station", "TRANSPORT_HUB", "G1 3SL", 55.8591, -4.2581),
        ]
        rows: list[dict[str, Any]] = [
            {
                "code": code,
                "name": name,
                "type": kind,
                "postcode": postcode,
                "latitude": lat,
                "longitude": lon,
                "capacity": 400 if kind == "ACCOMMODATION" else None,
                "operation_id": operation_id,
            }
            for code, name, kind, postcode, lat, lon in places
        ]
        ids = await self._ids(m.Location, rows)
        return {row["code"]: pk for row, pk in zip(rows, ids, strict=True)}

    async def _request(
        self,
        index: int,
        forces: dict[str, int],
        capabilities: dict[str, int],
        operation_id: int,
        locations: dict[str, int],
        counts: list[int],
    ) -> None:
        starts = EVENT_START + timedelta(days=index % 10)
        reference = f"COP26-MA-{index + 1:04d}"
        donors = [DONORS[index % len(DONORS)]]
        if index % 3 == 0:
            donors.append(DONORS[(index + 3) % len(DONORS)])
        (request_id,) = await self._ids(
            m.MutualAidRequest,
            [
                {
                    "reference": reference,
                    "requesting_force_id": forces[HOST],
                    "operation_id": operation_id,
                    "capability_id": capabilities["PUBLIC_ORDER_L2"],
                    "quantity": 5 * len(donors),
                    "starts_on": starts,
                    "ends_on": starts + timedelta(days=2),
                    "location_id": locations["SEC"],
                    "status": "FILLED",
                    "description": "Police Support Unit for the conference perimeter.",
                    "raised_at": datetime(2021, 9, 1, 9, 0, tzinfo=UTC) + timedelta(hours=index),
                }
            ],
        )
        for sequence, donor in enumerate(donors, start=1):
            (commitment_id,) = await self._ids(
                m.Commitment,
                [
                    {
                        "request_id": request_id,
                        "providing_force_id": forces[donor],
                        "sequence": sequence,
                        "quantity": 5,
                        "status": "ACCEPTED",
                    }
                ],
            )
            unit = f"{reference}-U{sequence}"
            await self._unit(
                unit, forces[donor], donor, commitment_id, starts, locations, capabilities
            )
            counts[0] += 1
            counts[1] += 1
            counts[2] += len(UNIT_RANKS)
            counts[3] += len(SHIFTS)
            counts[4] += len(SHIFTS) * len(UNIT_RANKS)

    async def _unit(
        self,
        reference: str,
        force_id: int,
        force_code: str,
        commitment_id: int,
        starts: date,
        locations: dict[str, int],
        capabilities: dict[str, int],
    ) -> None:
        (unit_id,) = await self._ids(
            m.PlanningUnit,
            [
                {
                    "reference": reference,
                    "name": f"{force_code} PSU {reference[-7:]}",
                    "force_id": force_id,
                    "capability_id": capabilities["PUBLIC_ORDER_L2"],
                    "commitment_id": commitment_id,
                }
            ],
        )
        officer_rows = [
            {
                "force_id": force_id,
                "service_number": f"{reference[-7:-3]}{reference[-1]}{position:02d}",
                "given_name": self.rng.choice(GIVEN),
                "family_name": self.rng.choice(FAMILY),
                "rank": rank,
                "detective": False,
            }
            for position, rank in enumerate(UNIT_RANKS, start=1)
        ]
        officers = await self._ids(m.Officer, officer_rows)
        await self.connection.execute(
            insert(m.officer_capability),
            [
                {"officer_id": pk, "capability_id": capabilities["PUBLIC_ORDER_L2"]}
                for pk in officers
            ],
        )
        await self.connection.execute(
            insert(m.PlanningUnitMember),
            [
                {
                    "planning_unit_id": unit_id,
                    "officer_id": pk,
                    "role": "commander" if i == 0 else None,
                }
                for i, pk in enumerate(officers)
            ],
        )
        await self._shifts(reference, unit_id, officers, starts, locations)
        await self._logistics(reference, unit_id, starts, locations)

    async def _shifts(
        self,
        reference: str,
        unit_id: int,
        officers: list[int],
        starts: date,
        locations: dict[str, int],
    ) -> None:
        rows: list[dict[str, Any]] = []
        for day, (shift, hour, hours) in enumerate(SHIFTS):
            begins = datetime(starts.year, starts.month, starts.day, hour, tzinfo=UTC)
            begins += timedelta(days=day)
            rows.append(
                {
                    "reference": f"{reference}-D{day + 1}",
                    "planning_unit_id": unit_id,
                    "shift_type": shift,
                    "starts_at": begins,
                    "ends_at": begins + timedelta(hours=hours),
                    "location_id": locations["SEC"],
                }
            )
        duties = await self._ids(m.DutyUnit, rows)
        await self.connection.execute(
            insert(m.Deployment),
            [
                {
                    "officer_id": officer,
                    "duty_unit_id": duty,
                    "duty_date": row["starts_at"].date(),
                    "location_id": locations["SEC"],
                    "status": "COMPLETED",
                }
                for duty, row in zip(duties, rows, strict=True)
                for officer in officers
            ],
        )

    async def _logistics(
        self, reference: str, unit_id: int, starts: date, locations: dict[str, int]
    ) -> None:
        hotel = "HOTEL-1" if self.rng.random() < 0.5 else "HOTEL-2"
        await self.connection.execute(
            insert(m.AccommodationBooking),
            [
                {
                    "location_id": locations[hotel],
                    "holder_key": f"unit:{reference}",
                    "planning_unit_id": unit_id,
                    "check_in": starts - timedelta(days=1),
                    "check_out": starts + timedelta(days=3),
                    "rooms": len(UNIT_RANKS),
                    "status": "CONFIRMED",
                }
            ],
        )
        departs = datetime(starts.year, starts.month, starts.day, 8, tzinfo=UTC)
        departs -= timedelta(days=1)
        await self.connection.execute(
            insert(m.TravelBooking),
            [
                {
                    "reference": f"{reference}-T1",
                    "mode": "COACH",
                    "planning_unit_id": unit_id,
                    "from_location_id": locations["CENTRAL"],
                    "to_location_id": locations[hotel],
                    "departs_at": departs,
                    "arrives_at": departs + timedelta(hours=1),
                    "seats": len(UNIT_RANKS),
                    "status": "CONFIRMED",
                }
            ],
        )
