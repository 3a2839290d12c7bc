"""Subscriptions: partners follow requests' events as they happen (graphql-transport-ws)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from hub.errors import HubError
from hub.resolvers import workflow_events
from hub.resolvers.workflow_events import EventFilter, SubscriptionContext
from hub.schema.base import global_id
from hub.schema.enums import RequestStatus
from hub.schema.history import FieldChange, WorkflowAction
from hub.security.policy import sees_actors
from hub.standard.ids import InvalidGlobalId, decode_id


@strawberry.input(description="Which request events to follow; fields left out match all.")
class RequestEventFilter:
    """Filters combine with AND; the values of one filter with OR."""

    requests: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Global ids of the requests to follow."
    )
    requesting_forces: list[str] | None = strawberry.field(
        default=None, description="Codes of requesting forces whose requests to follow."
    )
    actions: list[WorkflowAction] | None = strawberry.field(
        default=None, description="Steps to follow."
    )


@strawberry.type(description="A step in a request's life, as it happens.")
class RequestEventNotice:
    """An event of a request's log, with the request and commitment named by id."""

    request: strawberry.ID = strawberry.field(description="Global id of the request.")
    reference: str = strawberry.field(description="Reference of the request.")
    requesting_force: str = strawberry.field(description="Code of the requesting force.")
    sequence: int = strawberry.field(description="Number of the event in the request's log.")
    action: WorkflowAction = strawberry.field(description="The step taken.")
    from_status: RequestStatus | None = strawberry.field(
        description="The request's state before the step (null when it was raised)."
    )
    to_status: RequestStatus | None = strawberry.field(
        description="The request's state after the step."
    )
    commitment: strawberry.ID | None = strawberry.field(
        description="Global id of the commitment the step was about, if any."
    )
    occurred_at: datetime = strawberry.field(description="When the step was taken.")
    actor_role: str = strawberry.field(description="Role of the key that took the step.")
    actor_force: str | None = strawberry.field(
        description="Code of that key's force (null for national keys)."
    )
    actor_name: str | None = strawberry.field(
        description="Name of that key; null for keys that may not see who acted."
    )
    changes: list[FieldChange] = strawberry.field(description="What the step changed.")

    @classmethod
    def of(cls, row: Any, shows_actor: bool) -> RequestEventNotice:
        commitment = None
        if row.commitment_sequence is not None:
            commitment = global_id(
                "Commitment", row.reference, row.provider_code, row.commitment_sequence
            )
        return cls(
            request=global_id("MutualAidRequest", row.reference),
            reference=row.reference,
            requesting_force=row.requesting_force_code,
            sequence=row.sequence,
            action=WorkflowAction(row.action),
            from_status=None if row.from_status is None else RequestStatus(row.from_status),
            to_status=None if row.to_status is None else RequestStatus(row.to_status),
            commitment=commitment,
            occurred_at=row.occurred_at,
            actor_role=row.actor_role,
            actor_force=row.actor_force_code,
            actor_name=row.actor_name if shows_actor else None,
            changes=[
                FieldChange(field=item["field"], from_value=item["from"], to_value=item["to"])
                for item in row.changes or []
            ],
        )


def _references(ids: list[strawberry.ID] | None) -> list[str] | None:
    if ids is None:
        return None
    references = []
    for id in ids:
        try:
            type_name, parts = decode_id(str(id))
        except InvalidGlobalId:
            type_name, parts = "", ()
        if type_name != "MutualAidRequest":
            raise HubError("BAD_USER_INPUT", f"{id} is not a request's id", field="requests")
        references.append(parts[0])
    return references


FilterArgument = Annotated[
    RequestEventFilter | None, strawberry.argument(description="Which events to follow.")
]


@strawberry.type(description="Events as they happen, over graphql-transport-ws on /graphql.")
class Subscription:
    """Subscriptions of the hub."""

    @strawberry.subscription(
        description="Steps of requests as they are taken, in each request's order."
    )
    async def request_events(
        self, info: Info[SubscriptionContext, None], filter: FilterArgument = None
    ) -> AsyncGenerator[RequestEventNotice, None]:
        context = info.context
        assert context.security is not None
        shows_actor = sees_actors(context.security.principal)
        chosen = EventFilter(
            references=_references(filter.requests if filter else None),
            forces=filter.requesting_forces if filter else None,
            actions=[a.value for a in filter.actions] if filter and filter.actions else None,
        )
        async for row in workflow_events.follow(context.engine, chosen):
            yield RequestEventNotice.of(row, shows_actor)
