"""The workflow's mutations: requests raised, changed and moved through their lifecycle, and
commitments offered, accepted, declined, withdrawn and released. Rules are in `hub.domain`;
the transaction, locks and idempotency keys in `workflow_tx`."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.domain import rules
from hub.domain.lifecycle import (
    HOLDS_PLACES,
    REQUEST_EFFECT,
    CapacityExceeded,
    CommitmentAction,
    Fill,
    Permitted,
    RequestAction,
    next_commitment_status,
    next_request_status,
)
from hub.domain.units import officer_equivalent, resource_unit
from hub.errors import HubError
from hub.resolvers.context import RequestContext
from hub.resolvers.workflow_tx import append_event, lock_request, row_of, run_write
from hub.security.errors import forbidden
from hub.security.policy import WriteAs, require_write
from hub.security.principal import Principal, Role
from hub.standard.codelists import load_vocabulary
from hub.standard.enums import CommitmentStatus, RequestStatus
from hub.standard.ids import InvalidGlobalId, decode_id
from hub.store import models as m
from hub.store.capacity import refresh_request
from hub.store.types import utcnow

Changes = list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Step:
    """A lifecycle step asked for: which record, at which version, with which key."""

    id: str
    expected_version: int
    idempotency_key: str | None = None


def not_found(what: str) -> HubError:
    return HubError("NOT_FOUND", f"no {what} has this id", field="id")


def version_conflict(what: str, current: int, expected: int) -> HubError:
    return HubError(
        "VERSION_CONFLICT",
        f"the {what} is at version {current}, not {expected}: read it again and retry",
        currentVersion=current,
    )


def change(field: str, before: Any, after: Any) -> dict[str, Any]:
    return {"field": field, "from": _text(before), "to": _text(after)}


def _text(value: Any) -> str | None:
    return None if value is None else str(value.isoformat() if isinstance(value, date) else value)


def key_parts(global_id: str, type_name: str, size: int) -> tuple[str, ...]:
    try:
        found, parts = decode_id(global_id)
    except InvalidGlobalId:
        found, parts = "", ()
    if found != type_name or len(parts) != size:
        raise not_found("mutual aid request" if type_name == "MutualAidRequest" else "commitment")
    return parts


async def request_pk(connection: AsyncConnection, global_id: str) -> int:
    (reference,) = key_parts(global_id, "MutualAidRequest", 1)
    r = m.MutualAidRequest
    pk = await connection.scalar(select(r.id).where(r.reference == reference))
    if pk is None:
        raise not_found("mutual aid request")
    return int(pk)


async def _code_id(
    connection: AsyncConnection, model: Any, code: str | None, field: str
) -> int | None:
    if code is None:
        return None
    pk = await connection.scalar(select(model.id).where(model.code == code))
    if pk is None:
        raise rules.bad_input(field, f"no {field} has the code {code!r}")
    return int(pk)


async def placed(connection: AsyncConnection, request: int) -> int:
    """Officers placed on a request by its accepted commitments."""
    c = m.Commitment
    total = await connection.scalar(
        select(func.coalesce(func.sum(c.quantity), 0)).where(
            c.request_id == request, c.status.in_(list(HOLDS_PLACES))
        )
    )
    return int(total or 0)


def parties(
    principal: Principal, requester: str, provider: str | None = None
) -> frozenset[rules.Party] | None:
    """For whom the caller writes on a request (None: a coordinator, for anyone). Any force but
    the host may offer; a commitment's steps are its providing force's."""
    if principal.role is Role.COORDINATOR:
        return None
    if principal.role is not Role.PARTNER or principal.force_code is None:
        return frozenset()
    writes_as = set()
    if principal.force_code == requester:
        writes_as.add(rules.Party.REQUESTER)
    if principal.force_code == (provider or principal.force_code) != requester:
        writes_as.add(rules.Party.PROVIDER)
    return frozenset(writes_as)


def _force_of(principal: Principal, code: str | None) -> str:
    chosen = code or principal.force_code
    if chosen is None:
        raise rules.bad_input("force", "a coordinator names the force it writes for")
    return chosen


# Requests ---------------------------------------------------------------------------------


async def raise_request(
    context: RequestContext, values: Mapping[str, Any], idempotency_key: str | None
) -> Any:
    """A new request, as a draft of the requesting force."""
    principal = context.security.principal
    force = _force_of(principal, values.get("force"))
    require_write(principal, WriteAs.REQUESTER, force)
    rules.check_quantity(values["quantity"])
    rules.check_dates(values["starts_on"], values["ends_on"])
    rules.check_description(values.get("description") or "")
    unit = resource_unit(load_vocabulary(), values.get("unit"))

    async def work(connection: AsyncConnection) -> Any:
        reference = values.get("reference") or f"MAR-{uuid.uuid4().hex[:12].upper()}"
        r = m.MutualAidRequest
        if await connection.scalar(select(r.id).where(r.reference == reference)) is not None:
            raise rules.bad_input("reference", f"a request {reference!r} exists already")
        row = {
            "reference": reference,
            "requesting_force_id": await _code_id(connection, m.Force, force, "force"),
            "capability_id": await _code_id(
                connection, m.Capability, values["capability"], "capability"
            ),
            "operation_id": await _code_id(
                connection, m.Operation, values.get("operation"), "operation"
            ),
            "location_id": await _code_id(
                connection, m.Location, values.get("location"), "location"
            ),
            "quantity": values["quantity"],
            "unit": unit.code,
            "officers": officer_equivalent(values["quantity"], unit),
            "starts_on": values["starts_on"],
            "ends_on": values["ends_on"],
            "description": values.get("description") or "",
            "status": RequestStatus.DRAFT.value,
            "raised_at": utcnow(),
            "version": 1,
        }
        pk = (await connection.execute(insert(r).values(**row).returning(r.id))).scalar_one()
        initial = [
            change(k, None, row[k])
            for k in ("reference", "quantity", "unit", "starts_on", "ends_on")
        ]
        await append_event(connection, principal, pk, "RAISE", (None, "DRAFT"), changes=initial)
        return await row_of(connection, "MutualAidRequest", pk)

    return await run_write(context, "raiseRequest", values, idempotency_key, work)


async def change_request(
    context: RequestContext,
    step: Step,
    action: RequestAction,
    values: Mapping[str, Any] | None = None,
) -> Any:
    """Take one lifecycle step on a request (with new values for UPDATE and EXTEND)."""
    principal = context.security.principal
    fields = dict(values or {})

    async def work(connection: AsyncConnection) -> Any:
        pk = await request_pk(connection, step.id)
        current = await lock_request(connection, pk)
        require_write(principal, WriteAs.REQUESTER, current.force_code)
        if current.version != step.expected_version:
            raise version_conflict("request", current.version, step.expected_version)
        new = _checked_values(current, action, fields)
        fill = Fill(new.get("quantity", current.quantity), await placed(connection, pk))
        if new.get("quantity", fill.placed) < fill.placed:
            raise rules.bad_input("quantity", f"{fill.placed} {current.unit} are accepted already")
        if new.get("unit", current.unit) != current.unit and fill.placed:
            raise rules.bad_input("unit", "commitments are accepted in the request's unit already")
        may = rules.permitted_to(parties(principal, current.force_code))
        status = next_request_status(RequestStatus(current.status), action, fill, may)
        # The history keeps what the caller changed; officers follow from quantity and unit.
        diff = [
            change(k, getattr(current, k), v)
            for k, v in new.items()
            if getattr(current, k) != v and k != "officers"
        ]
        if status != current.status:
            diff.insert(0, change("status", current.status, status.value))
        if fields.get("reason"):
            diff.append(change("reason", None, fields["reason"]))
        r = m.MutualAidRequest
        await connection.execute(
            update(r)
            .where(r.id == pk, r.version == current.version)
            .values(**new, status=status.value, version=current.version + 1)
        )
        await _close_commitments(connection, pk, action)
        start, end = new.get("starts_on", current.starts_on), new.get("ends_on", current.ends_on)
        await refresh_request(
            connection, pk, min(start, current.starts_on), max(end, current.ends_on)
        )
        await append_event(
            connection, principal, pk, action.value, (current.status, status.value), changes=diff
        )
        return await row_of(connection, "MutualAidRequest", pk)

    arguments = {"id": step.id, "expectedVersion": step.expected_version, **fields}
    operation = f"{action.value.lower()}Request"
    return await run_write(context, operation, arguments, step.idempotency_key, work)


def _checked_values(current: Any, action: RequestAction, fields: dict[str, Any]) -> dict[str, Any]:
    """The columns a step changes, checked against the request as it is."""
    if action is RequestAction.EXTEND:
        rules.check_extension(current.starts_on, current.ends_on, fields["ends_on"])
        return {"ends_on": fields["ends_on"]}
    if action is not RequestAction.UPDATE:
        return {}
    new = {key: value for key, value in fields.items() if value is not None}
    if not new:
        raise rules.bad_input("input", "name at least one field to change")
    if "quantity" in new:
        rules.check_quantity(new["quantity"])
    if "quantity" in new or "unit" in new:
        unit = resource_unit(load_vocabulary(), new.get("unit", current.unit))
        new["unit"] = unit.code
        new["officers"] = officer_equivalent(new.get("quantity", current.quantity), unit)
    if "description" in new:
        rules.check_description(new["description"])
    field = "startsOn" if "starts_on" in new and "ends_on" not in new else "endsOn"
    rules.check_dates(
        new.get("starts_on", current.starts_on), new.get("ends_on", current.ends_on), field
    )
    return new


async def _close_commitments(connection: AsyncConnection, pk: int, action: RequestAction) -> None:
    """A finished request releases its accepted commitments; a cancelled one declines offers."""
    if action not in (RequestAction.COMPLETE, RequestAction.CANCEL):
        return
    c = m.Commitment
    closing = {CommitmentStatus.ACCEPTED: CommitmentStatus.RELEASED}
    if action is RequestAction.CANCEL:
        closing[CommitmentStatus.OFFERED] = CommitmentStatus.DECLINED
    for before, after in closing.items():
        await connection.execute(
            update(c)
            .where(c.request_id == pk, c.status == before.value)
            .values(status=after.value, version=c.version + 1)
        )


# Commitments ------------------------------------------------------------------------------


async def offer_commitment(
    context: RequestContext, values: Mapping[str, Any], idempotency_key: str | None
) -> Any:
    """A providing force's offer of officers against an open request."""
    principal = context.security.principal
    force = _force_of(principal, values.get("force"))
    require_write(principal, WriteAs.PROVIDER, force)

    async def work(connection: AsyncConnection) -> Any:
        pk = await request_pk(connection, values["request"])
        request = await lock_request(connection, pk)
        rules.check_offer(request.force_code, force, values["quantity"])
        if values["quantity"] > request.quantity:
            asked = f"{request.quantity} {request.unit}"
            raise rules.bad_input("quantity", f"the request asks for {asked}")
        may = rules.permitted_to(parties(principal, request.force_code))
        next_request_status(RequestStatus(request.status), RequestAction.OFFER, None, may)
        force_id = await _code_id(connection, m.Force, force, "force")
        c = m.Commitment
        last = await connection.scalar(
            select(func.coalesce(func.max(c.sequence), 0)).where(
                c.request_id == pk, c.providing_force_id == force_id
            )
        )
        commitment = (
            await connection.execute(
                insert(c)
                .values(
                    request_id=pk,
                    providing_force_id=force_id,
                    sequence=int(last or 0) + 1,
                    quantity=values["quantity"],
                    status=CommitmentStatus.OFFERED.value,
                    version=1,
                )
                .returning(c.id)
            )
        ).scalar_one()
        await append_event(
            connection,
            principal,
            pk,
            "OFFER",
            (request.status, request.status),
            commitment_pk=commitment,
            changes=[change("quantity", None, values["quantity"])],
        )
        return await row_of(connection, "Commitment", commitment)

    return await run_write(context, "offerCommitment", values, idempotency_key, work)


