"""The lifecycle of mutual aid requests and commitments: one state machine, as tables.

A request is raised as a draft, submitted, filled by accepted commitments, confirmed, put in
progress and completed; it may be cancelled from any open state. A commitment is offered by a
providing force, then accepted or declined by the requesting force, or withdrawn by its
provider; an accepted commitment is released when its officers go home. The EDXL-RM message
each step corresponds to is in `hub.domain.edxl`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from hub.errors import HubError
from hub.standard.enums import CommitmentStatus, DeploymentStatus, RequestStatus


class RequestAction(StrEnum):
    """What can happen to a request (each a mutation, or the effect of one on a commitment)."""

    RAISE = "RAISE"
    UPDATE = "UPDATE"
    SUBMIT = "SUBMIT"
    OFFER = "OFFER"
    FILL = "FILL"
    RELEASE = "RELEASE"
    CONFIRM = "CONFIRM"
    START = "START"
    EXTEND = "EXTEND"
    COMPLETE = "COMPLETE"
    CANCEL = "CANCEL"


class CommitmentAction(StrEnum):
    """What can happen to a commitment once offered."""

    ACCEPT = "ACCEPT"
    DECLINE = "DECLINE"
    WITHDRAW = "WITHDRAW"
    RELEASE = "RELEASE"


class Derived(StrEnum):
    """Targets that depend on more than the current state."""

    UNCHANGED = "UNCHANGED"
    BY_FILL = "BY_FILL"


Target = RequestStatus | Derived
_S = RequestStatus
_FILLING: dict[RequestAction, Target] = {
    RequestAction.UPDATE: Derived.BY_FILL,
    RequestAction.RELEASE: Derived.BY_FILL,
    RequestAction.EXTEND: Derived.UNCHANGED,
    RequestAction.CANCEL: _S.CANCELLED,
}

#: The request state machine: for each state, the actions allowed and where they lead.
REQUEST_TRANSITIONS: Mapping[RequestStatus, Mapping[RequestAction, Target]] = {
    _S.DRAFT: {
        RequestAction.UPDATE: Derived.UNCHANGED,
        RequestAction.SUBMIT: _S.SUBMITTED,
        RequestAction.CANCEL: _S.CANCELLED,
    },
    _S.SUBMITTED: {
        **_FILLING,
        RequestAction.OFFER: Derived.UNCHANGED,
        RequestAction.FILL: Derived.BY_FILL,
    },
    _S.PARTIALLY_FILLED: {
        **_FILLING,
        RequestAction.OFFER: Derived.UNCHANGED,
        RequestAction.FILL: Derived.BY_FILL,
    },
    _S.FILLED: {**_FILLING, RequestAction.CONFIRM: _S.CONFIRMED},
    _S.CONFIRMED: {
        RequestAction.START: _S.IN_PROGRESS,
        RequestAction.RELEASE: Derived.UNCHANGED,
        RequestAction.EXTEND: Derived.UNCHANGED,
        RequestAction.CANCEL: _S.CANCELLED,
    },
    _S.IN_PROGRESS: {
        RequestAction.RELEASE: Derived.UNCHANGED,
        RequestAction.EXTEND: Derived.UNCHANGED,
        RequestAction.COMPLETE: _S.COMPLETED,
        RequestAction.CANCEL: _S.CANCELLED,
    },
    _S.COMPLETED: {},
    _S.CANCELLED: {},
}

_C = CommitmentStatus
#: The commitment state machine.
COMMITMENT_TRANSITIONS: Mapping[CommitmentStatus, Mapping[CommitmentAction, CommitmentStatus]] = {
    _C.OFFERED: {
        CommitmentAction.ACCEPT: _C.ACCEPTED,
        CommitmentAction.DECLINE: _C.DECLINED,
        CommitmentAction.WITHDRAW: _C.WITHDRAWN,
    },
    _C.ACCEPTED: {CommitmentAction.RELEASE: _C.RELEASED},
    _C.DECLINED: {},
    _C.WITHDRAWN: {},
    _C.RELEASED: {},
}

#: What a commitment's step does to its request (None: nothing, the request just has to exist).
REQUEST_EFFECT: Mapping[CommitmentAction, RequestAction | None] = {
    CommitmentAction.ACCEPT: RequestAction.FILL,
    CommitmentAction.DECLINE: None,
    CommitmentAction.WITHDRAW: None,
    CommitmentAction.RELEASE: RequestAction.RELEASE,
}

#: Commitments in these states hold places of their request.
HOLDS_PLACES = frozenset({_C.ACCEPTED})
#: A request in these states takes offers of officers.
OPEN_TO_OFFERS = frozenset(
    s for s, moves in REQUEST_TRANSITIONS.items() if RequestAction.OFFER in moves
)
#: Terminal states: nothing more happens.
FINISHED = frozenset(s for s, moves in REQUEST_TRANSITIONS.items() if not moves)


class IllegalTransition(HubError):
    """The record's current state does not allow the step asked for."""

    def __init__(self, record: str, current: str, action: str, allowed: list[str]) -> None:
        listed = ", ".join(allowed) or "nothing (the state is final)"
        super().__init__(
            "ILLEGAL_TRANSITION",
            f"a {record} that is {current} cannot {action}; allowed: {listed}",
            currentState=current,
            action=action,
            allowed=allowed,
        )


