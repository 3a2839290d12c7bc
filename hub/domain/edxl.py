"""A request's history as a chain of OASIS EDXL-RM 1.0 messages, and the rules of messages
that have no lifecycle step.

Each event of the log maps to the message type that carries the same meaning; messages chain
by `OriginatingMessageID` (the request's first message) and `PrecedingMessageID` (the message
before it). Steps with no counterpart in EDXL-RM (raising a draft, changing a draft) send no
message. The eight message types with no lifecycle step (information, quotes, deployment
status requests, unsolicited offers and the answers to extensions and returns) are *recorded*
with their request: they change neither its state nor its version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from hub.domain.lifecycle import OPEN_TO_OFFERS, CommitmentAction, RequestAction
from hub.standard.enums import RequestStatus

#: The message type for each step, and the per-resource response type where EDXL-RM has one.
MESSAGES: Mapping[str, tuple[str, str | None]] = {
    RequestAction.SUBMIT: ("RequestResource", None),
    RequestAction.UPDATE: ("RequestResource", None),
    RequestAction.OFFER: ("ResponseToRequestResource", "Provisional"),
    CommitmentAction.ACCEPT: ("RequisitionResource", "Accept"),
    CommitmentAction.DECLINE: ("ResponseToRequestResource", "Decline"),
    CommitmentAction.WITHDRAW: ("ResponseToRequestResource", "Decline"),
    RequestAction.CONFIRM: ("CommitResource", "Accept"),
    RequestAction.START: ("ReportResourceDeploymentStatus", None),
    RequestAction.EXTEND: ("RequestExtendedDeploymentDuration", None),
    CommitmentAction.RELEASE: ("ReleaseResource", None),
    RequestAction.COMPLETE: ("RequestReturn", None),
    RequestAction.CANCEL: ("ReleaseResource", None),
}
#: Steps about one commitment (the others are about the whole request).
COMMITMENT_STEPS = frozenset(
    {
        RequestAction.OFFER,
        CommitmentAction.ACCEPT,
        CommitmentAction.DECLINE,
        CommitmentAction.WITHDRAW,
        CommitmentAction.RELEASE,
    }
)


class Party(StrEnum):
    """On whose behalf a message is sent (EDXL-RM `ContactRole`)."""

    REQUESTER = "Requester"
    RESPONDER = "RespondingOrg"
    ANY = "Sender"


#: The party each step is taken for (release: either; the sender's force decides).
STEP_PARTIES: Mapping[str, Party] = {
    RequestAction.SUBMIT: Party.REQUESTER,
    RequestAction.UPDATE: Party.REQUESTER,
    RequestAction.OFFER: Party.RESPONDER,
    CommitmentAction.ACCEPT: Party.REQUESTER,
    CommitmentAction.DECLINE: Party.REQUESTER,
    CommitmentAction.WITHDRAW: Party.RESPONDER,
    RequestAction.CONFIRM: Party.REQUESTER,
    RequestAction.START: Party.REQUESTER,
    RequestAction.EXTEND: Party.REQUESTER,
    CommitmentAction.RELEASE: Party.ANY,
    RequestAction.COMPLETE: Party.REQUESTER,
    RequestAction.CANCEL: Party.REQUESTER,
}


@dataclass(frozen=True, slots=True)
class RecordRule:
    """When a message with no lifecycle step may be recorded against a request."""

    party: Party
    states: frozenset[RequestStatus] | None = None
    answers: str | None = None
    carries_response: bool = False


_S = RequestStatus
_DEPLOYED = frozenset({_S.CONFIRMED, _S.IN_PROGRESS})
#: The eight message types recorded without a lifecycle step, and their rules.
RECORDED: Mapping[str, RecordRule] = {
    "RequestInformation": RecordRule(Party.ANY),
    "ResponseToRequestInformation": RecordRule(
        Party.ANY, answers="RequestInformation", carries_response=True
    ),
    "RequestQuote": RecordRule(Party.REQUESTER, states=OPEN_TO_OFFERS),
    "ResponseToRequestQuote": RecordRule(
        Party.RESPONDER, states=OPEN_TO_OFFERS, answers="RequestQuote", carries_response=True
    ),
    "OfferUnsolicitedResource": RecordRule(Party.RESPONDER, states=OPEN_TO_OFFERS),
    "RequestResourceDeploymentStatus": RecordRule(Party.ANY, states=_DEPLOYED),
    "ResponseToRequestExtendedDeploymentDuration": RecordRule(
        Party.RESPONDER,
        states=_DEPLOYED,
        answers="RequestExtendedDeploymentDuration",
        carries_response=True,
    ),
    "ResponseToRequestReturn": RecordRule(
        Party.RESPONDER,
        states=frozenset({_S.COMPLETED}),
        answers="RequestReturn",
        carries_response=True,
    ),
}
#: Every EDXL-RM 1.0 message type, in the order of the standard.
MESSAGE_TYPES = (
    "RequestResource",
    "ResponseToRequestResource",
    "RequisitionResource",
    "CommitResource",
    "RequestInformation",
    "ResponseToRequestInformation",
    "OfferUnsolicitedResource",
    "ReleaseResource",
    "RequestReturn",
    "ResponseToRequestReturn",
    "RequestQuote",
    "ResponseToRequestQuote",
    "RequestResourceDeploymentStatus",
    "ReportResourceDeploymentStatus",
    "RequestExtendedDeploymentDuration",
    "ResponseToRequestExtendedDeploymentDuration",
)


@dataclass(frozen=True, slots=True)
class RequestState:
    """What a message says about its request: the request as it stood after the step."""

    reference: str
    requesting_force: str
    capability: str
    quantity: int
    starts_on: date
    ends_on: date
    description: str = ""
    operation: str | None = None
    location: str | None = None
    unit: str | None = None
    # The request's security marking as documents write it ("OFFICIAL-SENSITIVE"), if known.
    marking: str | None = None


@dataclass(frozen=True, slots=True)
class CommitmentKey:
    """The commitment a message is about: its force, its number and its officers."""

    providing_force: str
    sequence: int
    quantity: int


@dataclass(frozen=True, slots=True)
class Step:
    """One event of a request's log (or a recorded message), as much of it as a message needs.

    For a recorded message `action` is the message type itself.
    """

    message_id: str
    action: str
    occurred_at: datetime
    sender: str | None
    from_status: str | None = None
    changes: tuple[tuple[str, str | None, str | None], ...] = ()
    commitment: CommitmentKey | None = None
    response_type: str | None = None
    note: str | None = None
    quantity: int | None = None
    price: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """One EDXL-RM message of the chain."""

    message_id: str
    message_type: str
    response_type: str | None
    originating_message_id: str
    preceding_message_id: str | None
    sent_at: datetime
    sender: str | None
    action: str = ""
    party: Party = Party.ANY
    request: RequestState | None = None
    commitment: CommitmentKey | None = None
    note: str | None = None
    quantity: int | None = None
    price: str | None = None


def sends_message(step: Step) -> bool:
    """Whether a step is a message: drafts are the requesting force's own business."""
    if step.action in RECORDED:
        return True
    if step.action == RequestAction.UPDATE and step.from_status == RequestStatus.DRAFT:
        return False
    return step.action in MESSAGES


