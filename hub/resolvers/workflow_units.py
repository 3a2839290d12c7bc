"""The workflow after acceptance: planning units formed from a commitment's officers, duty
units (shifts) scheduled for them, and officers deployed and stood down."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.domain import rules
from hub.domain.lifecycle import DeploymentAction, next_deployment_status
from hub.resolvers.context import RequestContext
from hub.resolvers.workflow import (
    Step,
    find_commitment,
    key_parts,
    not_found,
    require_party,
    version_conflict,
)
from hub.resolvers.workflow_roster import refuse_conflicts
from hub.resolvers.workflow_tx import lock_request, row_of, run_write
from hub.security.policy import WriteAs, require_write
from hub.standard.enums import CommitmentStatus, DeploymentStatus
from hub.store import models as m
from hub.store.capacity import refresh_deployments, refresh_request
from hub.store.gids import fill_gids


async def accepted_commitment(connection: AsyncConnection, commitment_pk: int) -> Any:
    """A commitment with its request's capability and dates; refused unless accepted."""
    c, f, r = m.Commitment, m.Force, m.MutualAidRequest
    row = (
        await connection.execute(
            select(
                c.id,
                c.status,
                c.quantity,
                # Officers the commitment sends: its quantity in the request's unit.
                (c.quantity * r.officers / r.quantity).label("officers"),
                c.providing_force_id,
                f.code.label("force_code"),
                r.capability_id,
            )
            .join(f, f.id == c.providing_force_id)
            .join(r, r.id == c.request_id)
            .where(c.id == commitment_pk)
        )
    ).one()
    if row.status != CommitmentStatus.ACCEPTED:
        raise rules.bad_input("commitment", f"the commitment is {row.status}, not ACCEPTED")
    return row


async def _officers(
    connection: AsyncConnection, commitment: Any, service_numbers: list[str]
) -> list[int]:
    """The officers named, each of the providing force and holding the capability asked for."""
    o, oc = m.Officer, m.officer_capability
    rows = (
        await connection.execute(
            select(o.id, o.service_number, oc.c.capability_id)
            .outerjoin(
                oc,
                (oc.c.officer_id == o.id) & (oc.c.capability_id == commitment.capability_id),
            )
            .where(
                o.force_id == commitment.providing_force_id,
                o.service_number.in_(service_numbers),
            )
        )
    ).all()
    found = {row.service_number: row for row in rows}
    ids = []
    for index, number in enumerate(service_numbers):
        field = f"officers[{index}]"
        row = found.get(number)
        if row is None:
            raise rules.bad_input(field, f"{commitment.force_code} has no officer {number!r}")
        if row.capability_id is None:
            raise rules.bad_input(field, "the officer does not hold the capability asked for")
        ids.append(row.id)
    if len(set(ids)) != len(ids):
        raise rules.bad_input("officers", "an officer is named twice")
    return ids


async def _members(connection: AsyncConnection, commitment_pk: int) -> set[int]:
    pu, member = m.PlanningUnit, m.PlanningUnitMember
    rows = await connection.execute(
        select(member.officer_id)
        .join(pu, pu.id == member.planning_unit_id)
        .where(pu.commitment_id == commitment_pk)
    )
    return set(rows.scalars())


async def new_reference(
    connection: AsyncConnection, model: Any, given: str | None, prefix: str
) -> str:
    reference = given or f"{prefix}-{uuid.uuid4().hex[:12].upper()}"
    if await connection.scalar(select(model.id).where(model.reference == reference)) is not None:
        raise rules.bad_input("reference", f"{reference!r} exists already")
    return reference


async def form_planning_unit(
    context: RequestContext, values: Mapping[str, Any], idempotency_key: str | None
) -> Any:
    """A planning unit of the providing force's officers, from an accepted commitment."""
    principal = context.security.principal

    async def work(connection: AsyncConnection) -> Any:
        found = await find_commitment(connection, values["commitment"])
        await lock_request(connection, found.request_id)
        commitment = await accepted_commitment(connection, found.id)
        require_write(principal, WriteAs.PROVIDER, commitment.force_code)
        numbers = [officer["service_number"] for officer in values["officers"]]
        officer_ids = await _officers(connection, commitment, numbers)
        members = await _members(connection, found.id)
        if members & set(officer_ids):
            raise rules.bad_input("officers", "an officer is in a unit of this commitment already")
        rules.check_unit_size(len(officer_ids), int(commitment.officers), len(members))
        pu = m.PlanningUnit
        reference = await new_reference(connection, pu, values.get("reference"), "PU")
        unit = (
            await connection.execute(
                insert(pu)
                .values(
                    reference=reference,
                    name=values["name"],
                    force_id=commitment.providing_force_id,
                    capability_id=commitment.capability_id,
                    commitment_id=found.id,
                    version=1,
                )
                .returning(pu.id)
            )
        ).scalar_one()
        await connection.execute(
            insert(m.PlanningUnitMember),
            [
                {"planning_unit_id": unit, "officer_id": officer, "role": officer_input.get("role")}
                for officer, officer_input in zip(officer_ids, values["officers"], strict=True)
            ],
        )
        await refresh_request(connection, found.request_id)
        return await row_of(connection, "PlanningUnit", unit)

    return await run_write(context, "formPlanningUnit", values, idempotency_key, work)


