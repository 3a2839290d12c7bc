"""Recording a message that takes no lifecycle step (a quote, a request for information ...).

It is written like a step: in the workflow's own transaction with the request locked, by a
sender allowed to speak for its party, in a state its rule allows, once per idempotency key.
It changes neither the request's state nor its version.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.domain.edxl import RECORDED, Party, answered_steps
from hub.domain.lifecycle import IllegalTransition, allowed_request_actions
from hub.edxl.errors import EdxlError
from hub.edxl.parse import Parsed
from hub.resolvers.context import RequestContext
from hub.resolvers.workflow_tx import lock_request, run_write
from hub.security.errors import forbidden
from hub.security.policy import WriteAs, require_write
from hub.security.principal import Principal
from hub.standard.enums import RequestStatus
from hub.store import models as m
from hub.store.types import utcnow


def _check_party(principal: Principal, party: Party, requester: str) -> None:
    if party is Party.REQUESTER:
        require_write(principal, WriteAs.REQUESTER, requester)
    elif party is Party.RESPONDER and principal.force_code == requester:
        raise forbidden("only a force other than the requesting force answers this message")


async def _answers_something(connection: AsyncConnection, pk: int, message_type: str) -> bool:
    steps = answered_steps(message_type)
    if not steps:
        return True
    e, x = m.RequestEvent, m.EdxlRecord
    event = await connection.scalar(
        select(func.count()).where(e.request_id == pk, e.action.in_(list(steps)))
    )
    recorded = await connection.scalar(
        select(func.count()).where(x.request_id == pk, x.message_type.in_(list(steps)))
    )
    return bool(event or recorded)


async def record_message(context: RequestContext, parsed: Parsed, request_pk: int) -> Any:
    """Keep a message with no lifecycle step against its request, after checking its rule."""
    rule = RECORDED[parsed.message_type]
    principal = context.security.principal

    async def work(connection: AsyncConnection) -> Any:
        request = await lock_request(connection, request_pk)
        _check_party(principal, rule.party, request.force_code)
        status = RequestStatus(request.status)
        if rule.states is not None and status not in rule.states:
            raise IllegalTransition(
                "request",
                status.value,
                f"take {parsed.message_type}",
                allowed_request_actions(status),
            )
        if not await _answers_something(connection, request_pk, parsed.message_type):
            raise EdxlError(
                "EDXL_NOTHING_TO_ANSWER",
                f"the request has no {rule.answers} for this {parsed.message_type} to answer",
                parsed.file,
                f"{parsed.root}/rmsg:MessageContentType",
            )
        e, x = m.RequestEvent, m.EdxlRecord
        last = await connection.scalar(
            select(func.coalesce(func.max(e.sequence), 0)).where(e.request_id == request_pk)
        )
        values = {
            "request_id": request_pk,
            "after_sequence": int(last or 0),
            "message_id": parsed.message_id,
            "message_type": parsed.message_type,
            "sender_force_id": principal.force_id,
            "actor_name": principal.name,
            "actor_role": principal.role.value,
            "response_type": parsed.response_type,
            "quantity": parsed.quantity,
            "price": parsed.price,
            "note": parsed.note,
            "sent_at": parsed.sent_at,
            "recorded_at": utcnow(),
        }
        pk = (await connection.execute(insert(x).values(**values).returning(x.id))).scalar_one()
        found = await connection.execute(
            select(x.id, x.message_id, x.message_type).where(x.id == pk)
        )
        return found.one()

    arguments = {"request": request_pk, "message": parsed.message_id, "type": parsed.message_type}
    operation = f"record{parsed.message_type}"
    return await run_write(context, operation, arguments, f"edxl:{parsed.message_id}", work)
