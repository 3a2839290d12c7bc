"""Officers. Names and service numbers are personal data."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.federation import type as entity_type

from hub.schema.base import HubInfo, Node, is_row_of, reference
from hub.schema.enums import AvailabilityStatus, Classification
from hub.schema.markings import classification_field
from hub.schema.provenance import Provenance, provenance_field
from hub.schema.reference import Capability, Force, Rank, rank_of
from hub.schema.relations import to_many, to_many_first, to_one
from hub.security.policy import personal_value, visible_record

if TYPE_CHECKING:
    from hub.schema.deployment import Deployment
    from hub.schema.units import PlanningUnit


def personal_field(column: str, name: str, description: str) -> Any:
    """A personal field: its value for keys that may see it, masked (and noted) for others."""

    async def resolve(root: strawberry.Parent[Any], info: HubInfo) -> str | None:
        path = tuple(info.path.as_list())
        return await personal_value(info.context.security, root, column, name, path)

    return strawberry.field(resolver=resolve, description=description)


def _rank(root: strawberry.Parent[Any]) -> Rank | None:
    return rank_of(root.rank_code)


@entity_type(keys=["id"], description="A police officer, known by force and service number.")
class Officer(Node):
    """An officer of one force, with rank and capabilities. Names are personal data."""

    is_type_of = staticmethod(is_row_of("Officer"))
    pk: strawberry.Private[int]
    classification: Classification = classification_field("Officer")
    gid: strawberry.Private[str]  # the opaque global id (hub.standard.ids)
    force_id: strawberry.Private[int]
    force_code: strawberry.Private[str]
    rank_code: strawberry.Private[str]
    service_number: str | None = personal_field(
        "service_number",
        "serviceNumber",
        "Service (warrant) number, unique within the force. Personal data: null, with a "
        "FORBIDDEN_FIELD error, for keys that may not see it.",
    )
    given_name: str | None = personal_field(
        "given_name", "givenName", "Given name. Personal data (null when withheld)."
    )
    family_name: str | None = personal_field(
        "family_name", "familyName", "Family name. Personal data (null when withheld)."
    )
    detective: bool = strawberry.field(description="Whether the officer holds a detective role.")
    available_from: date | None = strawberry.field(
        description="First day of the period `availabilityStatus` covers, as the force's HR system "
        "last gave it (null: open or not given)."
    )
    available_to: date | None = strawberry.field(
        description="Last day of the period `availabilityStatus` covers (null: open or not given)."
    )
    availability: AvailabilityStatus | None = strawberry.field(
        name="availabilityStatus",
        description="Whether the officer can be sent on mutual aid from `availableFrom` to "
        "`availableTo` (null: the force has not said).",
    )
    provisional: bool = strawberry.field(
        description="Whether the officer is only known by force and service number, named by "
        "another export (a duty roster) before the force's HR record: names and rank are "
        "null until that record fills them in."
    )
    identity_erased_at: strawberry.Private[datetime | None]
    withdrawn_at: datetime | None = strawberry.field(
        description="When the force's newest full list of officers (an import declared "
        "`snapshot: true`) stopped naming the officer: no longer serving, or gone from mutual "
        "aid. Null while the list names the officer. The record is kept, not deleted."
    )
    version: int = strawberry.field(description="Version, raised by every change.")
    provenance: Provenance = provenance_field()

    @strawberry.field(
        description="Whether retention erased this officer's identity (`hub retention run`): "
        "the record stands in for an officer on past deployments, unit memberships and "
        "bookings, with force and rank kept, no names, and a service number that names nobody."
    )
    def identity_erased(self) -> bool:
        return self.identity_erased_at is not None

    @strawberry.field(description="Global id of the officer.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.gid)

    force: Force = to_one("Force", "force_id", "The force the officer serves in.")

    rank: Rank | None = strawberry.field(resolver=_rank, description="The officer's rank.")

    capabilities: list[Capability] = to_many(
        "officer.capabilities", "Capabilities the officer holds, by code."
    )

    planning_units: list[Annotated[PlanningUnit, strawberry.lazy("hub.schema.units")]] = to_many(
        "officer.planning_units", "Planning units the officer belongs to."
    )

    deployments: list[Annotated[Deployment, strawberry.lazy("hub.schema.deployment")]] = (
        to_many_first(
            "officer.deployments", "The officer's deployments (duty-days), earliest first."
        )
    )

    @classmethod
    async def resolve_reference(cls, info: HubInfo, id: strawberry.ID | None = None) -> Any:
        found = await reference(info, "Officer", id)
        return await visible_record(info.context.security, found)