class CapacityExceeded(HubError):
    """Accepting would place more officers than the request asks for."""

    def __init__(self, open_places: int, wanted: int) -> None:
        super().__init__(
            "CAPACITY_EXCEEDED",
            f"the request has {open_places} open places; this needs {wanted}",
            openPlaces=open_places,
        )


@dataclass(frozen=True, slots=True)
class Fill:
    """How many officers a request asks for, and how many accepted commitments place."""

    quantity: int
    placed: int

    @property
    def open_places(self) -> int:
        return max(self.quantity - self.placed, 0)


def fill_status(fill: Fill) -> RequestStatus:
    """The filling state for a fill level; more placed than asked for is refused."""
    if fill.placed > fill.quantity:
        raise CapacityExceeded(fill.open_places, fill.placed - fill.quantity)
    if fill.placed == 0:
        return RequestStatus.SUBMITTED
    if fill.placed < fill.quantity:
        return RequestStatus.PARTIALLY_FILLED
    return RequestStatus.FILLED


#: Whether the caller may take an action (by its name); None: any action.
Permitted = Callable[[str], bool] | None


def allowed_request_actions(current: RequestStatus, permitted: Permitted = None) -> list[str]:
    """The actions a request in this state allows (those the caller may take), in order."""
    names = [action.value for action in REQUEST_TRANSITIONS[current]]
    return [name for name in names if permitted is None or permitted(name)]


def next_request_status(
    current: RequestStatus,
    action: RequestAction,
    fill: Fill | None = None,
    permitted: Permitted = None,
) -> RequestStatus:
    """Where `action` takes a request that is `current` (with its fill, where that decides).

    A refusal lists the actions the state allows that the caller may take (`permitted`)."""
    moves = REQUEST_TRANSITIONS[current]
    target = moves.get(action)
    if target is None:
        raise IllegalTransition(
            "request", current.value, action.value, allowed_request_actions(current, permitted)
        )
    if target is Derived.UNCHANGED:
        return current
    if target is Derived.BY_FILL:
        if fill is None:
            raise ValueError(f"{action} needs the request's fill")
        return fill_status(fill)
    return RequestStatus(target)


def next_commitment_status(
    current: CommitmentStatus, action: CommitmentAction, permitted: Permitted = None
) -> CommitmentStatus:
    """Where `action` takes a commitment that is `current` (refusals list what the caller may)."""
    moves = COMMITMENT_TRANSITIONS[current]
    target = moves.get(action)
    if target is None:
        allowed = [move.value for move in moves if permitted is None or permitted(move.value)]
        raise IllegalTransition("commitment", current.value, action.value, allowed)
    return target


class DeploymentAction(StrEnum):
    """What can happen to an officer's deployment on a duty."""

    DEPLOY = "DEPLOY"
    STAND_DOWN = "STAND_DOWN"


_D = DeploymentStatus
#: The deployment state machine (planned duties are cancelled with their request).
DEPLOYMENT_TRANSITIONS: Mapping[DeploymentStatus, Mapping[DeploymentAction, DeploymentStatus]] = {
    _D.PLANNED: {DeploymentAction.DEPLOY: _D.ON_DUTY},
    _D.ON_DUTY: {DeploymentAction.STAND_DOWN: _D.STOOD_DOWN},
    _D.STOOD_DOWN: {},
    _D.COMPLETED: {},
    _D.CANCELLED: {},
}


def next_deployment_status(current: DeploymentStatus, action: DeploymentAction) -> DeploymentStatus:
    """Where `action` takes a deployment that is `current`."""
    moves = DEPLOYMENT_TRANSITIONS[current]
    target = moves.get(action)
    if target is None:
        allowed = [move.value for move in moves]
        raise IllegalTransition("deployment", current.value, action.value, allowed)
    return target
