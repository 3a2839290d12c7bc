"""A request's status against the facts: what its commitments and deployments say happened.

An import states a status for each request (often just SUBMITTED), and brings commitments and
deployments that may say more: offers accepted, officers on duty. The status stored is the one
the facts support; a stated status the facts contradict is reported, not stored.

- A cancelled request stays cancelled.
- Units in accepted or released commitments fill the request (SUBMITTED, PARTIALLY_FILLED,
  FILLED); officers who worked a duty put it IN_PROGRESS.
- A stated status below what the facts show is brought up to them (a SUBMITTED request whose
  offers were accepted is FILLED). A stated status above them needs its own facts: CONFIRMED
  needs the request filled; IN_PROGRESS and COMPLETED need at least a commitment or a duty
  worked; a filling state needs the commitments it claims. Otherwise it is a contradiction.
- More units committed than asked for is a contradiction; the request counts as filled.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.domain.lifecycle import Fill, fill_status
from hub.standard.enums import RequestStatus

_S = RequestStatus
#: The order a request passes through its states (CANCELLED stands apart).
ORDER = (
    _S.DRAFT,
    _S.SUBMITTED,
    _S.PARTIALLY_FILLED,
    _S.FILLED,
    _S.CONFIRMED,
    _S.IN_PROGRESS,
    _S.COMPLETED,
)
FILLING = frozenset({_S.SUBMITTED, _S.PARTIALLY_FILLED, _S.FILLED})
OVERFILLED = "REQUEST_OVERFILLED"
CONTRADICTED = "REQUEST_STATUS_CONTRADICTED"


@dataclass(frozen=True, slots=True)
class RequestFacts:
    """What is stored about a request: the status stated, units asked for and committed."""

    stated: RequestStatus
    quantity: int
    committed: int  # units in accepted or released commitments
    worked: bool  # some officer was on duty for it (on duty, completed or stood down)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The status to store, and the contradiction found (a code and a message), if any."""

    status: RequestStatus
    code: str | None = None
    message: str | None = None


def shown(facts: RequestFacts) -> RequestStatus:
    """The furthest state the facts alone show."""
    if facts.worked:
        return _S.IN_PROGRESS
    return fill_status(Fill(facts.quantity, min(facts.committed, facts.quantity)))


def reconcile(facts: RequestFacts) -> Verdict:
    """The status a request should have, given what was stated and what the facts show."""
    stated = facts.stated
    if stated is _S.CANCELLED:
        return Verdict(stated)
    if facts.committed > facts.quantity:
        message = f"commitments hold {facts.committed} units of a request for {facts.quantity}"
        return Verdict(max(stated, shown(facts), key=ORDER.index), OVERFILLED, message)
    facts_show = shown(facts)
    if _supported(stated, facts, facts_show):
        if stated is _S.DRAFT:  # a draft nobody has answered stays a draft
            return Verdict(stated)
        return Verdict(max(stated, facts_show, key=ORDER.index))
    message = (
        f"stated {stated.value}, but its commitments and deployments show {facts_show.value} "
        f"({facts.committed} of {facts.quantity} units committed"
        f"{', duties worked' if facts.worked else ', no duty worked'})"
    )
    return Verdict(facts_show, CONTRADICTED, message)


def _supported(stated: RequestStatus, facts: RequestFacts, facts_show: RequestStatus) -> bool:
    """Whether the facts allow the stated status (a status below them always is)."""
    if ORDER.index(stated) <= ORDER.index(facts_show):
        return stated is not _S.DRAFT or (facts.committed == 0 and not facts.worked)
    if stated in FILLING:
        return False
    if stated is _S.CONFIRMED:
        return facts.committed >= facts.quantity
    return facts.committed > 0 or facts.worked  # IN_PROGRESS, COMPLETED
