"""Rules across records, checked once a file is written: each finding goes in the report.

The request statuses a file states are set from its commitments and deployments (and a
contradiction reported); the duties it gives officers are checked against the roster rules.
The rules themselves are in `hub.domain`, their SQL in `hub.store`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Row, bindparam
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Executable

from hub.adapters.report import ImportReport, Reject
from hub.config import Settings
from hub.domain.facts import RequestFacts, reconcile
from hub.domain.roster import row_conflicts
from hub.standard.enums import RequestStatus
from hub.store.capacity import for_checks
from hub.store.request_status import request_facts, set_statuses
from hub.store.roster import batch_officers, duty_reads

STATUS_FACTS = frozenset({"mutual_aid_request", "commitment", "deployment"})


async def check_written(
    connection: AsyncConnection, batch_id: int, report: ImportReport, adapter: Any = None
) -> None:
    """Statuses of the requests the batch touched, then the duties it gave officers (each
    only when the adapter writes what it depends on; a custom adapter may write anything)."""
    writes = _entities(adapter)
    statuses = writes is None or bool(writes & STATUS_FACTS)
    rosters = writes is None or "deployment" in writes
    if not (statuses or rosters):
        return
    async with for_checks(connection):
        if statuses:
            await _statuses(connection, batch_id, report)
        if rosters:
            await _rosters(connection, batch_id, report)


def _entities(adapter: Any) -> frozenset[str] | None:
    """The entities a mapping adapter writes; None when that is not known."""
    mapping = getattr(getattr(adapter, "compiled", None), "mapping", None)
    if mapping is None:
        return None
    return frozenset(output.entity for output in mapping.records)


@lru_cache(maxsize=4)
def _min_rest(environment: frozenset[tuple[str, str]]) -> timedelta:
    """The minimum rest the settings give, for the hub's environment variables (all that the
    settings read): read once for them, not for each file (Settings() takes about 3 ms)."""
    return timedelta(hours=Settings().roster_min_rest_hours)


@lru_cache(maxsize=4)
def _roster_reads(rest: timedelta) -> tuple[Executable, Executable]:
    """The roster reads of the batch named by the parameter `batch_id`, built once for each
    minimum rest (about 3 ms of Python a file otherwise)."""
    return duty_reads(batch_officers(bindparam("batch_id", type_=Integer)), near=rest)


async def _rosters(connection: AsyncConnection, batch_id: int, report: ImportReport) -> None:
    """Each roster conflict a deployment of the batch is part of, at that deployment's line."""

    async def fetch(statement: Executable) -> Sequence[Row[Any]]:
        return (await connection.execute(statement, {"batch_id": batch_id})).all()

    rest = _min_rest(frozenset((k, v) for k, v in os.environ.items() if k.upper()[:4] == "HUB_"))
    reads = _roster_reads(rest)
    duties, windows = await fetch(reads[0]), await fetch(reads[1])
    for conflict, row, other in row_conflicts(duties, windows, rest):
        here = row if row.source_batch_id == batch_id else other
        if here is None or here.source_batch_id != batch_id:
            continue
        report.add_finding(
            Reject(
                file=report.file,
                line=here.source_line,
                path=here.source_path,
                field="dutyUnit",
                value=conflict.duty.reference,
                code=conflict.code,
                message=conflict.message(),
            )
        )


#: `reconcile` remembered: a file's requests share few distinct facts (COP26: 21,600 judged).
_judge = lru_cache(maxsize=1024)(reconcile)


def first_status(row: dict[str, Any]) -> None:
    """Give a new request's row the status `_statuses` would give it after its file, with no
    commitment and no duty worked: none can name a request not stored before, but one of the
    same batch (those `_statuses` then counts, setting the status again). Written so, a new
    request is not inserted, then updated (COP26: 7,200 requests, most of them updated so;
    0.66 s of PostgreSQL's time in the request files)."""
    stated, quantity = row.get("stated_status"), row.get("quantity")
    if stated is not None and quantity is not None:
        facts = RequestFacts(RequestStatus(stated), quantity, 0, False)
        row["status"] = _judge(facts).status.value


async def _statuses(connection: AsyncConnection, batch_id: int, report: ImportReport) -> None:
    """Each request the batch touched gets the status its facts support; contradictions noted.

    A request this batch wrote is judged by what its file stated; another by the status it has
    (the workflow may have moved it on since it was imported)."""
    changes: list[tuple[int, str]] = []
    for row in await request_facts(connection, batch_id):
        written = row.source_batch_id == batch_id and row.stated_status is not None
        stated = RequestStatus(row.stated_status if written else row.status)
        verdict = _judge(RequestFacts(stated, row.quantity, int(row.committed), row.worked))
        if verdict.status != row.status:
            changes.append((row.id, verdict.status.value))
        if verdict.code is not None and verdict.message is not None:
            report.add_finding(
                Reject(
                    file=row.file_name or report.file,
                    line=row.source_line,
                    path=row.source_path,
                    field="status",
                    value=stated.value,
                    code=verdict.code,
                    message=f"request {row.reference}: {verdict.message}",
                )
            )
    await set_statuses(connection, changes)
