"""Following request events as they are written, for `Subscription.requestEvents`.

A subscription polls the event log (every `POLL_SECONDS`), so it works the same on SQLite and
PostgreSQL and across every hub process sharing the database. Events of one request are
written one at a time (its row is locked), so they arrive in their order; a window of recent
ids is re-read, so an event committed late by a concurrent transaction is not skipped.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import aliased

from hub.config import Settings
from hub.security.state import RequestSecurity
from hub.store import models as m

POLL_SECONDS = 0.2
#: How many ids back each poll looks again, for events committed out of id order.
LOOKBACK = 200


@dataclass
class SubscriptionContext:
    """What a WebSocket connection's operations share: settings, the caller and the engine."""

    settings: Settings
    engine: AsyncEngine
    security: RequestSecurity | None = None
    connection: Any = None
    connection_params: Any = None


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to follow: by request reference, requesting force and action."""

    references: list[str] | None = None
    forces: list[str] | None = None
    actions: list[str] | None = None


def _events(after: int, chosen: EventFilter) -> Select[Any]:
    e, r, c = m.RequestEvent, m.MutualAidRequest, m.Commitment
    host, actor, provider = (aliased(m.Force, name=name) for name in ("host", "actor", "provider"))
    statement = (
        select(
            e.id.label("pk"),
            e.sequence,
            e.action,
            e.from_status,
            e.to_status,
            e.changes,
            e.actor_name,
            e.actor_role,
            actor.code.label("actor_force_code"),
            e.occurred_at,
            r.reference,
            host.code.label("requesting_force_code"),
            c.sequence.label("commitment_sequence"),
            provider.code.label("provider_code"),
        )
        .join(r, r.id == e.request_id)
        .join(host, host.id == r.requesting_force_id)
        .outerjoin(actor, actor.id == e.actor_force_id)
        .outerjoin(c, c.id == e.commitment_id)
        .outerjoin(provider, provider.id == c.providing_force_id)
        .where(e.id > after)
        .order_by(e.id)
    )
    if chosen.references is not None:
        statement = statement.where(r.reference.in_(chosen.references))
    if chosen.forces is not None:
        statement = statement.where(host.code.in_(chosen.forces))
    if chosen.actions is not None:
        statement = statement.where(e.action.in_(chosen.actions))
    return statement


async def follow(engine: AsyncEngine, chosen: EventFilter) -> AsyncIterator[Any]:
    """Events written from now on that match the filter, as they are committed."""
    async with engine.connect() as connection:
        last = int(await connection.scalar(select(func.max(m.RequestEvent.id))) or 0)
    floor, seen = last, set[int]()
    while True:
        async with engine.connect() as connection:
            rows = (await connection.execute(_events(max(last - LOOKBACK, 0), chosen))).all()
        for row in rows:
            if row.pk > floor and row.pk not in seen:
                seen.add(row.pk)
                yield row
        if rows:
            last = max(last, rows[-1].pk)
            seen = {pk for pk in seen if pk > last - LOOKBACK}
        await asyncio.sleep(POLL_SECONDS)
