"""Rules across records, checked once a file is written: each finding goes in the report.

The request statuses a file states are set from its commitments and deployments (and a
contradiction reported); the duties it gives officers are checked against the roster rules.
The rules themselves are in `hub.domain`, their SQL in `hub.store`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Executable

from hub.adapters.report import ImportReport, Reject
from hub.config import Settings
from hub.store.request_status import reconcile_statuses
from hub.store.roster import batch_officers, officer_conflicts


async def check_written(connection: AsyncConnection, batch_id: int, report: ImportReport) -> None:
    """Statuses of the requests the batch touched, then the duties it gave officers."""
    await _statuses(connection, batch_id, report)
    await _rosters(connection, batch_id, report)


async def _rosters(connection: AsyncConnection, batch_id: int, report: ImportReport) -> None:
    """Each roster conflict a deployment of the batch is part of, at that deployment's line."""

    async def fetch(statement: Executable) -> Sequence[Row[Any]]:
        return (await connection.execute(statement)).all()

    rest = timedelta(hours=Settings().roster_min_rest_hours)
    for conflict, placed, other in await officer_conflicts(fetch, batch_officers(batch_id), rest):
        here = placed if placed.batch_id == batch_id else other
        if here is None or here.batch_id != batch_id:
            continue
        report.add_finding(
            Reject(
                file=report.file,
                line=here.line,
                path=here.path,
                field="dutyUnit",
                value=conflict.duty.reference,
                code=conflict.code,
                message=conflict.message(),
            )
        )


async def _statuses(connection: AsyncConnection, batch_id: int, report: ImportReport) -> None:
    for finding in await reconcile_statuses(connection, batch_id):
        report.add_finding(
            Reject(
                file=finding.file or report.file,
                line=finding.line,
                path=finding.path,
                field="status",
                value=finding.stated,
                code=finding.code,
                message=f"request {finding.reference}: {finding.message}",
            )
        )
