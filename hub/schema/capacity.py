"""Capacity: who can send officers of a capability, when, and how far they are; and the
national picture of capacity against committed demand. Counts only: no officer is named."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated, Any

import strawberry

from hub.resolvers import capacity
from hub.resolvers.capacity_args import (
    ProviderAsk,
    capacity_scope,
    provider_rows,
)
from hub.schema.base import HubInfo
from hub.schema.prefetch import prefetch
from hub.schema.reference import Capability, Force, Region
from hub.schema.relations import to_one


@strawberry.enum(description="What daily capacity is summed to.")
class CapacityLevel(Enum):
    """Grouping of `capacity`."""

    FORCE = strawberry.enum_value("force", description="Each force holding the capability.")
    REGION = strawberry.enum_value("region", description="Each region, its forces summed.")
    NATIONAL = strawberry.enum_value("national", description="The nation, every force summed.")


@strawberry.type(description="Officers of a capability free for mutual aid on one day.")
class CapacityDay:
    """A row of `capacity`. Every count is of officers; an officer counts once in `busy`."""

    capability_id: strawberry.Private[int]
    force_id: strawberry.Private[int | None]
    region_id: strawberry.Private[int | None]
    day: date = strawberry.field(description="The day.")
    capable: int = strawberry.field(
        description="Officers holding the capability (records erased by retention excluded)."
    )
    deployed: int = strawberry.field(
        description="Of them, officers on a deployment that day (not cancelled), any duty."
    )
    committed: int = strawberry.field(
        description="Of them, officers named in a planning unit of an accepted commitment whose "
        "live request spans the day."
    )
    unavailable: int = strawberry.field(
        description="Of them, officers who declared themselves UNAVAILABLE or LIMITED for a "
        "period holding the day."
    )
    busy: int = strawberry.field(
        description="Distinct officers deployed, committed or unavailable (one may be several)."
    )
    pending: int = strawberry.field(
        description="Officers promised by accepted commitments spanning the day (for this "
        "capability) and not yet named in their planning units."
    )
    available: int = strawberry.field(
        description="Capable - busy - pending, per force, never below zero: officers free to "
        "be sent that day."
    )

    capability = to_one("Capability", "capability_id", "The capability.", Capability)
    force = to_one("Force", "force_id", "The force (FORCE level only).", Force | None)
    region = to_one("Region", "region_id", "The region (FORCE and REGION levels).", Region | None)


@strawberry.type(description="Where a force has its headquarters, and which public page says so.")
class Headquarters:
    """A row of `standards/geography/force-headquarters.csv`."""

    name: str = strawberry.field(description="The headquarters site.")
    town: str = strawberry.field(description="The town it is in or near.")
    latitude: float = strawberry.field(description="WGS 84 latitude, to two decimal places.")
    longitude: float = strawberry.field(description="WGS 84 longitude, to two decimal places.")
    source: str = strawberry.field(description="The public page that names the headquarters.")


@strawberry.type(description="A force that could answer a request: what it can send, how far.")
class CapacityProvider:
    """A row of `capacityProviders`."""

    force_id: strawberry.Private[int]
    region_id: strawberry.Private[int]
    distance_km: float = strawberry.field(
        description="Great-circle distance between the two forces' headquarters, in km."
    )
    headquarters: Headquarters = strawberry.field(description="The force's headquarters.")
    capable: int = strawberry.field(description="Officers holding the capability.")
    busy: int = strawberry.field(
        description="Of them, officers deployed, committed or unavailable on a day of the window."
    )
    pending: int = strawberry.field(
        description="Officers promised and not yet named, on the window's busiest day."
    )
    officers_available: int = strawberry.field(
        description="Officers free on every day of the window: capable - busy - pending."
    )
    units_available: int = strawberry.field(
        description="Whole units of the unit asked for that those officers make up."
    )
    can_send: bool = strawberry.field(
        description="Whether the force can send the whole quantity asked for."
    )
    establishment: int | None = strawberry.field(
        description="The force's officers (FTE), from the Home Office workforce tables "
        "(`officer_strength_fte` of the force code list); null where none is published."
    )
    officers_away: int = strawberry.field(
        description="The force's officers away on other forces' mutual aid on the window's "
        "busiest day (deployed, committed, or promised and not yet named), any capability."
    )
    share_away: float | None = strawberry.field(
        description="officersAway as a fraction of establishment (null without one)."
    )

    force = to_one("Force", "force_id", "The force.", Force)
    region = to_one("Region", "region_id", "The force's region.", Region)


@strawberry.type(description="Capacity against committed demand for one capability on one day.")
class CapabilityDay:
    """A row of `nationalPicture`: national totals, no force and no officer."""

    capability_id: strawberry.Private[int]
    day: date = strawberry.field(description="The day.")
    capable: int = strawberry.field(description="Officers holding the capability.")
    available: int = strawberry.field(
        description="Officers free to be sent that day, summed over forces (as `capacity`)."
    )
    requested: int = strawberry.field(
        description="Officers asked for by live requests spanning the day (units as officers)."
    )
    committed: int = strawberry.field(
        description="Officers in accepted commitments to those requests."
    )
    on_duty: int = strawberry.field(
        description="Distinct officers deployed that day in planning units of the capability."
    )

    capability = to_one("Capability", "capability_id", "The capability.", Capability)

    @strawberry.field(description="Officers asked for and not yet committed (never below zero).")
    def uncommitted(self) -> int:
        return max(self.requested - self.committed, 0)

    @strawberry.field(description="available - uncommitted: negative where demand exceeds supply.")
    def headroom(self) -> int:
        return self.available - max(self.requested - self.committed, 0)


@strawberry.input(description="What a requesting force needs: a capability, how many, when.")
class CapacityProvidersInput:
    """The question "which forces can send 2 PSUs of public order level 2 from 4 to 7
    November, nearest first"."""

    requesting_force: str = strawberry.field(
        description="Code of the force asking: distances are from its headquarters, and it is "
        "not listed."
    )
    capability: str = strawberry.field(description="Code of the capability needed.")
    starts_on: date = strawberry.field(description="First day needed.")
    ends_on: date = strawberry.field(description="Last day needed (at most 92 days on).")
    quantity: int = strawberry.field(default=1, description="How many units (positive).")
    unit: str = strawberry.field(
        default="OFFICER",
        description="Code (or name) of the resource unit counted, e.g. PSU: see the code list "
        "resource-units.",
    )
    include_short: bool = strawberry.field(
        default=False, description="Also list forces that cannot send the whole quantity."
    )


