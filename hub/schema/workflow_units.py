"""Mutations after acceptance: planning units, duty units and officers' deployments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry

from hub.domain.lifecycle import DeploymentAction
from hub.resolvers import workflow, workflow_units
from hub.schema.base import HubInfo
from hub.schema.deployment import Deployment
from hub.schema.enums import ShiftType
from hub.schema.units import DutyUnit, PlanningUnit
from hub.security.permissions import CanWrite


@strawberry.input(description="An officer to place in a planning unit.")
class UnitOfficerInput:
    """An officer of the providing force, by service number."""

    service_number: str = strawberry.field(description="The officer's service number.")
    role: str | None = strawberry.field(default=None, description="Role in the unit, e.g. driver.")


@strawberry.input(description="A planning unit formed from an accepted commitment.")
class FormPlanningUnitInput:
    """Which commitment, and which of the providing force's officers."""

    commitment: strawberry.ID = strawberry.field(description="Global id of the commitment.")
    name: str = strawberry.field(description="Name of the unit, e.g. `MPS PSU 12`.")
    officers: list[UnitOfficerInput] = strawberry.field(
        description="Officers of the providing force holding the capability asked for."
    )
    reference: str | None = strawberry.field(
        default=None, description="Reference to give the unit (generated if left out)."
    )


@strawberry.input(description="A shift for a planning unit, within its request's dates.")
class ScheduleDutyUnitInput:
    """Which unit, when, and where."""

    planning_unit: strawberry.ID = strawberry.field(description="Global id of the unit.")
    starts_at: datetime = strawberry.field(description="Start of the duty, with a timezone.")
    ends_at: datetime = strawberry.field(description="End of the duty (at most 16 hours on).")
    shift_type: ShiftType = strawberry.field(description="The shift pattern.")
    location: str | None = strawberry.field(default=None, description="Code of the location.")
    reference: str | None = strawberry.field(
        default=None, description="Reference to give the duty (generated if left out)."
    )


@strawberry.input(description="A step on an officer's deployment, at the version read.")
class DeploymentStepInput:
    """Which deployment, and which version of it."""

    id: strawberry.ID = strawberry.field(description="Global id of the deployment.")
    expected_version: int = strawberry.field(
        description="The version the client read; another is answered VERSION_CONFLICT."
    )


IdempotencyKey = Annotated[
    str | None,
    strawberry.argument(description="A retry with the same key and input gets the first answer."),
]


def _deployment_step(action: DeploymentAction, description: str) -> Any:
    async def resolve(
        info: HubInfo,
        input: Annotated[DeploymentStepInput, strawberry.argument(description="The deployment.")],
        idempotency_key: IdempotencyKey = None,
    ) -> Deployment:
        step = workflow.Step(str(input.id), input.expected_version, idempotency_key)
        result: Deployment = await workflow_units.change_deployment(info.context, step, action)
        return result

    return strawberry.mutation(
        resolver=resolve, description=description, permission_classes=[CanWrite]
    )


@strawberry.type(description="Mutations on planning units, duty units and deployments.")
class UnitMutations:
    """Part of `Mutation`."""

    @strawberry.mutation(
        description="Form a planning unit from an accepted commitment (providing force).",
        permission_classes=[CanWrite],
    )
    async def form_planning_unit(
        self,
        info: HubInfo,
        input: Annotated[FormPlanningUnitInput, strawberry.argument(description="The unit.")],
        idempotency_key: IdempotencyKey = None,
    ) -> PlanningUnit:
        values = {
            "commitment": str(input.commitment),
            "name": input.name,
            "reference": input.reference,
            "officers": [
                {"service_number": officer.service_number, "role": officer.role}
                for officer in input.officers
            ],
        }
        result: PlanningUnit = await workflow_units.form_planning_unit(
            info.context, values, idempotency_key
        )
        return result

    @strawberry.mutation(
        description="Schedule a duty for a planning unit; its officers' deployments are "
        "planned with it (requesting force).",
        permission_classes=[CanWrite],
    )
    async def schedule_duty_unit(
        self,
        info: HubInfo,
        input: Annotated[ScheduleDutyUnitInput, strawberry.argument(description="The duty.")],
        idempotency_key: IdempotencyKey = None,
    ) -> DutyUnit:
        values = {
            "planning_unit": str(input.planning_unit),
            "starts_at": input.starts_at,
            "ends_at": input.ends_at,
            "shift_type": ShiftType(input.shift_type).value,
            "location": input.location,
            "reference": input.reference,
        }
        result: DutyUnit = await workflow_units.schedule_duty_unit(
            info.context, values, idempotency_key
        )
        return result

    deploy_officer = _deployment_step(
        DeploymentAction.DEPLOY, "Put a planned officer on duty (requesting or providing force)."
    )
    stand_down_officer = _deployment_step(
        DeploymentAction.STAND_DOWN,
        "Stand down an officer on duty (requesting or providing force).",
    )
