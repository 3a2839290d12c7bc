"""Planning units (groups of officers sent together) and duty units (their shifts)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.federation import type as entity_type

from hub.schema.base import HubInfo, Node, global_id, is_row_of
from hub.schema.base import reference as entity_reference
from hub.schema.enums import Classification, ShiftType
from hub.schema.location import Location
from hub.schema.markings import classification_field
from hub.schema.officer import Officer
from hub.schema.provenance import Provenance, provenance_field
from hub.schema.reference import Capability, Force
from hub.schema.relations import to_many, to_many_first, to_one
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
    classification: Classification = classification_field("PlanningUnit")
    force_id: strawberry.Private[int]
    capability_id: strawberry.Private[int | None]
    commitment_id: strawberry.Private[int | None]
    reference: str = strawberry.field(description="Stable reference of the unit.")
    name: str = strawberry.field(
        description="Name or call sign of the unit (its reference while it is provisional)."
    )
    provisional: bool = strawberry.field(
        description="Whether the unit is only known by its reference, named by another export "
        "(a duty roster) before the unit's own record: its name is its reference and its "
        "capability null until that record fills them in."
    )
    version: int = strawberry.field(description="Version, raised by every change.")
    provenance: Provenance = provenance_field()

    @strawberry.field(description="Global id of the planning unit.")
    def id(self) -> strawberry.ID:
        return global_id("PlanningUnit", self.reference)

    force: Force = to_one("Force", "force_id", "The force whose officers form the unit.")

    capability: Capability | None = to_one(
        "Capability",
        "capability_id",
        "The capability the unit provides (null only while the unit is provisional).",
    )

    commitment: Commitment | None = to_one(
        "Commitment", "commitment_id", "The commitment the unit was formed to fill, if any."
    )

    members: list[PlanningUnitMember] = to_many(
        "planning_unit.members", "Officers in the unit, by service number."
    )

    duty_units: list[DutyUnit] = to_many_first(
        "planning_unit.duty_units", "The unit's duty units (shifts), earliest first."
    )

    accommodation: list[Annotated[AccommodationBooking, strawberry.lazy(LOGISTICS)]] = to_many(
        "planning_unit.accommodation", "Accommodation booked for the unit, by check-in date."
    )

    travel: list[Annotated[TravelBooking, strawberry.lazy(LOGISTICS)]] = to_many(
        "planning_unit.travel", "Travel booked for the unit, by departure."
    )

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
    classification: Classification = classification_field("DutyUnit")
    planning_unit_id: strawberry.Private[int]
    location_id: strawberry.Private[int | None]
    reference: str = strawberry.field(description="Stable reference of the duty unit.")
    shift_type: ShiftType = strawberry.field(description="Day, late or night shift.")
    starts_at: datetime = strawberry.field(description="When the shift starts.")
    ends_at: datetime = strawberry.field(description="When the shift ends (may be next day).")
    version: int = strawberry.field(description="Version, raised by every change.")
    provenance: Provenance = provenance_field()

    @strawberry.field(description="Global id of the duty unit.")
    def id(self) -> strawberry.ID:
        return global_id("DutyUnit", self.reference)

    planning_unit: PlanningUnit = to_one(
        "PlanningUnit", "planning_unit_id", "The planning unit working the shift."
    )

    location: Location | None = to_one("Location", "location_id", "Where the shift is worked.")

    deployments: list[Annotated[Deployment, strawberry.lazy("hub.schema.deployment")]] = to_many(
        "duty_unit.deployments", "Officers deployed on the shift, by service number."
    )

    @classmethod
    async def resolve_reference(
        cls, info: HubInfo, id: strawberry.ID | None = None, reference: str | None = None
    ) -> Any:
        return await entity_reference(info, "DutyUnit", id, reference=reference)
