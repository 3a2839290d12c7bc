"""Management information for stakeholders: aggregates of the graph, computed in SQL."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated, Any

import strawberry

from hub.resolvers import aggregates
from hub.schema.base import DateRange, HubInfo, filters_of
from hub.schema.enums import RequestStatus
from hub.schema.location import Location
from hub.schema.operation import Operation
from hub.schema.prefetch import prefetch
from hub.schema.reference import Capability, Force, Region
from hub.schema.relations import to_one
from hub.security.policy import sees_personal_data


@strawberry.enum(description="What officer duty-days can be grouped by.")
class DutyDayDimension(Enum):
    """Grouping keys of `officerDutyDays`."""

    FORCE = strawberry.enum_value("force_id", description="The officer's (providing) force.")
    REGION = strawberry.enum_value("region_id", description="The region of the officer's force.")
    DAY = strawberry.enum_value("day", description="The day of duty.")
    CAPABILITY = strawberry.enum_value("capability_id", description="The unit's capability.")
    LOCATION = strawberry.enum_value("location_id", description="Where the duty was worked.")
    OPERATION = strawberry.enum_value("operation_id", description="The operation served.")
    REQUESTING_FORCE = strawberry.enum_value(
        "requesting_force_id", description="The force whose request the duty filled."
    )


@strawberry.enum(description="What request fill rates can be grouped by.")
class FillRateDimension(Enum):
    """Grouping keys of `requestFillRates`."""

    CAPABILITY = strawberry.enum_value("capability_id", description="The capability asked for.")
    REQUESTING_FORCE = strawberry.enum_value(
        "requesting_force_id", description="The force that raised the requests."
    )
    OPERATION = strawberry.enum_value("operation_id", description="The operation served.")


@strawberry.enum(description="What request counts can be grouped by.")
class RequestCountDimension(Enum):
    """Grouping keys of `requestCounts`."""

    STATUS = strawberry.enum_value("status", description="Where the requests are in their life.")
    CAPABILITY = strawberry.enum_value("capability_id", description="The capability asked for.")
    REQUESTING_FORCE = strawberry.enum_value(
        "requesting_force_id", description="The force that raised the requests."
    )
    OPERATION = strawberry.enum_value("operation_id", description="The operation served.")


@strawberry.input(description="Which deployments count towards duty-day figures.")
class DutyDayFilter:
    """Filter of `officerDutyDays` and `mutualAidBalance` (codes)."""

    operations: list[str] | None = strawberry.field(default=None, description="Operations.")
    forces: list[str] | None = strawberry.field(default=None, description="Officers' forces.")
    requesting_forces: list[str] | None = strawberry.field(
        default=None, description="Forces whose requests the duties filled."
    )
    regions: list[str] | None = strawberry.field(
        default=None, description="Regions of the officers' forces."
    )
    capabilities: list[str] | None = strawberry.field(
        default=None, description="Capabilities of the units."
    )
    locations: list[str] | None = strawberry.field(default=None, description="Duty locations.")
    duty_date: DateRange | None = strawberry.field(default=None, description="Days of duty.")


@strawberry.input(description="Which deployments count towards mutual aid balances.")
class BalanceFilter:
    """Filter of `mutualAidBalance` (codes)."""

    operations: list[str] | None = strawberry.field(default=None, description="Operations.")
    duty_date: DateRange | None = strawberry.field(default=None, description="Days of duty.")


@strawberry.input(description="Which requests count towards fill rates.")
class FillRateFilter:
    """Filter of `requestFillRates` (codes)."""

    operations: list[str] | None = strawberry.field(default=None, description="Operations.")
    requesting_forces: list[str] | None = strawberry.field(
        default=None, description="Forces that raised the requests."
    )
    capabilities: list[str] | None = strawberry.field(
        default=None, description="Capabilities asked for."
    )
    starts_on: DateRange | None = strawberry.field(
        default=None, description="Requests whose first day falls in this range."
    )


@strawberry.input(description="Which requests count towards request counts.")
class RequestCountFilter(FillRateFilter):
    """Filter of `requestCounts` (codes): the same fields as `FillRateFilter`."""


@strawberry.input(description="Which accommodation counts towards occupancy.")
class OccupancyFilter:
    """Filter of `accommodationOccupancy` (codes)."""

    locations: list[str] | None = strawberry.field(default=None, description="Locations.")
    operations: list[str] | None = strawberry.field(
        default=None, description="Operations the locations belong to."
    )
    nights: DateRange | None = strawberry.field(default=None, description="Nights to report.")


def _key(type_name: str, column: str, graphql_type: Any, what: str) -> Any:
    return to_one(type_name, column, f"The {what}, when grouped by it.", graphql_type)


@strawberry.type(description="Officer duty-days for one combination of the grouping keys.")
class DutyDayTotal:
    """A row of `officerDutyDays`."""

    force = _key("Force", "force_id", Force | None, "officers' force")
    region = _key("Region", "region_id", Region | None, "region of the officers' force")
    day: date | None = strawberry.field(description="The day of duty, when grouped by it.")
    capability = _key("Capability", "capability_id", Capability | None, "capability of the units")
    location = _key("Location", "location_id", Location | None, "duty location")
    operation = _key("Operation", "operation_id", Operation | None, "operation")
    requesting_force = _key(
        "Force", "requesting_force_id", Force | None, "force whose requests the duties filled"
    )
    officer_duty_days: int = strawberry.field(description="Deployments not cancelled.")
    officers: int = strawberry.field(description="Distinct officers among them.")


@strawberry.type(description="How far open requests are filled, for one group of requests.")
class FillRate:
    """A row of `requestFillRates`: requests other than drafts and cancelled ones."""

    capability = _key("Capability", "capability_id", Capability | None, "capability asked for")
    requesting_force = _key(
        "Force", "requesting_force_id", Force | None, "force that raised the requests"
    )
    operation = _key("Operation", "operation_id", Operation | None, "operation")
    requests: int = strawberry.field(description="Requests in the group.")
    requested: int = strawberry.field(
        description="Officers asked for: each request's quantity in officers (2 PSUs are 50)."
    )
    committed: int = strawberry.field(
        description="Officers in accepted or released offers (units offered x officers per unit)."
    )
    deployed: int = strawberry.field(description="Distinct officers deployed against them.")

    @strawberry.field(description="Committed as a fraction of requested.")
    def commitment_rate(self) -> float:
        return self.committed / self.requested if self.requested else 0.0

    @strawberry.field(description="Deployed as a fraction of requested.")
    def deployment_rate(self) -> float:
        return self.deployed / self.requested if self.requested else 0.0


@strawberry.type(description="How many requests there are, for one group of requests.")
class RequestCount:
    """A row of `requestCounts`: every request, drafts and cancelled ones included."""

    status: RequestStatus | None = strawberry.field(
        description="Where the requests are in their life, when grouped by it."
    )
    capability = _key("Capability", "capability_id", Capability | None, "capability asked for")
    requesting_force = _key(
        "Force", "requesting_force_id", Force | None, "force that raised the requests"
    )
    operation = _key("Operation", "operation_id", Operation | None, "operation")
    requests: int = strawberry.field(description="Requests in the group.")
    officers_requested: int = strawberry.field(
        description="Officers they ask for (quantities in officers, whatever their unit)."
    )


@strawberry.enum(description="The roles an API key can hold.")
class ViewerRole(Enum):
    """The role of the key asking (docs/security.md)."""

    COORDINATOR = strawberry.enum_value("coordinator", description="National coordination.")
    PARTNER = strawberry.enum_value("partner", description="A force's systems and staff.")
    INGEST = strawberry.enum_value("ingest", description="A force's imports only.")
    STAKEHOLDER = strawberry.enum_value(
        "stakeholder", description="Government: aggregates and non-personal records."
    )


@strawberry.type(description="The API key asking, so a client shows only what its role may see.")
class Viewer:
    """Who is asking: the role, the force a force-scoped key acts for, and what it may see."""

    role: ViewerRole = strawberry.field(description="The key's role.")
    force_id: strawberry.Private[int | None]
    sees_personal_data: bool = strawberry.field(
        description="Whether the role may see some personal data (then it must give a purpose)."
    )
    anonymous: bool = strawberry.field(
        description="Whether the request came without a key (allowed only on a demo hub)."
    )

    force = to_one("Force", "force_id", "The force a force-scoped key acts for.", Force | None)


@strawberry.type(description="A force's mutual aid balance in officer duty-days.")
class ForceBalance:
    """Officer-days given to other forces' requests and received from other forces."""

    force = to_one("Force", "force_id", "The force.", Force | None)
    given: int = strawberry.field(
        description="Officer-days the force's officers worked for others."
    )
    received: int = strawberry.field(description="Officer-days others' officers worked for it.")

    @strawberry.field(description="Given minus received.")
    def net(self) -> int:
        return self.given - self.received


