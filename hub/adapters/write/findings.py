"""Rules across records, checked once a file is written: each finding goes in the report.

The request statuses a file states are set from its commitments and deployments (and a
contradiction reported); the rules themselves are in `hub.domain`, their SQL in `hub.store`.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from hub.adapters.report import ImportReport, Reject
from hub.store.request_status import reconcile_statuses


async def check_written(connection: AsyncConnection, batch_id: int, report: ImportReport) -> None:
    """Bring the statuses of the requests the batch touched in line with their facts."""
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