async def schedule_duty_unit(
    context: RequestContext, values: Mapping[str, Any], idempotency_key: str | None
) -> Any:
    """A shift for a planning unit, with a planned deployment for each of its officers."""
    principal = context.security.principal

    async def work(connection: AsyncConnection) -> Any:
        (reference,) = key_parts(values["planning_unit"], "PlanningUnit", 1)
        pu = m.PlanningUnit
        unit = (
            await connection.execute(
                select(pu.id, pu.commitment_id).where(pu.reference == reference)
            )
        ).first()
        if unit is None or unit.commitment_id is None:
            raise not_found("planning unit of a commitment")
        request_id = await connection.scalar(
            select(m.Commitment.request_id).where(m.Commitment.id == unit.commitment_id)
        )
        assert request_id is not None
        request = await lock_request(connection, request_id)
        require_write(principal, WriteAs.REQUESTER, request.force_code)
        await accepted_commitment(connection, unit.commitment_id)
        rules.check_shift(
            values["starts_at"], values["ends_at"], request.starts_on, request.ends_on
        )
        du = m.DutyUnit
        taken = await connection.scalar(
            select(du.id).where(du.planning_unit_id == unit.id, du.starts_at == values["starts_at"])
        )
        if taken is not None:
            raise rules.bad_input("startsAt", "the unit has a duty starting then already")
        location = None
        if values.get("location") is not None:
            location = await connection.scalar(
                select(m.Location.id).where(m.Location.code == values["location"])
            )
            if location is None:
                raise rules.bad_input(
                    "location", f"no location has the code {values['location']!r}"
                )
        duty = (
            await connection.execute(
                insert(du)
                .values(
                    reference=await new_reference(connection, du, values.get("reference"), "DU"),
                    planning_unit_id=unit.id,
                    shift_type=values["shift_type"],
                    starts_at=values["starts_at"],
                    ends_at=values["ends_at"],
                    location_id=location,
                    version=1,
                )
                .returning(du.id)
            )
        ).scalar_one()
        members = (
            await connection.execute(
                select(m.PlanningUnitMember.officer_id).where(
                    m.PlanningUnitMember.planning_unit_id == unit.id
                )
            )
        ).scalars()
        await connection.execute(
            insert(m.Deployment),
            [
                {
                    "officer_id": officer,
                    "duty_unit_id": duty,
                    "duty_date": values["starts_at"].date(),
                    "location_id": location,
                    "status": DeploymentStatus.PLANNED.value,
                    "version": 1,
                }
                for officer in members
            ],
        )
        await fill_gids(connection, "Deployment")
        await refresh_deployments(
            connection, select(m.Deployment.id).where(m.Deployment.duty_unit_id == duty)
        )
        await refuse_conflicts(connection, context.settings, unit.id, duty)
        return await row_of(connection, "DutyUnit", duty)

    return await run_write(context, "scheduleDutyUnit", values, idempotency_key, work)


async def change_deployment(context: RequestContext, step: Step, action: DeploymentAction) -> Any:
    """Put an officer on duty, or stand them down (requesting or providing force)."""
    principal = context.security.principal

    async def work(connection: AsyncConnection) -> Any:
        d, o, f, du, pu, c = (
            m.Deployment,
            m.Officer,
            m.Force,
            m.DutyUnit,
            m.PlanningUnit,
            m.Commitment,
        )
        found = (
            await connection.execute(
                select(d.id, d.status, d.version, c.request_id, f.code.label("provider"))
                .join(o, o.id == d.officer_id)
                .join(f, f.id == o.force_id)
                .join(du, du.id == d.duty_unit_id)
                .join(pu, pu.id == du.planning_unit_id)
                .join(c, c.id == pu.commitment_id)
                .where(d.gid == step.id)
            )
        ).first()
        if found is None:
            raise not_found("deployment")
        request = await lock_request(connection, found.request_id)
        require_party(
            principal,
            rules.DEPLOYMENT_PARTIES,
            "change this deployment",
            request.force_code,
            found.provider,
        )
        if found.version != step.expected_version:
            raise version_conflict("deployment", found.version, step.expected_version)
        status = next_deployment_status(DeploymentStatus(found.status), action)
        await connection.execute(
            update(d)
            .where(d.id == found.id, d.version == found.version)
            .values(status=status.value, version=found.version + 1)
        )
        await refresh_deployments(connection, select(d.id).where(d.id == found.id))
        return await row_of(connection, "Deployment", found.id)

    arguments = {"id": step.id, "expectedVersion": step.expected_version}
    operation = "deployOfficer" if action is DeploymentAction.DEPLOY else "standDownOfficer"
    return await run_write(context, operation, arguments, step.idempotency_key, work)


__all__ = ["change_deployment", "form_planning_unit", "schedule_duty_unit"]
