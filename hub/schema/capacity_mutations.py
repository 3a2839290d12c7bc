"""Mutations of officers' availability for mutual aid, which capacity counts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from hub.resolvers.capacity_availability import CLEARED, Window, change_availability
from hub.schema.base import HubInfo
from hub.schema.enums import AvailabilityStatus
from hub.schema.officer import Officer
from hub.security.permissions import CanWrite

IdempotencyKey = Annotated[
    str | None,
    strawberry.argument(description="A retry with the same key and input gets the first answer."),
]
ID_DOC = "Global id of the officer."
VERSION_DOC = "The version the client read; another is answered VERSION_CONFLICT."


@strawberry.input(description="An officer's availability for mutual aid over a period.")
class SetOfficerAvailabilityInput:
    """Which officer, at which version, and the window."""

    id: strawberry.ID = strawberry.field(description=ID_DOC)
    expected_version: int = strawberry.field(description=VERSION_DOC)
    status: AvailabilityStatus = strawberry.field(
        description="Whether the officer can be sent: UNAVAILABLE and LIMITED keep the officer "
        "out of capacity on the window's days."
    )
    available_from: date | None = strawberry.field(
        default=None, description="First day the status covers (null: open)."
    )
    available_to: date | None = strawberry.field(
        default=None, description="Last day the status covers (null: open; not before the first)."
    )


@strawberry.input(description="Clearing an officer's availability (the force has not said).")
class ClearOfficerAvailabilityInput:
    """Which officer, at which version."""

    id: strawberry.ID = strawberry.field(description=ID_DOC)
    expected_version: int = strawberry.field(description=VERSION_DOC)


@strawberry.type(description="Mutations of officers' availability for mutual aid.")
class AvailabilityMutations:
    """Part of `Mutation`: the officer's own force, or a national coordinator."""

    @strawberry.mutation(
        description="Set an officer's availability window for mutual aid (the officer's force); "
        "logged with who changed it.",
        permission_classes=[CanWrite],
    )
    async def set_officer_availability(
        self,
        info: HubInfo,
        input: Annotated[
            SetOfficerAvailabilityInput, strawberry.argument(description="Officer and window.")
        ],
        idempotency_key: IdempotencyKey = None,
    ) -> Officer:
        window = Window(AvailabilityStatus(input.status), input.available_from, input.available_to)
        result: Officer = await change_availability(
            info.context, str(input.id), input.expected_version, window, idempotency_key
        )
        return result

    @strawberry.mutation(
        description="Clear an officer's availability window (the officer's force); logged.",
        permission_classes=[CanWrite],
    )
    async def clear_officer_availability(
        self,
        info: HubInfo,
        input: Annotated[
            ClearOfficerAvailabilityInput, strawberry.argument(description="The officer.")
        ],
        idempotency_key: IdempotencyKey = None,
    ) -> Officer:
        result: Officer = await change_availability(
            info.context, str(input.id), input.expected_version, CLEARED, idempotency_key
        )
        return result
