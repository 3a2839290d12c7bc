"""What a requesting force said of a statement: agreed or disputed, for which total."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.store import models as m
from hub.store.types import utcnow


class AgreementStatus(StrEnum):
    """The word recorded on a statement."""

    AGREED = "AGREED"
    DISPUTED = "DISPUTED"


@dataclass(frozen=True)
class Agreement:
    """The latest word on a statement, and the total it was given for."""

    status: AgreementStatus
    total: Decimal
    note: str
    recorded_by: str
    recorded_at: datetime


def agreement_of(row: Any) -> Agreement:
    """An agreement from a `cost_agreement` row."""
    return Agreement(
        AgreementStatus(row.status),
        Decimal(row.total_pence).scaleb(-2),
        row.note,
        row.recorded_by,
        row.recorded_at,
    )


async def record_agreement(
    connection: AsyncConnection,
    *,
    operation_id: int,
    providing_force_id: int,
    requesting_force_id: int,
    status: AgreementStatus,
    total: Decimal,
    note: str,
    recorded_by: str,
) -> None:
    """Record the word on a statement, replacing any earlier one (in the caller's transaction)."""
    a = m.CostAgreement
    await connection.execute(
        delete(a).where(
            a.operation_id == operation_id,
            a.providing_force_id == providing_force_id,
            a.requesting_force_id == requesting_force_id,
        )
    )
    await connection.execute(
        insert(a).values(
            operation_id=operation_id,
            providing_force_id=providing_force_id,
            requesting_force_id=requesting_force_id,
            status=status.value,
            total_pence=int(total.scaleb(2)),
            note=note,
            recorded_by=recorded_by,
            recorded_at=utcnow(),
        )
    )
