"""What a requesting force said of a statement: agreed or disputed, for which total.

`give_word` holds the rules for `hub costs agree|dispute` and for the `agreeCostStatement` and
`disputeCostStatement` mutations alike (docs/costs.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.costs.rates import Rates
from hub.costs.report import checked_costs
from hub.costs.statements import Statement
from hub.errors import HubError
from hub.store import models as m
from hub.store.engine import is_sqlite
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
) -> Agreement:
    """Record the word on a statement, replacing any earlier one (in the caller's transaction)."""
    a = m.CostAgreement
    recorded_at = utcnow()
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
            recorded_at=recorded_at,
        )
    )
    return Agreement(status, total, note, recorded_by, recorded_at)


@dataclass(frozen=True)
class Word:
    """What `give_word` asks: the statement, the word, and what the caller saw of it."""

    operation: str
    providing_force: str
    requesting_force: str
    status: AgreementStatus
    note: str
    recorded_by: str
    #: The total the caller read; another total now is TOTAL_CHANGED (None: any total).
    expected_total: Decimal | None = None


@dataclass(frozen=True)
class Given:
    """The statement as priced when the word was recorded, and the word."""

    operation_id: int
    statement: Statement
    agreement: Agreement


async def give_word(connection: AsyncConnection, word: Word, rates: Rates | None = None) -> Given:
    """Price the providing force's statements of the operation in the caller's transaction,
    check they reconcile with its deployments, and record the word on the one statement from
    the providing to the requesting force with its total as it now stands."""
    await _lock(connection, word.operation)
    checked = await checked_costs(connection, word.operation, word.providing_force, rates)
    check = checked.reconciliation
    if not check.ok:
        raise HubError(
            "STATEMENTS_DO_NOT_RECONCILE",
            f"the statements of {word.providing_force} do not reconcile with the operation's "
            f"deployments: priced twice {list(check.priced_twice)}, missed "
            f"{list(check.missed)}, not in the operation {list(check.unexpected)}",
        )
    ids = {code: pk for pk, code in checked.codes.items()}
    key = (ids.get(word.providing_force), ids.get(word.requesting_force))
    chosen = next((s for s in checked.costs.statements if s.key == key), None)
    if chosen is None:
        raise HubError(
            "NOT_FOUND",
            f"no statement from {word.providing_force} to {word.requesting_force} "
            f"for {word.operation}",
        )
    if word.expected_total is not None and word.expected_total != chosen.total:
        raise HubError(
            "TOTAL_CHANGED",
            f"the statement's total is now {chosen.total}, not {word.expected_total}: "
            "read it again",
            field="expectedTotal",
            currentTotal=str(chosen.total),
        )
    agreement = await record_agreement(
        connection,
        operation_id=checked.costs.operation_id,
        providing_force_id=chosen.providing_force_id,
        requesting_force_id=chosen.requesting_force_id,
        status=word.status,
        total=chosen.total,
        note=word.note,
        recorded_by=word.recorded_by,
    )
    return Given(checked.costs.operation_id, chosen, agreement)


async def _lock(connection: AsyncConnection, operation: str) -> None:
    """One word at a time on an operation's statements, each priced inside its transaction:
    the operation's row locked on PostgreSQL; SQLite's writer lock taken before any read."""
    if is_sqlite(connection.engine.url):
        await connection.exec_driver_sql("UPDATE cost_agreement SET id = id WHERE id = -1")
    else:
        o = m.Operation
        await connection.execute(select(o.id).where(o.code == operation).with_for_update())
