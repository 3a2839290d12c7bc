"""Reading a request's event log: one batched statement per level, and its EDXL-RM chain."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import Row, select

from hub.domain.edxl import Message, Step, message_chain
from hub.resolvers.context import RequestContext
from hub.store import models as m


def _loader(context: RequestContext) -> DataLoader[int, list[Row[Any]]]:
    async def batch(request_ids: Sequence[int]) -> list[list[Row[Any]]]:
        e, f = m.RequestEvent, m.Force
        rows = await context.reader.rows(
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
            )
            .outerjoin(f, f.id == e.actor_force_id)
            .where(e.request_id.in_(list(request_ids)))
            .order_by(e.request_id, e.sequence)
        )
        found: dict[int, list[Row[Any]]] = defaultdict(list)
        for row in rows:
            found[row.request_id].append(row)
        return [found.get(request_id, []) for request_id in request_ids]

    loader: DataLoader[int, list[Row[Any]]] = context.loaders.get(("workflow", "history"), batch)
    return loader


async def history(context: RequestContext, request_id: int) -> list[Row[Any]]:
    """A request's events, oldest first."""
    rows: list[Row[Any]] = await _loader(context).load(request_id)
    return rows


async def edxl_messages(context: RequestContext, request_id: int) -> list[Message]:
    """A request's events as a chain of EDXL-RM messages."""
    events = await history(context, request_id)
    steps = (
        Step(row.message_id, row.action, row.occurred_at, row.actor_force_code) for row in events
    )
    return message_chain(steps)
