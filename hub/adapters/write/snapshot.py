"""Snapshot imports: a file that is a force's full list of officers withdraws those it omits.

After such a file is written, every stored officer of a force the file names, and that the file
does not name, is marked withdrawn (`withdrawn_at`, with the import's batch): not deleted, so
deployments and costs that name the officer stay whole. An officer a later full list names
again is reinstated. Officers named only by rosters (provisional) and stand-ins left by
retention are not HR's to withdraw. Nothing is withdrawn from a file any record of which was
rejected (a rejected row may be an officer still serving): the report says why
(SNAPSHOT_NOT_APPLIED), and the next clean full list applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.adapters.report import ImportReport, Reject
from hub.store import models as m
from hub.store.types import utcnow


async def apply_snapshot(
    connection: AsyncConnection,
    batch_id: int,
    entity: str,
    seen: Iterable[tuple[str, str]],
    report: ImportReport,
) -> None:
    """Withdraw the officers of the file's forces it does not name; reinstate those it does."""
    named = set(seen)
    if report.rejected or report.error is not None:
        report.add_finding(
            Reject(
                report.file,
                None,
                None,
                None,
                None,
                "SNAPSHOT_NOT_APPLIED",
                f"the file is a full list of {entity} records, but {report.rejected} of its "
                "records were rejected: nobody was withdrawn (fix them and import it again)",
            )
        )
        return
    if not named:
        report.add_finding(
            Reject(
                report.file,
                None,
                None,
                None,
                None,
                "SNAPSHOT_NOT_APPLIED",
                f"the file is a full list of {entity} records but names none: nobody was withdrawn",
            )
        )
        return
    o, f = m.Officer, m.Force
    forces = sorted({force for force, _number in named})
    stored = await connection.execute(
        select(o.id, f.code, o.service_number, o.withdrawn_at)
        .join(f, f.id == o.force_id)
        .where(
            f.code.in_(bindparam("forces", expanding=True)),
            o.provisional.is_(False),
            o.identity_erased_at.is_(None),
        )
        .order_by(f.code, o.service_number),
        {"forces": forces},
    )
    withdraw: list[int] = []
    reinstate: list[int] = []
    for pk, force, number, withdrawn_at in stored:
        if (force, number) in named:
            if withdrawn_at is not None:
                reinstate.append(pk)
        elif withdrawn_at is None:
            withdraw.append(pk)
            report.add_withdrawal(
                Reject(
                    report.file,
                    None,
                    None,
                    "serviceNumber",
                    number,
                    "RECORD_WITHDRAWN",
                    f"officer {number} of {force} is not in this full list: marked withdrawn",
                )
            )
    table: Any = o.__table__
    if withdraw:
        await connection.execute(
            update(table)
            .where(table.c.id == bindparam("pk"))
            .values(withdrawn_at=utcnow(), withdrawn_batch_id=batch_id),
            [{"pk": pk} for pk in withdraw],
        )
    if reinstate:
        await connection.execute(
            update(table)
            .where(table.c.id == bindparam("pk"))
            .values(withdrawn_at=None, withdrawn_batch_id=None),
            [{"pk": pk} for pk in reinstate],
        )
    if withdraw:
        report.withdrawn[entity] = report.withdrawn.get(entity, 0) + len(withdraw)
    if reinstate:
        report.reinstated[entity] = report.reinstated.get(entity, 0) + len(reinstate)
