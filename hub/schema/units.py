"""Planning units (groups of officers sent together) and duty units (their shifts)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.federation import type as entity_type

from hub.schema.base import HubInfo, LimitArgument, Node, global_id, is_row_of, many, one
from hub.schema.base import reference as entity_reference
from hub.schema.enums import ShiftType
from hub.schema.location import Location
from hub.schema.officer import Officer
from hub.schema.provenance import provenance_field
from hub.schema.reference import Capability, Force
from hub.schema.request import Commitment

if TYPE_CHECKING:
    from hub.schema.deployment import Deployment
    from hub.schema.logistics import AccommodationBooking, TravelBooking

LOGISTICS = "hub.schema.logistics"


@strawberry.type(description="An officer's place in a planning unit.")
class PlanningUnitMember:
    """A member of a planning unit and the role they fill in it."""

    member_role: strawberry.Private[str | None]

    @strawberry.field(description="Role in the unit, e.g. `driver` or `serial sergeant`.")
    def role(self) -> str | None:
        return self.member_role

    @strawberry.field(description="The officer.")
    def officer(self) -> Officer:
        return self  # type: ignore[return-value]


@entity_type(keys=["id", "reference"], description="Officers of one force planned together.")
class PlanningUnit(Node):
    """A group of officers sharing a capability, e.g. a PSU: 1 Insp, 3 Sgt, 18 PC, 3 drivers."""

    is_type_of = staticmethod(is_row_of("PlanningUnit"))
    pk: strawberry.Private[int]
    force_id: strawberry.Private[int]
    capability_id: strawberry.Private[int]
    commitment_id: strawberry.Private[int | None]
    reference: str = strawberry.field(description="Stable reference of the unit.")
    name: str = strawberry.field(description="Name or call sign of the unit.")
    version: int = strawberry.field(description="Version, raised by every change.")
    provenance = provenance_field()

    @strawberry.field(description="Global id of the planning unit.")
    def id(self) -> strawberry.ID:
        return global_id("PlanningUnit", self.reference)

    @strawberry.field(description="The force whose officers form the unit.")
    async def force(self, info: HubInfo) -> Force:
        result: Force = await one(info, "Force", self.force_id)
        return result

    @strawberry.field(description="The capability the unit provides.")
    async def capability(self, info: HubInfo) -> Capability:
        result: Capability = await one(info, "Capability", self.capability_id)
        return result

    @strawberry.field(description="The commitment the unit was formed to fill, if any.")
    async def commitment(self, info: HubInfo) -> Commitment | None:
        result: Commitment | None = await one(info, "Commitment", self.commitment_id)
        return result

    @strawberry.field(description="Officers in the unit, by service number.")
    async def members(self, info: HubInfo) -> list[PlanningUnitMember]:
        result: list[PlanningUnitMember] = await many(info, "planning_unit.members", self.pk)
        return result

    @strawberry.field(description="The unit's duty units (shifts), earliest first.")
    async def duty_units(self, info: HubInfo, first: LimitArgument = 100) -> list[DutyUnit]:
        result: list[DutyUnit] = await many(info, "planning_unit.duty_units", self.pk, first)
        return result

    @strawberry.field(description="Accommodation booked for the unit, by check-in date.")
    async def accommodation(
        self, info: HubInfo
    ) -> list[Annotated[AccommodationBooking, strawberry.lazy(LOGISTICS)]]:
        result: list[AccommodationBooking] = await many(
            info, "planning_unit.accommodation", self.pk
        )
        return result

    @strawberry.field(description="Travel booked for the unit, by departure.")
    async def travel(
        self, info: HubInfo
    ) -> list[Annotated[TravelBooking, strawberry.lazy(LOGISTICS)]]:
        result: list[TravelBooking] = await many(info, "planning_unit.travel", self.pk)
        return result

    @classmethod
    async def resolve_reference(
        cls, info: HubInfo, id: strawberry.ID | None = None, reference: str | None = None
    ) -> Any:
        return await entity_reference(info, "PlanningUnit", id, reference=reference)


@entity_type(keys=["id", "reference"], description="One shift of a planning unit.")
class DutyUnit(Node):
    """A planning unit's allocation to a shift: when it starts and ends, and where."""

    is_type_of = staticmethod(is_row_of("DutyUnit"))
    pk: strawberry.Private[int]
    planning_unit_id: strawberry.Private[int]
    location_id: strawberry.Private[int | None]
    reference: str = strawberry.field(description="Stable reference of the duty unit.")
    shift_type: ShiftType = strawberry.field(description="Day, late or night shift.")
    starts_at: datetime = strawberry.field(description="When the shift starts.")
    ends_at: datetime = strawberry.field(description="When the shift ends (may be next day).")
    version: int = strawberry.field(description="Version, raised by every change.")
    provenance = provenance_field()

    @strawberry.field(description="Global id of the duty unit.")
    def id(self) -> strawberry.ID:
        return global_id("DutyUnit", self.reference)

    @strawberry.field(description="The planning unit working the shift.")
    async def planning_unit(self, info: HubInfo) -> PlanningUnit:
        result: PlanningUnit = await one(info, "PlanningUnit", self.planning_unit_id)
        return result

    @strawberry.field(description="Where the shift is worked.")
    async def location(self, info: HubInfo) -> Location | None:
        result: Location | None = await one(info, "Location", self.location_id)
        return result

    @strawberry.field(description="Officers deployed on the shift, by service number.")
    async def deployments(
        self, info: HubInfo
    ) -> list[Annotated[Deployment, strawberry.lazy("hub.schema.deployment")]]:
        result: list[Deployment] = await many(info, "duty_unit.deployments", self.pk)
        return result

    @classmethod
    async def resolve_reference(
        cls, info: HubInfo, id: strawberry.ID | None = None, reference: str | None = None
    ) -> Any:
        return await entity_reference(info, "DutyUnit", id, reference=reference)
