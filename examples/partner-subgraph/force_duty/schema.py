"""The duty system's subgraph: fields it adds to the standard's `Officer` and `Location`.

Entities are keyed by the national standard's keys (`Officer.id`, `Location.code`) and hold
nothing else of the hub's: the gateway sends the key, this service answers its own fields.
"""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from force_duty import roster


@strawberry.enum(description="What an officer is rostered to do on a day.")
class DutyStatus(Enum):
    ON_DUTY = "ON_DUTY"
    REST_DAY = "REST_DAY"
    ANNUAL_LEAVE = "ANNUAL_LEAVE"


@strawberry.enum(description="A shift of the duty system's rota.")
class RotaShift(Enum):
    EARLY = "EARLY"
    LATE = "LATE"
    NIGHT = "NIGHT"


@strawberry.enum(description="A kind of on-site facility.")
class FacilityKind(Enum):
    CANTEEN = "CANTEEN"
    WELFARE = "WELFARE"
    PARKING = "PARKING"
    FIRST_AID = "FIRST_AID"
    CHANGING_ROOMS = "CHANGING_ROOMS"
    STORAGE = "STORAGE"


@strawberry.type(description="One day of an officer's roster.")
class DutyDay:
    date: date = strawberry.field(description="The day.")
    status: DutyStatus = strawberry.field(description="On duty, rest day or leave.")
    shift: RotaShift | None = strawberry.field(description="The shift worked, when on duty.")


@strawberry.type(description="A relief of officers working the same shift pattern.")
class RotaGroup:
    code: str = strawberry.field(description="Code of the group, A to E.")
    offset: int = strawberry.field(description="Days this group runs ahead of group A.")


@strawberry.type(description="A facility at a site, recorded by the force's estates team.")
class Facility:
    kind: FacilityKind = strawberry.field(description="What the facility is.")
    description: str = strawberry.field(description="Where it is and what it offers.")
    capacity: int | None = strawberry.field(description="People it serves at once, if known.")


DaysArgument = strawberry.argument(description=f"How many days, 1 to {roster.MAX_DAYS}.")


@strawberry.federation.type(keys=["id"], description="An officer, with the duty system's roster.")
class Officer:
    id: strawberry.ID = strawberry.field(description="The national graph's id of the officer.")

    @strawberry.field(description="The rota group the officer works in.")
    def rota_group(self) -> RotaGroup:
        group = roster.rota_group(self.id)
        return RotaGroup(code=group.code, offset=group.offset)

    @strawberry.field(description="The officer's roster, one entry a day from `start`.")
    def availability(self, start: date, days: int = 7) -> list[DutyDay]:
        return [
            DutyDay(
                date=day.date,
                status=DutyStatus(day.status),
                shift=RotaShift(day.shift) if day.shift else None,
            )
            for day in roster.roster(self.id, start, days)
        ]

    @strawberry.field(description="Rest days from `start`, which mutual aid must give back.")
    def rest_days(self, start: date, days: int = 14) -> list[date]:
        return [day.date for day in roster.roster(self.id, start, days) if day.status == "REST_DAY"]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Officer:
        return cls(id=id)


@strawberry.federation.type(keys=["code"], description="A location, with its on-site facilities.")
class Location:
    code: str = strawberry.field(description="The standard's stable code of the location.")

    @strawberry.field(description="Facilities on site; empty when none are recorded.")
    def facilities(self) -> list[Facility]:
        sites = roster.facilities(self.code)
        return [
            Facility(kind=FacilityKind(s.kind), description=s.description, capacity=s.capacity)
            for s in sites
        ]

    @classmethod
    def resolve_reference(cls, code: str) -> Location:
        return cls(code=code)


@strawberry.type(description="The duty system's own entry points.")
class Query:
    @strawberry.field(description="The rota groups of the force's relief pattern.")
    def rota_groups(self) -> list[RotaGroup]:
        groups = roster.sample_data().groups
        return [RotaGroup(code=group.code, offset=group.offset) for group in groups]


def build_schema() -> strawberry.federation.Schema:
    """The subgraph schema (Federation v2.7, like the hub's)."""
    return strawberry.federation.Schema(
        query=Query, types=[Officer, Location], federation_version="2.7"
    )
