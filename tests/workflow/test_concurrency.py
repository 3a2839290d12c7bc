"""Twenty acceptances at once against a request with fewer open places: exactly the places
are filled, never more, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from sqlalchemy import func, select

from hub.store import models as m
from tests.workflow.conftest import Workflow, offer, step

DONORS = ["metropolitan", "greater-manchester", "kent", "west-yorkshire", "thames-valley"]


@pytest.mark.parametrize(("places", "each", "accepted"), [(5, 1, 5), (7, 2, 3)])
async def test_simultaneous_acceptances_never_overfill(
    workflow: Workflow, places: int, each: int, accepted: int
) -> None:
    w = workflow
    request = await w.raise_submitted(places)
    offers = [
        await w.ok("coordinator", "offerCommitment", offer(request, each, DONORS[i % 5]))
        for i in range(20)
    ]
    results = await asyncio.gather(
        *(w.mutate("host", "acceptCommitment", step(commitment)) for commitment in offers)
    )
    outcomes = Counter(
        "ok" if "errors" not in result else result["errors"][0]["extensions"]["code"]
        for result in results
    )
    assert outcomes["ok"] == accepted
    assert set(outcomes) <= {"ok", "ILLEGAL_TRANSITION", "CAPACITY_EXCEEDED"}
    async with w.graph.engine.connect() as connection:
        c = m.Commitment
        placed = await connection.scalar(select(func.sum(c.quantity)).where(c.status == "ACCEPTED"))
        status = await connection.scalar(select(m.MutualAidRequest.status))
        fills = await connection.scalar(
            select(func.count())
            .select_from(m.RequestEvent)
            .where(m.RequestEvent.action == "ACCEPT")
        )
    assert placed == accepted * each <= places
    assert status == ("FILLED" if placed == places else "PARTIALLY_FILLED")
    assert fills == accepted
