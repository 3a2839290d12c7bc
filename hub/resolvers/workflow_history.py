"""Reading a request's event log: one batched statement per level, and its EDXL-RM chain."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import Row, Select, select
from sqlalchemy.orm import aliased

from hub.domain.edxl import CommitmentKey, Message, RequestState, Step, message_chain
from hub.resolvers import markings
from hub.resolvers.context import RequestContext
from hub.store import models as m

Rows = list[Row[Any]]


def _grouped(
    context: RequestContext, name: str, statement: Callable[[list[int]], Select[Any]]
) -> DataLoader[int, Rows]:
    """A loader of rows per request id, one statement per batch."""

    async def batch(request_ids: Sequence[int]) -> list[Rows]:
        rows = await context.reader.rows(statement(list(request_ids)))
        found: dict[int, Rows] = defaultdict(list)
        for row in rows:
            found[row.request_id].append(row)
        return [found.get(request_id, []) for request_id in request_ids]

    loader: DataLoader[int, Rows] = context.loaders.get(("workflow", name), batch)
    return loader


def _events(request_ids: list[int]) -> Select[Any]:
    e, f, c = m.RequestEvent, m.Force, m.Commitment
    provider = aliased(m.Force, name="provider")
    return (
        select(
            e.id.label("pk"),
            e.request_id,
            e.sequence,
            e.action,
            e.from_status,
            e.to_status,
            e.commitment_id,
            e.changes,
            e.actor_name,
            e.actor_role,
            e.actor_force_id,
            f.code.label("actor_force_code"),
            e.message_id,
            e.occurred_at,
            provider.code.label("provider_code"),
            c.sequence.label("commitment_sequence"),
            c.quantity.label("commitment_quantity"),
        )
        .outerjoin(f, f.id == e.actor_force_id)
        .outerjoin(c, c.id == e.commitment_id)
        .outerjoin(provider, provider.id == c.providing_force_id)
        .where(e.request_id.in_(request_ids))
        .order_by(e.request_id, e.sequence)
    )


def _recorded(request_ids: list[int]) -> Select[Any]:
    x, f = m.EdxlRecord, m.Force
    return (
        select(*x.__table__.c, f.code.label("sender_code"))
        .outerjoin(f, f.id == x.sender_force_id)
        .where(x.request_id.in_(request_ids))
        .order_by(x.request_id, x.after_sequence, x.id)
    )


def _requests(request_ids: list[int]) -> Any:
    r, f, cap, op, loc = (
        m.MutualAidRequest,
        m.Force,
        m.Capability,
        m.Operation,
        m.Location,
    )
    return (
        select(
            r.id.label("request_id"),
            r.reference,
            f.code.label("force_code"),
            cap.code.label("capability_code"),
            op.code.label("operation_code"),
            loc.code.label("location_code"),
            r.quantity,
            r.unit,
            r.starts_on,
            r.ends_on,
            r.description,
        )
        .join(f, f.id == r.requesting_force_id)
        .join(cap, cap.id == r.capability_id)
        .outerjoin(op, op.id == r.operation_id)
        .outerjoin(loc, loc.id == r.location_id)
        .where(r.id.in_(request_ids))
    )


async def history(context: RequestContext, request_id: int) -> Rows:
    """A request's events, oldest first."""
    rows: Rows = await _grouped(context, "history", _events).load(request_id)
    return rows


def _event_step(row: Any) -> Step:
    commitment = None
    if row.provider_code is not None:
        commitment = CommitmentKey(
            row.provider_code, row.commitment_sequence, row.commitment_quantity
        )
    changes = tuple((c["field"], c["from"], c["to"]) for c in row.changes or [])
    return Step(
        row.message_id,
        row.action,
        row.occurred_at,
        row.actor_force_code,
        from_status=row.from_status,
        changes=changes,
        commitment=commitment,
    )


def _recorded_step(record: Any) -> Step:
    return Step(
        record.message_id,
        record.message_type,
        record.sent_at,
        record.sender_code,
        response_type=record.response_type,
        note=record.note,
        quantity=record.quantity,
        price=record.price,
    )


def steps_in_order(events: Rows, recorded: Rows) -> list[Step]:
    """Events and recorded messages merged: each recorded one after the event it followed."""
    steps: list[Step] = []
    waiting = list(recorded)
    for event in events:
        steps.append(_event_step(event))
        while waiting and waiting[0].after_sequence <= event.sequence:
            steps.append(_recorded_step(waiting.pop(0)))
    steps.extend(_recorded_step(row) for row in waiting)
    return steps


def _state(row: Any) -> RequestState:
    return RequestState(
        reference=row.reference,
        requesting_force=row.force_code,
        capability=row.capability_code,
        quantity=row.quantity,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        description=row.description or "",
        operation=row.operation_code,
        location=row.location_code,
        unit=row.unit,
    )


async def edxl_messages(context: RequestContext, request_id: int) -> list[Message]:
    """A request's events (and recorded messages) as a chain of EDXL-RM messages."""
    loads: list[Awaitable[Rows]] = [
        _grouped(context, "history", _events).load(request_id),
        _grouped(context, "edxl.recorded", _recorded).load(request_id),
        _grouped(context, "edxl.request", _requests).load(request_id),
    ]
    events, recorded, found = [await load for load in loads]
    current = _state(found[0]) if found else None
    if current is not None:
        marked = await markings.classification(context, "MutualAidRequest", request_id)
        current = replace(current, marking=marked.value.replace("_", "-"))
    return message_chain(steps_in_order(events, recorded), current)
