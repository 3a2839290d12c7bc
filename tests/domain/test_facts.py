"""The status a request should have after an import, as a table of cases."""

from __future__ import annotations

import pytest

from hub.domain.facts import CONTRADICTED, OVERFILLED, RequestFacts, reconcile
from hub.standard.enums import RequestStatus as S


@pytest.mark.parametrize(
    ("stated", "quantity", "committed", "worked", "status", "code"),
    [
        (S.SUBMITTED, 2, 0, False, S.SUBMITTED, None),
        (S.SUBMITTED, 2, 1, False, S.PARTIALLY_FILLED, None),
        (S.SUBMITTED, 2, 2, False, S.FILLED, None),
        (S.SUBMITTED, 2, 2, True, S.IN_PROGRESS, None),
        (S.SUBMITTED, 2, 1, True, S.IN_PROGRESS, None),
        (S.DRAFT, 2, 0, False, S.DRAFT, None),
        (S.DRAFT, 2, 1, False, S.PARTIALLY_FILLED, CONTRADICTED),
        (S.FILLED, 2, 0, False, S.SUBMITTED, CONTRADICTED),
        (S.FILLED, 2, 2, False, S.FILLED, None),
        (S.CONFIRMED, 2, 2, False, S.CONFIRMED, None),
        (S.CONFIRMED, 2, 1, False, S.PARTIALLY_FILLED, CONTRADICTED),
        (S.CONFIRMED, 2, 2, True, S.IN_PROGRESS, None),
        (S.IN_PROGRESS, 2, 0, False, S.SUBMITTED, CONTRADICTED),
        (S.COMPLETED, 2, 2, True, S.COMPLETED, None),
        (S.COMPLETED, 2, 0, True, S.COMPLETED, None),
        (S.COMPLETED, 2, 0, False, S.SUBMITTED, CONTRADICTED),
        (S.CANCELLED, 2, 2, True, S.CANCELLED, None),
        (S.SUBMITTED, 2, 3, False, S.FILLED, OVERFILLED),
    ],
)
def test_reconcile(
    stated: S, quantity: int, committed: int, worked: bool, status: S, code: str | None
) -> None:
    verdict = reconcile(RequestFacts(stated, quantity, committed, worked))
    assert (verdict.status, verdict.code) == (status, code)
    assert (verdict.message is None) == (code is None)
