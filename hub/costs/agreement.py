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

from hub.costs import rates as rate_sets
from hub.costs import report
from hub.costs.rates import Rates
from hub.costs.reads import Reads, Verdict, recheck, still_holds
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


#: How many write transactions a word tries before it is refused with STATEMENT_CHANGING.
ATTEMPTS = 3


@dataclass(frozen=True)
class _Priced:
    """The statement a word is on, priced, and what the pricing read."""

    reads: Reads
    operation_id: int
    statement: Statement


async def give_word(connection: AsyncConnection, word: Word, rates: Rates | None = None) -> Given:
    """Record the word on the statement from the providing to the requesting force, with its
    total as it now stands, once the providing force's statements reconcile with the
    operation's deployments.

    `connection` is in no transaction. The statements are priced in a read transaction on it;
    a short write transaction then checks that nothing priced has changed since
    (`hub.costs.reads`) and records the word. On SQLite, when anything at all was committed
    meanwhile, the write gives up the lock at once and the pricing's reads are run again
    outside it: the same rows, and it tries again; other rows, and the statements are priced
    again. On PostgreSQL, and on SQLite's last try, the write runs the reads again itself.
    After `ATTEMPTS` tries the word is refused with STATEMENT_CHANGING (give it again)."""
    if connection.in_transaction():
        raise ValueError("give_word runs its own transactions on the connection")
    rates = rates or rate_sets.standard_rates()  # the same rate set for every attempt
    priced: _Priced | None = None
    for attempt in range(1, ATTEMPTS + 1):
        if priced is None:
            priced = await _price(connection, word, rates)
        last = attempt == ATTEMPTS
        verdict, given = await _record(connection, word, priced, last=last)
        if given is not None:
            return given
        if not last and (verdict is Verdict.CHANGED or not await still_holds(priced.reads)):
            priced = None
    raise HubError(
        "STATEMENT_CHANGING",
        f"what the statement from {word.providing_force} to {word.requesting_force} prices "
        f"changed each time before the word could be recorded ({ATTEMPTS} tries: an import "
        "or other changes under way): nothing is recorded; give the word again",
    )


async def _record(
    connection: AsyncConnection, word: Word, priced: _Priced, *, last: bool
) -> tuple[Verdict, Given | None]:
    """In a write transaction: the word recorded if nothing priced has changed."""
    async with connection.begin() as transaction:
        await _lock(connection, word.operation)
        reads = priced.reads
        # SQLite's writer lock stops every write: it is held to read again only on the last
        # try, so that a word is given even while unrelated writes never stop.
        verdict = await recheck(connection, reads, reread=last or reads.version is None)
        if verdict is not Verdict.SAME:
            await transaction.rollback()
            return verdict, None
        chosen = priced.statement
        agreement = await record_agreement(
            connection,
            operation_id=priced.operation_id,
            providing_force_id=chosen.providing_force_id,
            requesting_force_id=chosen.requesting_force_id,
            status=word.status,
            total=chosen.total,
            note=word.note,
            recorded_by=word.recorded_by,
        )
        return verdict, Given(priced.operation_id, chosen, agreement)


async def _price(connection: AsyncConnection, word: Word, rates: Rates) -> _Priced:
    """The statement the word is on, priced in a read transaction, with the checks that refuse
    a word before anything is written."""
    reads = Reads(connection)
    async with connection.begin():
        await reads.begin()
        checked = await report.checked_with(reads.run, word.operation, word.providing_force, rates)
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
    return _Priced(reads, checked.costs.operation_id, chosen)


async def _lock(connection: AsyncConnection, operation: str) -> None:
    """One word at a time on an operation's statements, checked and recorded inside its
    transaction: the operation's row locked on PostgreSQL; SQLite's writer lock taken before
    any read."""
    if is_sqlite(connection.engine.url):
        await connection.exec_driver_sql("UPDATE cost_agreement SET id = id WHERE id = -1")
    else:
        o = m.Operation
        await connection.execute(select(o.id).where(o.code == operation).with_for_update())
