"""Checks on what a mutation asks for, before anything is written, and who may ask it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from enum import StrEnum

from hub.domain.lifecycle import CommitmentAction, RequestAction
from hub.errors import BadUserInput

MAX_QUANTITY = 10_000
MAX_DESCRIPTION = 2_000
#: Deployments longer than this are secondments, not mutual aid (DOMAIN.md).
MAX_DAYS = 56


class Party(StrEnum):
    """On whose behalf a step is taken: the force that raised the request, or that offers."""

    REQUESTER = "requester"
    PROVIDER = "provider"


#: Who may take each step of a commitment (a coordinator may take any).
COMMITMENT_PARTIES: Mapping[CommitmentAction, tuple[Party, ...]] = {
    CommitmentAction.ACCEPT: (Party.REQUESTER,),
    CommitmentAction.DECLINE: (Party.REQUESTER,),
    CommitmentAction.WITHDRAW: (Party.PROVIDER,),
    CommitmentAction.RELEASE: (Party.REQUESTER, Party.PROVIDER),
}
#: Who may take each step of a request: the host force, or a force that offers or provides.
REQUEST_PARTIES: Mapping[RequestAction, tuple[Party, ...]] = {
    **{
        action: (Party.REQUESTER,)
        for action in (
            RequestAction.RAISE,
            RequestAction.UPDATE,
            RequestAction.SUBMIT,
            RequestAction.FILL,
            RequestAction.CONFIRM,
            RequestAction.START,
            RequestAction.EXTEND,
            RequestAction.COMPLETE,
            RequestAction.CANCEL,
        )
    },
    RequestAction.OFFER: (Party.PROVIDER,),
    RequestAction.RELEASE: (Party.REQUESTER, Party.PROVIDER),
}


def permitted_to(parties: frozenset[Party] | None) -> Callable[[str], bool] | None:
    """Whether a caller writing as `parties` may take a step (None: a coordinator, any step)."""
    if parties is None:
        return None
    steps: dict[str, tuple[Party, ...]] = {
        **{action.value: who for action, who in REQUEST_PARTIES.items()},
        **{action.value: who for action, who in COMMITMENT_PARTIES.items()},
    }
    return lambda name: bool(parties.intersection(steps.get(name, ())))


#: Who may put officers on duty and stand them down.
DEPLOYMENT_PARTIES = (Party.REQUESTER, Party.PROVIDER)


def bad_input(field: str, message: str) -> BadUserInput:
    """A refused input value, naming the input field."""
    return BadUserInput("BAD_USER_INPUT", message, field=field)


def check_quantity(quantity: int, field: str = "quantity") -> None:
    """Quantities of officers are positive and plausible."""
    if quantity <= 0:
        raise bad_input(field, "the number of officers must be positive")
    if quantity > MAX_QUANTITY:
        raise bad_input(field, f"the number of officers must be at most {MAX_QUANTITY}")


def check_dates(starts_on: date, ends_on: date, field: str = "endsOn") -> None:
    """Dates are in order and span at most the mutual aid limit."""
    if ends_on < starts_on:
        raise bad_input(field, "the last day comes before the first")
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        raise bad_input(field, f"mutual aid lasts at most {MAX_DAYS} days (longer is secondment)")


def check_description(description: str) -> None:
    """Descriptions are bounded text."""
    if len(description) > MAX_DESCRIPTION:
        raise bad_input("description", f"the description is over {MAX_DESCRIPTION} characters")


def check_extension(starts_on: date, ends_on: date, new_ends_on: date) -> None:
    """An extension moves the last day later, within the mutual aid limit."""
    if new_ends_on <= ends_on:
        raise bad_input("endsOn", f"an extension must end after {ends_on.isoformat()}")
    check_dates(starts_on, new_ends_on)


def check_offer(requesting_force: str, providing_force: str, quantity: int) -> None:
    """A force offers a positive number of officers to another force's request."""
    if requesting_force == providing_force:
        raise bad_input("force", "a force does not offer mutual aid to its own request")
    check_quantity(quantity)


#: The longest shift a duty unit may work.
MAX_SHIFT_HOURS = 16


def check_shift(starts_at: datetime, ends_at: datetime, starts_on: date, ends_on: date) -> None:
    """A duty starts before it ends, lasts at most a long shift, and starts within the request."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise bad_input("startsAt", "give times with a timezone")
    if ends_at <= starts_at:
        raise bad_input("endsAt", "the duty ends before it starts")
    if ends_at - starts_at > timedelta(hours=MAX_SHIFT_HOURS):
        raise bad_input("endsAt", f"a duty lasts at most {MAX_SHIFT_HOURS} hours")
    if not starts_on <= starts_at.date() <= ends_on:
        raise bad_input("startsAt", "the duty starts outside the request's dates")


def check_unit_size(officers: int, committed: int, already: int) -> None:
    """A commitment's planning units hold at most the officers it committed."""
    if officers == 0:
        raise bad_input("officers", "a planning unit has at least one officer")
    if already + officers > committed:
        raise bad_input(
            "officers", f"the commitment has {committed - already} places left for officers"
        )


def check_stay(check_in: date, check_out: date, rooms: int, officers: int) -> None:
    """A stay of at least a night, with between one room and a room per officer."""
    if check_out <= check_in:
        raise bad_input("checkOut", "check-out comes after check-in")
    if (check_out - check_in).days > MAX_DAYS:
        raise bad_input("checkOut", f"a stay lasts at most {MAX_DAYS} nights")
    if not 1 <= rooms <= max(officers, 1):
        raise bad_input("rooms", f"book between 1 and {officers} rooms (one per officer)")


def check_journey(
    departs_at: datetime, arrives_at: datetime, seats: int, officers: int, route: tuple[str, str]
) -> None:
    """A journey arrives after it departs, somewhere else, with a seat per officer at most."""
    if departs_at.tzinfo is None or arrives_at.tzinfo is None:
        raise bad_input("departsAt", "give times with a timezone")
    if arrives_at <= departs_at:
        raise bad_input("arrivesAt", "the journey arrives before it departs")
    if route[0] == route[1]:
        raise bad_input("to", "the journey goes nowhere")
    if not 1 <= seats <= max(officers, 1):
        raise bad_input("seats", f"book between 1 and {officers} seats (one per officer)")
