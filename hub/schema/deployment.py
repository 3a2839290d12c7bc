"""Deployments: one officer on one duty unit (an officer duty-day)."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry.federation import type as entity_type

from hub.schema.base import HubInfo, Node, is_row_of, reference
from hub.schema.enums import Classification, DeploymentStatus
from hub.schema.location import Location
from hub.schema.markings import classification_field
from hub.schema.officer import Officer
from hub.schema.provenance import Provenance, provenance_field
from hub.schema.relations import to_one
from hub.schema.units import DutyUnit


@entity_type(keys=["id"], description="One officer deployed on one duty unit.")
class Deployment(Node):
    """An officer duty-day: who, which shift, where and its status."""

    is_type_of = staticmethod(is_row_of("Deployment"))
    pk: strawberry.Private[int]
    classification: Classification = classification_field("Deployment")
    gid: strawberry.Private[str]  # the opaque global id (hub.standard.ids)
    officer_id: strawberry.Private[int]
    officer_force_code: strawberry.Private[str]
    officer_service_number: strawberry.Private[str]
    duty_unit_id: strawberry.Private[int]
    duty_unit_reference: strawberry.Private[str]
    location_id: strawberry.Private[int | None]
    duty_date: date = strawberry.field(description="The day of duty.")
    status: DeploymentStatus = strawberry.field(description="Where the deployment stands.")
    version: int = strawberry.field(description="Version, raised by every change.")
    provenance: Provenance = provenance_field()

    @strawberry.field(description="Global id of the deployment.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.gid)

    officer: Officer = to_one("Officer", "officer_id", "The officer deployed.")

    duty_unit: DutyUnit = to_one("DutyUnit", "duty_unit_id", "The shift the officer works.")

    location: Location | None = to_one(
        "Location", "location_id", "Where the officer works the shift."
    )

    @classmethod
    async def resolve_reference(cls, info: HubInfo, id: strawberry.ID | None = None) -> Any:
        return await reference(info, "Deployment", id)