async def find_commitment(connection: AsyncConnection, global_id: str) -> Any:
    reference, force, sequence = key_parts(global_id, "Commitment", 3)
    c, r, f = m.Commitment, m.MutualAidRequest, m.Force
    row = (
        await connection.execute(
            select(c.id, c.request_id)
            .join(r, r.id == c.request_id)
            .join(f, f.id == c.providing_force_id)
            .where(r.reference == reference, f.code == force, c.sequence == _int(sequence))
        )
    ).first()
    if row is None:
        raise not_found("commitment")
    return row


def _int(text: str) -> int:
    return int(text) if text.isdigit() else -1


async def change_commitment(context: RequestContext, step: Step, action: CommitmentAction) -> Any:
    """Accept, decline, withdraw or release a commitment, and fill or free its request."""
    principal = context.security.principal

    async def work(connection: AsyncConnection) -> Any:
        found = await find_commitment(connection, step.id)
        request = await lock_request(connection, found.request_id)
        c, f = m.Commitment, m.Force
        current = (
            await connection.execute(
                select(c.status, c.version, c.quantity, f.code.label("force_code"))
                .join(f, f.id == c.providing_force_id)
                .where(c.id == found.id)
            )
        ).one()
        require_party(
            principal,
            rules.COMMITMENT_PARTIES[action],
            f"{action.value.lower()} this commitment",
            request.force_code,
            current.force_code,
        )
        if current.version != step.expected_version:
            raise version_conflict("commitment", current.version, step.expected_version)
        may = rules.permitted_to(parties(principal, request.force_code, current.force_code))
        status = next_commitment_status(CommitmentStatus(current.status), action, may)
        request_status = await _request_effect(connection, request, action, current.quantity, may)
        updated = await connection.execute(
            update(c)
            .where(c.id == found.id, c.version == current.version, c.status == current.status)
            .values(status=status.value, version=current.version + 1)
        )
        if updated.rowcount != 1:
            raise version_conflict("commitment", current.version + 1, step.expected_version)
        await _move_request(connection, request, request_status)
        await refresh_request(connection, request.id, request.starts_on, request.ends_on)
        await append_event(
            connection,
            principal,
            request.id,
            action.value,
            (request.status, request_status.value),
            commitment_pk=found.id,
            changes=[change("commitment.status", current.status, status.value)],
        )
        return await row_of(connection, "Commitment", found.id)

    arguments = {"id": step.id, "expectedVersion": step.expected_version}
    operation = f"{action.value.lower()}Commitment"
    return await run_write(context, operation, arguments, step.idempotency_key, work)


