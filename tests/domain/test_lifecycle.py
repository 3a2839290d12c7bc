"""The state machine, every state against every action: the table below is the specification."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hub.domain.edxl import Step, message_chain
from hub.domain.lifecycle import (
    CapacityExceeded,
    CommitmentAction,
    Fill,
    IllegalTransition,
    RequestAction,
    fill_status,
    next_commitment_status,
    next_request_status,
)
from hub.domain.rules import check_dates, check_extension, check_offer, check_quantity
from hub.errors import BadUserInput
from hub.standard.enums import CommitmentStatus as C
from hub.standard.enums import RequestStatus as R

A = RequestAction
#: A fill that leaves the request partly filled: the filling steps lead there.
PART = Fill(quantity=10, placed=4)
#: (state, action) -> state after it, for a fill of PART; pairs not listed are illegal.
REQUEST_TABLE: dict[tuple[R, A], R] = {
    (R.DRAFT, A.UPDATE): R.DRAFT,
    (R.DRAFT, A.SUBMIT): R.SUBMITTED,
    (R.DRAFT, A.CANCEL): R.CANCELLED,
    **{
        (state, action): R.PARTIALLY_FILLED
        for state in (R.SUBMITTED, R.PARTIALLY_FILLED)
        for action in (A.UPDATE, A.FILL, A.RELEASE)
    },
    **{(state, A.OFFER): state for state in (R.SUBMITTED, R.PARTIALLY_FILLED)},
    (R.FILLED, A.UPDATE): R.PARTIALLY_FILLED,
    (R.FILLED, A.RELEASE): R.PARTIALLY_FILLED,
    (R.FILLED, A.CONFIRM): R.CONFIRMED,
    (R.CONFIRMED, A.START): R.IN_PROGRESS,
    (R.CONFIRMED, A.RELEASE): R.CONFIRMED,
    (R.IN_PROGRESS, A.RELEASE): R.IN_PROGRESS,
    (R.IN_PROGRESS, A.COMPLETE): R.COMPLETED,
    **{
        (state, A.EXTEND): state
        for state in (R.SUBMITTED, R.PARTIALLY_FILLED, R.FILLED, R.CONFIRMED, R.IN_PROGRESS)
    },
    **{
        (state, A.CANCEL): R.CANCELLED
        for state in (R.SUBMITTED, R.PARTIALLY_FILLED, R.FILLED, R.CONFIRMED, R.IN_PROGRESS)
    },
}
CA = CommitmentAction
COMMITMENT_TABLE: dict[tuple[C, CA], C] = {
    (C.OFFERED, CA.ACCEPT): C.ACCEPTED,
    (C.OFFERED, CA.DECLINE): C.DECLINED,
    (C.OFFERED, CA.WITHDRAW): C.WITHDRAWN,
    (C.ACCEPTED, CA.RELEASE): C.RELEASED,
}


@pytest.mark.parametrize(("state", "action"), [(s, a) for s in R for a in A])
def test_request_transitions(state: R, action: A) -> None:
    expected = REQUEST_TABLE.get((state, action))
    if expected is not None:
        assert next_request_status(state, action, PART) is expected
        return
    with pytest.raises(IllegalTransition) as raised:
        next_request_status(state, action, PART)
    allowed = [a.value for a in A if (state, a) in REQUEST_TABLE]
    assert raised.value.code == "ILLEGAL_TRANSITION"
    assert raised.value.location["currentState"] == state.value
    assert sorted(raised.value.location["allowed"]) == sorted(allowed)


@pytest.mark.parametrize(("state", "action"), [(s, a) for s in C for a in CA])
def test_commitment_transitions(state: C, action: CA) -> None:
    expected = COMMITMENT_TABLE.get((state, action))
    if expected is not None:
        assert next_commitment_status(state, action) is expected
        return
    with pytest.raises(IllegalTransition) as raised:
        next_commitment_status(state, action)
    assert raised.value.location["currentState"] == state.value


@pytest.mark.parametrize(
    ("quantity", "placed", "expected"),
    [(5, 0, R.SUBMITTED), (5, 1, R.PARTIALLY_FILLED), (5, 4, R.PARTIALLY_FILLED), (5, 5, R.FILLED)],
)
def test_fill_levels(quantity: int, placed: int, expected: R) -> None:
    assert fill_status(Fill(quantity, placed)) is expected


def test_overfilling_is_refused() -> None:
    with pytest.raises(CapacityExceeded) as raised:
        fill_status(Fill(quantity=5, placed=7))
    assert raised.value.code == "CAPACITY_EXCEEDED"


def test_every_state_is_reachable_from_a_draft() -> None:
    seen, frontier = {R.DRAFT}, [R.DRAFT]
    fills = [Fill(10, 0), Fill(10, 4), Fill(10, 10)]
    while frontier:
        state = frontier.pop()
        for action in A:
            for fill in fills:
                try:
                    target = next_request_status(state, action, fill)
                except IllegalTransition:
                    continue
                if target not in seen:
                    seen.add(target)
                    frontier.append(target)
    assert seen == set(R)


D = date(2026, 11, 1)


@pytest.mark.parametrize(
    ("check", "field"),
    [
        (lambda: check_quantity(0), "quantity"),
        (lambda: check_quantity(-3), "quantity"),
        (lambda: check_quantity(10_001), "quantity"),
        (lambda: check_dates(D, date(2026, 10, 31)), "endsOn"),
        (lambda: check_dates(D, date(2027, 1, 1)), "endsOn"),
        (lambda: check_extension(D, date(2026, 11, 5), date(2026, 11, 5)), "endsOn"),
        (lambda: check_offer("metropolitan", "metropolitan", 4), "force"),
        (lambda: check_offer("metropolitan", "kent", 0), "quantity"),
    ],
)
def test_bad_inputs_name_their_field(check: object, field: str) -> None:
    with pytest.raises(BadUserInput) as raised:
        check()  # type: ignore[operator]
    assert raised.value.code == "BAD_USER_INPUT"
    assert raised.value.location["field"] == field


def test_history_chains_as_edxl_messages() -> None:
    at = datetime(2026, 11, 1, tzinfo=UTC)
    actions = ["RAISE", "SUBMIT", "OFFER", "ACCEPT", "CONFIRM", "EXTEND", "RELEASE", "COMPLETE"]
    steps = [Step(f"m{i}", action, at, "police-scotland") for i, action in enumerate(actions)]
    chain = message_chain(steps)
    assert [m.message_type for m in chain] == [
        "RequestResource",
        "ResponseToRequestResource",
        "RequisitionResource",
        "CommitResource",
        "RequestExtendedDeploymentDuration",
        "ReleaseResource",
        "RequestReturn",
    ]
    assert {m.originating_message_id for m in chain} == {"m1"}
    assert [m.preceding_message_id for m in chain] == [None, "m1", "m2", "m3", "m4", "m5", "m6"]
