"""How a workflow mutation writes: one transaction, the request locked, an idempotency key.

Every write locks its request before it reads anything of it, so steps on one request (and on
its commitments) run one at a time and each re-reads what it checks: on PostgreSQL with
`SELECT ... FOR UPDATE` on the request row; on SQLite by making the transaction's first
statement a write, which takes SQLite's single writer lock (what `BEGIN IMMEDIATE` does; the
engine opens transactions with a plain `BEGIN`). Every UPDATE also names the version it read.

The write runs on the request's own connection, in a transaction of its own: a second
connection per mutation could exhaust the pool under concurrent writes (each request would
hold its read connection while waiting for a write connection).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.errors import HubError
from hub.resolvers.catalog import ENTITIES
from hub.resolvers.context import RequestContext
from hub.security.principal import Principal
from hub.store import models as m
from hub.store.engine import is_sqlite
from hub.store.types import utcnow

Work = Callable[[AsyncConnection], Awaitable[Any]]
#: Set while an EDXL-RM import applies a message (`hub.edxl`): the message id and sending
#: time that the step's event takes, so the imported history names the same messages.
imported_message: ContextVar[tuple[str, datetime] | None] = ContextVar(
    "imported_message", default=None
)


class Record:
    """A stored answer replayed for a retried key: reads like the row it was made from."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if isinstance(value, dict) and "$date" in value:
        return date.fromisoformat(value["$date"])
    return value


def snapshot(row: Any) -> dict[str, Any]:
    """A row as JSON (dates tagged), to replay later."""
    values = row._mapping if hasattr(row, "_mapping") else vars(row)
    return {key: _encode(value) for key, value in values.items()}


def input_digest(operation: str, arguments: Mapping[str, Any]) -> str:
    """The SHA-256 of an operation and its arguments, whatever their order."""
    canonical = orjson.dumps(
        {"operation": operation, "arguments": arguments},
        option=orjson.OPT_SORT_KEYS,
        default=str,
    )
    return hashlib.sha256(canonical).hexdigest()


@asynccontextmanager
async def write_transaction(context: RequestContext) -> AsyncIterator[AsyncConnection]:
    """A transaction of its own on the request's connection, holding SQLite's writer lock."""
    async with context.reader.exclusive() as connection:
        if connection.in_transaction():
            # Only reads ran so far: end their snapshot, so this write and what follows see
            # the newest data.
            await connection.commit()
        async with connection.begin():
            if is_sqlite(connection.engine.url):
                await connection.exec_driver_sql(
                    "UPDATE mutual_aid_request SET id = id WHERE id = -1"
                )
            yield connection


async def run_write(
    context: RequestContext,
    operation: str,
    arguments: Mapping[str, Any],
    idempotency_key: str | None,
    work: Work,
) -> Any:
    """Run `work` in a write transaction; with a key, a retry gets the first answer back."""
    if idempotency_key is None:
        async with write_transaction(context) as connection:
            return await work(connection)
    check_key(idempotency_key)
    digest = input_digest(operation, arguments)
    owner = context.security.principal.bucket
    for attempt in (1, 2):
        try:
            async with write_transaction(context) as connection:
                stored = await _stored_answer(connection, owner, idempotency_key, operation, digest)
                if stored is not None:
                    return stored
                answer = await work(connection)
                await connection.execute(
                    insert(m.IdempotencyKey).values(
                        owner=owner,
                        key=idempotency_key,
                        operation=operation,
                        input_hash=digest,
                        answer=snapshot(answer),
                        created_at=utcnow(),
                    )
                )
                return answer
        except IntegrityError:
            # The same key, sent twice at once: the other call wrote it; read its answer.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def check_key(key: str) -> None:
    """Keys are short printable strings."""
    if not 1 <= len(key) <= 200 or not key.isprintable():
        raise HubError(
            "BAD_USER_INPUT",
            "an idempotency key is 1 to 200 printable characters",
            field="idempotencyKey",
        )


async def _stored_answer(
    connection: AsyncConnection, owner: str, key: str, operation: str, digest: str
) -> Record | None:
    k = m.IdempotencyKey
    found = (
        await connection.execute(
            select(k.operation, k.input_hash, k.answer).where(k.owner == owner, k.key == key)
        )
    ).first()
    if found is None:
        return None
    if found.operation != operation or found.input_hash != digest:
        raise HubError(
            "IDEMPOTENCY_KEY_REUSED",
            "this idempotency key was used for a different input; use a new key",
            field="idempotencyKey",
        )
    return Record({name: _decode(value) for name, value in found.answer.items()})


async def lock_request(connection: AsyncConnection, pk: int) -> Any:
    """The request row, locked until the transaction ends (PostgreSQL; SQLite is locked)."""
    r, f = m.MutualAidRequest, m.Force
    row = (
        await connection.execute(
            select(
                r.id,
                r.reference,
                r.status,
                r.version,
                r.quantity,
                r.unit,
                r.officers,
                r.starts_on,
                r.ends_on,
                r.description,
                r.requesting_force_id,
                f.code.label("force_code"),
            )
            .join(f, f.id == r.requesting_force_id)
            .where(r.id == pk)
            .with_for_update(of=r)
        )
    ).one()
    return row


async def row_of(connection: AsyncConnection, type_name: str, pk: int) -> Any:
    """The graph's row for a record, read in the transaction that changed it."""
    entity = ENTITIES[type_name]
    return (await connection.execute(entity.select().where(entity.pk == pk))).one()


async def append_event(
    connection: AsyncConnection,
    principal: Principal,
    request_pk: int,
    action: str,
    statuses: tuple[str | None, str | None],
    *,
    commitment_pk: int | None = None,
    changes: list[dict[str, Any]] | None = None,
) -> None:
    """Add one event to a request's log (the request is locked, so sequences do not race)."""
    e = m.RequestEvent
    origin = imported_message.get()
    last = await connection.scalar(
        select(func.coalesce(func.max(e.sequence), 0)).where(e.request_id == request_pk)
    )
    await connection.execute(
        insert(e).values(
            request_id=request_pk,
            sequence=int(last or 0) + 1,
            action=action,
            from_status=statuses[0],
            to_status=statuses[1],
            commitment_id=commitment_pk,
            changes=changes or [],
            actor_key_id=principal.key_id,
            actor_name=principal.name,
            actor_role=principal.role.value,
            actor_force_id=principal.force_id,
            message_id=origin[0] if origin else str(uuid.uuid4()),
            occurred_at=origin[1] if origin else utcnow(),
        )
    )