def message_chain(steps: Iterable[Step], current: RequestState | None = None) -> list[Message]:
    """The messages for a request's events, oldest first, chained to each other.

    With the request as it is now (`current`), each message carries the request as it stood
    after its step, worked back through the changes the later steps recorded.
    """
    listed = list(steps)
    states = _states_after(listed, current)
    chain: list[Message] = []
    for step, state in zip(listed, states, strict=True):
        if not sends_message(step):
            continue
        message_type, response_type = MESSAGES.get(step.action, (step.action, None))
        chain.append(
            Message(
                message_id=step.message_id,
                message_type=message_type,
                response_type=step.response_type or response_type,
                originating_message_id=chain[0].message_id if chain else step.message_id,
                preceding_message_id=chain[-1].message_id if chain else None,
                sent_at=step.occurred_at,
                sender=step.sender,
                action=step.action,
                party=party_of(step, state),
                request=state,
                commitment=step.commitment,
                note=step.note if step.action in RECORDED else _reason(step),
                quantity=step.quantity,
                price=step.price,
            )
        )
    return chain


def party_of(step: Step, state: RequestState | None) -> Party:
    """On whose behalf the step was taken."""
    rule = RECORDED.get(step.action)
    party = rule.party if rule is not None else STEP_PARTIES.get(step.action, Party.ANY)
    if party is Party.ANY and step.action == CommitmentAction.RELEASE and state is not None:
        requester = step.sender == state.requesting_force
        return Party.REQUESTER if requester else Party.RESPONDER
    return party