def require_party(
    principal: Principal,
    parties: tuple[rules.Party, ...],
    step: str,
    requester: str,
    provider: str,
) -> None:
    """Refuse unless the principal writes for one of the parties allowed to take the step."""
    forces = {rules.Party.REQUESTER: requester, rules.Party.PROVIDER: provider}
    for party in parties:
        try:
            require_write(principal, WriteAs(party.value), forces[party])
            return
        except HubError:
            continue
    names = " or ".join(party.value for party in parties)
    raise forbidden(f"only the {names} force may {step}")


async def _request_effect(
    connection: AsyncConnection,
    request: Any,
    action: CommitmentAction,
    quantity: int,
    may: Permitted = None,
) -> RequestStatus:
    """Where the request goes when a commitment takes this step (capacity re-checked)."""
    effect = REQUEST_EFFECT[action]
    current = RequestStatus(request.status)
    if effect is None:
        return current
    already = await placed(connection, request.id)
    after = already + quantity if effect is RequestAction.FILL else already - quantity
    fill = Fill(request.quantity, after)
    status = next_request_status(current, effect, fill, may)
    if effect is RequestAction.FILL and after > request.quantity:
        raise CapacityExceeded(request.quantity - already, quantity)
    return status


async def _move_request(connection: AsyncConnection, request: Any, status: RequestStatus) -> None:
    """Record the request's new state, then recount: never more placed than asked for."""
    r = m.MutualAidRequest
    if status != request.status:
        await connection.execute(
            update(r)
            .where(r.id == request.id, r.version == request.version)
            .values(status=status.value, version=request.version + 1)
        )
    now_placed = await placed(connection, request.id)
    if now_placed > request.quantity:
        raise CapacityExceeded(max(request.quantity - now_placed, 0), now_placed)
