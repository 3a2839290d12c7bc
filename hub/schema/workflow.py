"""Mutations of the mutual aid workflow: requests and the commitments that answer them.

Each mutation names the version it read (`expectedVersion`), and may carry an
`idempotencyKey`: a retry with the same key and input gets the first answer back.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry

from hub.domain.lifecycle import CommitmentAction, RequestAction
from hub.resolvers import workflow
from hub.schema.base import HubInfo
from hub.schema.capacity_mutations import AvailabilityMutations
from hub.schema.costs_mutations import CostMutations
from hub.schema.edxl import EdxlMutations
from hub.schema.markings import MarkingMutations
from hub.schema.request import Commitment, MutualAidRequest
from hub.schema.workflow_logistics import LogisticsMutations
from hub.schema.workflow_units import UnitMutations
from hub.security.permissions import CanWrite

IdempotencyKey = Annotated[
    str | None,
    strawberry.argument(
        description="A key of the client's choosing: a retry with the same key and input gets "
        "the first answer; the same key with another input is refused."
    ),
]
ID_DOC = "Global id of the record."
VERSION_DOC = "The version the client read; another is answered VERSION_CONFLICT."


@strawberry.input(description="A new mutual aid request, raised as a draft.")
class RaiseRequestInput:
    """What the host force asks for."""

    capability: str = strawberry.field(description="Code of the capability asked for.")
    quantity: int = strawberry.field(description="How many of `unit` are asked for (positive).")
    unit: str = strawberry.field(
        default="OFFICER",
        description="Code or name of the resource unit the quantity counts (`resourceUnits`): "
        "OFFICER, PSU, SERIAL ...",
    )
    starts_on: date = strawberry.field(description="First day officers are needed.")
    ends_on: date = strawberry.field(description="Last day officers are needed (not earlier).")
    description: str = strawberry.field(default="", description="What they are needed for.")
    force: str | None = strawberry.field(
        default=None, description="Requesting force's code (a partner key's own by default)."
    )
    reference: str | None = strawberry.field(
        default=None, description="Reference to give the request (generated if left out)."
    )
    operation: str | None = strawberry.field(
        default=None, description="Code of the operation the request is for."
    )
    location: str | None = strawberry.field(
        default=None, description="Code of the location officers report to."
    )


@strawberry.input(description="Changes to a request that is not yet confirmed.")
class UpdateRequestInput:
    """Fields left out keep their values."""

    id: strawberry.ID = strawberry.field(description=ID_DOC)
    expected_version: int = strawberry.field(description=VERSION_DOC)
    quantity: int | None = strawberry.field(
        default=None, description="How many of the request's unit are asked for."
    )
    unit: str | None = strawberry.field(
        default=None,
        description="Code of the resource unit the quantity counts (not once commitments are "
        "accepted).",
    )
    starts_on: date | None = strawberry.field(default=None, description="First day.")
    ends_on: date | None = strawberry.field(default=None, description="Last day.")
    description: str | None = strawberry.field(default=None, description="What for.")


@strawberry.input(description="A lifecycle step on a record, at the version the client read.")
class StepInput:
    """Which record, and which version of it."""

    id: strawberry.ID = strawberry.field(description=ID_DOC)
    expected_version: int = strawberry.field(description=VERSION_DOC)


@strawberry.input(description="Cancelling a request.")
class CancelRequestInput:
    """Which request, at which version, and why."""

    id: strawberry.ID = strawberry.field(description=ID_DOC)
    expected_version: int = strawberry.field(description=VERSION_DOC)
    reason: str | None = strawberry.field(default=None, description="Why, for the history.")


@strawberry.input(description="Extending a request's deployment (EDXL-RM extended duration).")
class ExtendRequestInput:
    """Which request, at which version, and its new last day."""

    id: strawberry.ID = strawberry.field(description=ID_DOC)
    expected_version: int = strawberry.field(description=VERSION_DOC)
    ends_on: date = strawberry.field(description="New last day: later than the current one.")


@strawberry.input(description="A providing force's offer of officers against a request.")
class OfferCommitmentInput:
    """Which request, which force, how many officers."""

    request: strawberry.ID = strawberry.field(description="Global id of the request.")
    quantity: int = strawberry.field(
        description="How many of the request's unit are offered (positive): 1 for one PSU."
    )
    force: str | None = strawberry.field(
        default=None, description="Providing force's code (a partner key's own by default)."
    )


def _step(input: Any, key: str | None) -> workflow.Step:
    return workflow.Step(str(input.id), input.expected_version, key)


def _request_step(action: RequestAction, description: str) -> Any:
    async def resolve(
        info: HubInfo,
        input: Annotated[StepInput, strawberry.argument(description="The request and version.")],
        idempotency_key: IdempotencyKey = None,
    ) -> MutualAidRequest:
        result: MutualAidRequest = await workflow.change_request(
            info.context, _step(input, idempotency_key), action
        )
        return result

    return strawberry.mutation(
        resolver=resolve, description=description, permission_classes=[CanWrite]
    )


def _commitment_step(action: CommitmentAction, description: str) -> Any:
    async def resolve(
        info: HubInfo,
        input: Annotated[StepInput, strawberry.argument(description="The commitment, version.")],
        idempotency_key: IdempotencyKey = None,
    ) -> Commitment:
        result: Commitment = await workflow.change_commitment(
            info.context, _step(input, idempotency_key), action
        )
        return result

    return strawberry.mutation(
        resolver=resolve, description=description, permission_classes=[CanWrite]
    )


@strawberry.type(description="Changes to mutual aid: requests and the commitments answering them.")
class Mutation(
    UnitMutations,
    LogisticsMutations,
    MarkingMutations,
    AvailabilityMutations,
    EdxlMutations,
    CostMutations,
):
    """The workflow; errors carry ILLEGAL_TRANSITION, VERSION_CONFLICT, BAD_USER_INPUT, ..."""

    @strawberry.mutation(
        description="Raise a request as a draft (requesting force).", permission_classes=[CanWrite]
    )
    async def raise_request(
        self,
        info: HubInfo,
        input: Annotated[RaiseRequestInput, strawberry.argument(description="The request.")],
        idempotency_key: IdempotencyKey = None,
    ) -> MutualAidRequest:
        values = {
            "capability": input.capability,
            "quantity": input.quantity,
            "unit": input.unit,
            "starts_on": input.starts_on,
            "ends_on": input.ends_on,
            "description": input.description,
            "force": input.force,
            "reference": input.reference,
            "operation": input.operation,
            "location": input.location,
        }
        result: MutualAidRequest = await workflow.raise_request(
            info.context, values, idempotency_key
        )
        return result

    @strawberry.mutation(
        description="Change a request's details before it is confirmed (requesting force).",
        permission_classes=[CanWrite],
    )
    async def update_request(
        self,
        info: HubInfo,
        input: Annotated[UpdateRequestInput, strawberry.argument(description="The changes.")],
        idempotency_key: IdempotencyKey = None,
    ) -> MutualAidRequest:
        values = {
            "quantity": input.quantity,
            "unit": input.unit,
            "starts_on": input.starts_on,
            "ends_on": input.ends_on,
            "description": input.description,
        }
        result: MutualAidRequest = await workflow.change_request(
            info.context, _step(input, idempotency_key), RequestAction.UPDATE, values
        )
        return result

    @strawberry.mutation(
        description="Extend a request's deployment to a later last day (requesting force).",
        permission_classes=[CanWrite],
    )
    async def extend_request(
        self,
        info: HubInfo,
        input: Annotated[ExtendRequestInput, strawberry.argument(description="The extension.")],
        idempotency_key: IdempotencyKey = None,
    ) -> MutualAidRequest:
        result: MutualAidRequest = await workflow.change_request(
            info.context,
            _step(input, idempotency_key),
            RequestAction.EXTEND,
            {"ends_on": input.ends_on},
        )
        return result

    @strawberry.mutation(
        description="Cancel an open request: offers are declined, accepted officers released.",
        permission_classes=[CanWrite],
    )
    async def cancel_request(
        self,
        info: HubInfo,
        input: Annotated[CancelRequestInput, strawberry.argument(description="The request.")],
        idempotency_key: IdempotencyKey = None,
    ) -> MutualAidRequest:
        result: MutualAidRequest = await workflow.change_request(
            info.context,
            _step(input, idempotency_key),
            RequestAction.CANCEL,
            {"reason": input.reason},
        )
        return result

    submit_request = _request_step(
        RequestAction.SUBMIT, "Send a draft request to forces (requesting force)."
    )
    confirm_request = _request_step(
        RequestAction.CONFIRM, "Confirm a filled request (requesting force)."
    )
    start_request = _request_step(
        RequestAction.START, "Mark a confirmed request as in progress (requesting force)."
    )
    complete_request = _request_step(
        RequestAction.COMPLETE,
        "Complete a request in progress; accepted officers are released (requesting force).",
    )

    @strawberry.mutation(
        description="Offer officers against an open request (providing force).",
        permission_classes=[CanWrite],
    )
    async def offer_commitment(
        self,
        info: HubInfo,
        input: Annotated[OfferCommitmentInput, strawberry.argument(description="The offer.")],
        idempotency_key: IdempotencyKey = None,
    ) -> Commitment:
        values = {"request": str(input.request), "quantity": input.quantity, "force": input.force}
        result: Commitment = await workflow.offer_commitment(info.context, values, idempotency_key)
        return result

    accept_commitment = _commitment_step(
        CommitmentAction.ACCEPT,
        "Accept an offer, filling places of the request (requesting force).",
    )
    decline_commitment = _commitment_step(
        CommitmentAction.DECLINE, "Decline an offer (requesting force)."
    )
    withdraw_commitment = _commitment_step(
        CommitmentAction.WITHDRAW, "Withdraw an offer not yet accepted (providing force)."
    )
    release_commitment = _commitment_step(
        CommitmentAction.RELEASE,
        "Release accepted officers (requesting or providing force).",
    )