@strawberry.type(description="Rooms held at an accommodation location on one night.")
class Occupancy:
    """A row of `accommodationOccupancy`."""

    location_id: strawberry.Private[int]
    night: date = strawberry.field(description="The night (the date it begins).")
    rooms: int = strawberry.field(description="Rooms booked and not cancelled.")
    bookings: int = strawberry.field(description="Bookings holding them.")

    location: Location = to_one("Location", "location_id", "The accommodation location.")


def _dimensions(group_by: list[Any]) -> list[str]:
    return [str(dimension.value) for dimension in dict.fromkeys(group_by)]


@strawberry.type(description="Management information: aggregates for stakeholders.")
class StatsQuery:
    """Root fields of the management information."""

    @strawberry.field(description="Officer duty-days (deployments), grouped as asked.")
    async def officer_duty_days(
        self,
        info: HubInfo,
        group_by: Annotated[
            list[DutyDayDimension], strawberry.argument(description="Grouping keys, in order.")
        ],
        filter: Annotated[
            DutyDayFilter | None, strawberry.argument(description="Which deployments.")
        ] = None,
    ) -> list[DutyDayTotal]:
        rows = await aggregates.duty_days(
            info.context.reader, _dimensions(group_by), filters_of(filter)
        )
        await prefetch(info, rows)
        return rows  # type: ignore[return-value]

    @strawberry.field(description="Officers requested, committed and deployed, grouped as asked.")
    async def request_fill_rates(
        self,
        info: HubInfo,
        group_by: Annotated[
            list[FillRateDimension], strawberry.argument(description="Grouping keys, in order.")
        ],
        filter: Annotated[
            FillRateFilter | None, strawberry.argument(description="Which requests.")
        ] = None,
    ) -> list[FillRate]:
        rows = await aggregates.fill_rates(
            info.context.reader, _dimensions(group_by), filters_of(filter)
        )
        await prefetch(info, rows)
        return rows  # type: ignore[return-value]

    @strawberry.field(description="Requests in any state and officers asked for, grouped.")
    async def request_counts(
        self,
        info: HubInfo,
        group_by: Annotated[
            list[RequestCountDimension],
            strawberry.argument(description="Grouping keys, in order."),
        ],
        filter: Annotated[
            RequestCountFilter | None, strawberry.argument(description="Which requests.")
        ] = None,
    ) -> list[RequestCount]:
        rows = await aggregates.request_counts(
            info.context.reader, _dimensions(group_by), filters_of(filter)
        )
        await prefetch(info, rows)
        return rows  # type: ignore[return-value]

    @strawberry.field(description="The API key asking: its role, force and what it may see.")
    async def viewer(self, info: HubInfo) -> Viewer:
        principal = info.context.security.principal
        viewer = Viewer(
            role=ViewerRole(principal.role.value),
            force_id=principal.force_id,
            sees_personal_data=sees_personal_data(principal),
            anonymous=principal.anonymous,
        )
        await prefetch(info, [viewer])
        return viewer

    @strawberry.field(description="Each force's officer-days given and received as mutual aid.")
    async def mutual_aid_balance(
        self,
        info: HubInfo,
        filter: Annotated[
            BalanceFilter | None, strawberry.argument(description="Which deployments.")
        ] = None,
    ) -> list[ForceBalance]:
        rows = await aggregates.mutual_aid_balance(info.context.reader, filters_of(filter))
        await prefetch(info, rows)
        return rows  # type: ignore[return-value]

    @strawberry.field(description="Rooms booked at each accommodation location on each night.")
    async def accommodation_occupancy(
        self,
        info: HubInfo,
        filter: Annotated[
            OccupancyFilter | None, strawberry.argument(description="Which locations and nights.")
        ] = None,
    ) -> list[Occupancy]:
        rows = await aggregates.occupancy(info.context.reader, filters_of(filter))
        await prefetch(info, rows)
        return rows  # type: ignore[return-value]
