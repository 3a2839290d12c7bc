"""Export and import of EDXL-RM files against a hub's database (what `hub edxl` runs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from hub.config import Settings
from hub.edxl.apply import IMPORT_ACTOR, Importer, Outcome
from hub.edxl.build import to_xml
from hub.edxl.errors import EdxlError
from hub.edxl.parse import parse_file
from hub.errors import HubError
from hub.resolvers import workflow_history
from hub.resolvers.context import RequestContext
from hub.resolvers.reader import Reader
from hub.security.principal import Principal, Role
from hub.security.state import RequestSecurity
from hub.store import create_engine
from hub.store import models as m


@dataclass(frozen=True, slots=True)
class ExportedMessage:
    """One message of a request's chain and its document."""

    message_id: str
    message_type: str
    xml: bytes


@dataclass
class ImportReport:
    """What each file did: applied or known already, or refused with a located error."""

    outcomes: list[Outcome] = field(default_factory=list)
    refused: list[HubError] = field(default_factory=list)


async def export_request(settings: Settings, reference: str) -> list[ExportedMessage]:
    """Every message of a request's chain, as documents (EDXL_UNKNOWN_REQUEST if none)."""
    engine = create_engine(settings)
    try:
        async with engine.connect() as connection, Reader(connection) as reader:
            r = m.MutualAidRequest
            pk = await reader.scalar(select(r.id).where(r.reference == reference))
            if pk is None:
                raise EdxlError("EDXL_UNKNOWN_REQUEST", f"no request has reference {reference!r}")
            principal = Principal(key_id=None, name=IMPORT_ACTOR, role=Role.COORDINATOR)
            context = RequestContext(settings, reader, RequestSecurity(principal))
            chain = await workflow_history.edxl_messages(context, int(pk))
    finally:
        await engine.dispose()
    return [ExportedMessage(c.message_id, c.message_type, to_xml(c)) for c in chain]


async def import_files(settings: Settings, files: list[Path]) -> ImportReport:
    """Apply each file in turn; a refused file is reported and the next one tried."""
    report = ImportReport()
    engine = create_engine(settings)
    try:
        async with engine.connect() as connection, Reader(connection) as reader:
            importer = Importer(settings, reader)
            for path in files:
                try:
                    report.outcomes.append(await importer.apply(parse_file(path)))
                except HubError as error:
                    report.refused.append(error)
                    if connection.in_transaction():
                        await connection.rollback()
    finally:
        await engine.dispose()
    return report