Dates = Annotated[date, strawberry.argument(description="First day (inclusive).")]
Until = Annotated[date, strawberry.argument(description="Last day (inclusive, at most 92 on).")]
Codes = Annotated[
    list[str] | None, strawberry.argument(description="Codes to keep (all when left out).")
]


def _headquarters(site: Any) -> Headquarters:
    return Headquarters(
        name=site.name,
        town=site.town,
        latitude=site.latitude,
        longitude=site.longitude,
        source=site.source,
    )


def _ints(row: Any, names: tuple[str, ...]) -> dict[str, int]:
    return {name: int(getattr(row, name)) for name in names}


@strawberry.type(description="Capacity and the national picture.")
class CapacityQuery:
    """Root fields of capacity (docs/querying.md, "Capacity")."""

    @strawberry.field(
        description="Officers of a capability free for mutual aid on each day, per force, "
        "region or the nation."
    )
    async def capacity(
        self,
        info: HubInfo,
        capability: Annotated[str, strawberry.argument(description="Capability code.")],
        starts_on: Dates,
        ends_on: Until,
        level: Annotated[
            CapacityLevel, strawberry.argument(description="What to sum to.")
        ] = CapacityLevel.FORCE,
        forces: Codes = None,
        regions: Codes = None,
    ) -> list[CapacityDay]:
        scope = capacity_scope(starts_on, ends_on, [capability], forces, regions)
        rows = await capacity.daily(info.context.reader, scope, str(level.value))
        result = [
            CapacityDay(
                capability_id=row.capability_id,
                force_id=row.force_id,
                region_id=row.region_id,
                day=row.day,
                **_ints(row, capacity.COUNTS),
            )
            for row in rows
        ]
        await prefetch(info, result)
        return result

    @strawberry.field(
        description="Forces that can send a quantity of a capability for a window, nearest "
        "first, with their share of establishment already away."
    )
    async def capacity_providers(
        self,
        info: HubInfo,
        input: Annotated[CapacityProvidersInput, strawberry.argument(description="The need.")],
    ) -> list[CapacityProvider]:
        ask = ProviderAsk(
            requesting_force=input.requesting_force,
            capability=input.capability,
            starts_on=input.starts_on,
            ends_on=input.ends_on,
            quantity=input.quantity,
            unit=input.unit,
            include_short=input.include_short,
        )
        result = [
            CapacityProvider(headquarters=_headquarters(found.headquarters), **found.values)
            for found in await provider_rows(info.context.reader, ask)
        ]
        await prefetch(info, result)
        return result

    @strawberry.field(
        description="Per capability and day: officers available against officers asked for, "
        "committed and on duty. National totals only, for every role that reads."
    )
    async def national_picture(
        self,
        info: HubInfo,
        starts_on: Dates,
        ends_on: Until,
        capabilities: Codes = None,
    ) -> list[CapabilityDay]:
        scope = capacity_scope(starts_on, ends_on, capabilities, None, None)
        rows = await capacity.national(info.context.reader, scope)
        names = ("capable", "available", "requested", "committed", "on_duty")
        result = [
            CapabilityDay(capability_id=row.capability_id, day=row.day, **_ints(row, names))
            for row in rows
        ]
        await prefetch(info, result)
        return result


__all__ = ["CapacityQuery"]
