"""A request's history as a chain of OASIS EDXL-RM 1.0 messages.

Each event of the log maps to the message type that carries the same meaning; messages chain
by `OriginatingMessageID` (the request's first message) and `PrecedingMessageID` (the message
before it). Steps with no counterpart in EDXL-RM (raising a draft) send no message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from hub.domain.lifecycle import CommitmentAction, RequestAction

#: The message type for each step, and the per-resource response type where EDXL-RM has one.
MESSAGES: Mapping[str, tuple[str, str | None]] = {
    RequestAction.SUBMIT: ("RequestResource", None),
    RequestAction.UPDATE: ("RequestResource", None),
    RequestAction.OFFER: ("ResponseToRequestResource", "Provisional"),
    CommitmentAction.ACCEPT: ("RequisitionResource", "Accept"),
    CommitmentAction.DECLINE: ("ResponseToRequestResource", "Decline"),
    CommitmentAction.WITHDRAW: ("ResponseToRequestResource", "Decline"),
    RequestAction.CONFIRM: ("CommitResource", None),
    RequestAction.START: ("ReportResourceDeploymentStatus", None),
    RequestAction.EXTEND: ("RequestExtendedDeploymentDuration", None),
    CommitmentAction.RELEASE: ("ReleaseResource", None),
    RequestAction.COMPLETE: ("RequestReturn", None),
    RequestAction.CANCEL: ("ReleaseResource", None),
}


@dataclass(frozen=True, slots=True)
class Step:
    """One event of a request's log, as much of it as a message needs."""

    message_id: str
    action: str
    occurred_at: datetime
    sender: str | None


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


def message_chain(steps: Iterable[Step]) -> list[Message]:
    """The messages for a request's events, oldest first, chained to each other."""
    chain: list[Message] = []
    for step in steps:
        mapped = MESSAGES.get(step.action)
        if mapped is None:
            continue
        message_type, response_type = mapped
        chain.append(
            Message(
                message_id=step.message_id,
                message_type=message_type,
                response_type=response_type,
                originating_message_id=chain[0].message_id if chain else step.message_id,
                preceding_message_id=chain[-1].message_id if chain else None,
                sent_at=step.occurred_at,
                sender=step.sender,
            )
        )
    return chain