def _reason(step: Step) -> str | None:
    return next((to for field, _, to in step.changes if field == "reason"), None)


_FIELDS = ("quantity", "unit", "starts_on", "ends_on", "description")


def _states_after(steps: Sequence[Step], current: RequestState | None) -> list[RequestState | None]:
    """The request after each step: the current request, with later changes undone."""
    if current is None:
        return [None] * len(steps)
    states: list[RequestState | None] = []
    state = current
    for step in reversed(steps):
        states.append(state)
        undo = {field: before for field, before, _ in step.changes if field in _FIELDS}
        if undo and None not in undo.values():
            typed: dict[str, Any] = {k: _typed(k, v) for k, v in undo.items()}
            state = replace(state, **typed)
    return states[::-1]


def _typed(field: str, text: str | None) -> object:
    if field == "quantity":
        return int(text or 0)
    if field in ("starts_on", "ends_on"):
        return date.fromisoformat(text or "")
    return text or ""


class NotAStep(ValueError):
    """A message whose type and response say no step of the workflow."""


def step_for(
    message_type: str,
    *,
    response_type: str | None = None,
    party: Party | None = None,
    about_commitment: bool = False,
    recalls: bool = False,
) -> str:
    """The workflow step (or recorded message type) a message asks for.

    `RequestResource` submits a request, or updates it when it recalls the first one;
    `ResponseToRequestResource` offers (Provisional) or declines: the requesting force
    declines an offer, a providing force withdraws its own; `ReleaseResource` releases a
    commitment, or cancels the request when it names none.
    """
    if message_type in RECORDED:
        return message_type
    if message_type == "RequestResource":
        return RequestAction.UPDATE if recalls else RequestAction.SUBMIT
    if message_type == "ResponseToRequestResource":
        if response_type == "Provisional":
            return RequestAction.OFFER
        if response_type == "Decline":
            requester = party is Party.REQUESTER
            return CommitmentAction.DECLINE if requester else CommitmentAction.WITHDRAW
        raise NotAStep("a response to a request is Provisional (an offer) or Decline")
    if message_type == "ReleaseResource":
        return CommitmentAction.RELEASE if about_commitment else RequestAction.CANCEL
    for action, (mapped, _) in MESSAGES.items():
        if mapped == message_type:
            return action
    raise NotAStep(f"{message_type} is not a message of the hub's workflow")


#: For each message type answered by a recorded one, the steps whose messages it answers.
def answered_steps(message_type: str) -> frozenset[str]:
    """The steps (or recorded types) whose message a recorded answer responds to."""
    rule = RECORDED.get(message_type)
    if rule is None or rule.answers is None:
        return frozenset()
    steps = {action for action, (mapped, _) in MESSAGES.items() if mapped == rule.answers}
    return frozenset(steps or {rule.answers})
