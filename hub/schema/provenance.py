"""Provenance of ingested records, import batches and the rows they rejected."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.federation import type as entity_type

from hub.schema.base import HubInfo, Node, global_id, is_row_of, one, reference
from hub.schema.reference import Force
from hub.schema.relations import to_many_first, to_one
from hub.security.policy import reject_message, reject_value


@strawberry.type(description="One rejected source record of an import, and why it was rejected.")
class ImportReject:
    """A reject: where it was in the file, which field, the value, a stable code and a message.

    The value of a personal field (a name, a service number, a record's key) is personal data:
    withheld from keys that may not see the batch's force's personal data, as personal fields
    are, with the message when it quotes the value."""

    batch_id: strawberry.Private[int]
    file: str = strawberry.field(description="Name of the file the record came from.")
    line: int | None = strawberry.field(description="Line in the file (CSV and XML).")
    path: str | None = strawberry.field(description="Element path of the record (XML).")
    field: str | None = strawberry.field(description="Field of the standard that failed.")
    code: str = strawberry.field(description="Stable error code (see docs/adapters.md).")

    @strawberry.field(
        description="The offending value, as read. Personal data when the field is (or the "
        "value is a record's key): null, with a FORBIDDEN_FIELD error, for keys that may not "
        "see the force's personal data."
    )
    async def value(self, info: HubInfo) -> str | None:
        batch = await one(info, "ImportBatch", self.batch_id)
        path = tuple(info.path.as_list())
        return reject_value(info.context.security, batch, self, path)

    @strawberry.field(
        description="What is wrong and what to do about it. Withheld, like the value, when it "
        "quotes a personal value the key may not see."
    )
    async def message(self, info: HubInfo) -> str:
        batch = await one(info, "ImportBatch", self.batch_id)
        return reject_message(info.context.security, batch, self)


@entity_type(keys=["id"], description="One run of an adapter over one file.")
class ImportBatch(Node):
    """Who imported which file with which adapter, and what came of each record."""

    is_type_of = staticmethod(is_row_of("ImportBatch"))
    pk: strawberry.Private[int]
    force_id: strawberry.Private[int | None]
    uid: str = strawberry.field(description="Unique id of the batch (a UUID).")
    adapter: str = strawberry.field(description="Name of the adapter that read the file.")
    file_name: str = strawberry.field(description="Name of the file imported.")
    checksum: str = strawberry.field(description="SHA-256 of the file's bytes.")
    actor: str = strawberry.field(description="Who ran the import (API key name, or `cli`).")
    status: str = strawberry.field(
        description="RUNNING, COMPLETED, FAILED, or INTERRUPTED (its process died while it ran)."
    )
    dry_run: bool = strawberry.field(description="Whether nothing was written (a trial run).")
    strict: bool = strawberry.field(description="Whether any reject cancelled the whole batch.")
    started_at: datetime = strawberry.field(description="When the import started.")
    finished_at: datetime | None = strawberry.field(description="When the import finished.")
    rows_read: int = strawberry.field(description="Source records read.")
    inserted: int = strawberry.field(description="Records of the standard added.")
    updated: int = strawberry.field(description="Records of the standard changed.")
    unchanged: int = strawberry.field(description="Records read that were already up to date.")
    rejected: int = strawberry.field(description="Source records rejected.")

    @strawberry.field(description="Global id of the batch.")
    def id(self) -> strawberry.ID:
        return global_id("ImportBatch", self.uid)

    force: Force | None = to_one("Force", "force_id", "The force whose data the batch imported.")

    rejects: list[ImportReject] = to_many_first(
        "import_batch.rejects", "The records the batch rejected, in file order."
    )

    @classmethod
    async def resolve_reference(cls, info: HubInfo, id: strawberry.ID | None = None) -> Any:
        return await reference(info, "ImportBatch", id)


@strawberry.type(
    description="Where a record came from: the import batch and the place in its file."
)
class Provenance:
    """Provenance of a record; records made through the API have no batch."""

    batch_id: strawberry.Private[int | None]
    line: int | None = strawberry.field(description="Line of the source file (CSV, XML).")
    path: str | None = strawberry.field(description="Element path in the source file (XML).")
    recorded_at: datetime = strawberry.field(description="When the record was first stored.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")

    batch: ImportBatch | None = to_one(
        "ImportBatch", "batch_id", "The import batch that last wrote the record, if any."
    )


def provenance_field() -> Any:
    """A `provenance` field for a type whose rows carry the provenance columns."""

    def resolve(root: strawberry.Parent[Any]) -> Provenance:
        return Provenance(
            batch_id=root.source_batch_id,
            line=root.source_line,
            path=root.source_path,
            recorded_at=root.recorded_at,
            updated_at=root.updated_at,
        )

    return strawberry.field(resolver=resolve, description="Where this record came from.")
