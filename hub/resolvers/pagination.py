"""Keyset pagination: opaque cursors naming a row by its primary key, pages with a total."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Row, Select, func, literal, select, tuple_

from hub.errors import BadUserInput
from hub.resolvers.reader import Reader
from hub.resolvers.spec import Entity


@dataclass(frozen=True, slots=True)
class Order:
    """Sort by one of an entity's orderings, ascending or descending, then by primary key."""

    field: str
    descending: bool = False


@dataclass(slots=True)
class Page:
    """One page of rows and what a client needs to fetch the next one."""

    rows: Sequence[Row[Any]]
    has_next_page: bool
    has_previous_page: bool
    cursor: Callable[[Row[Any]], str]
    count: Callable[[], Awaitable[int]]


def encode_cursor(order: Order, pk: int) -> str:
    """An opaque cursor for a row in this ordering: the ordering and the row's primary key.

    No sort value travels in it (a family name or a service number would): the page after a
    cursor starts after the sort value its row has in the database."""
    raw = orjson.dumps([order.field, order.descending, pk])
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_cursor(cursor: str, order: Order) -> int:
    """The primary key a cursor points at; it must be of the same ordering."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise BadUserInput("INVALID_CURSOR", "the cursor is not one this hub gave")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        field, descending, pk = orjson.loads(raw)
    except (binascii.Error, ValueError, TypeError) as error:
        raise BadUserInput("INVALID_CURSOR", "the cursor is not one this hub gave") from error
    if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63:
        raise BadUserInput("INVALID_CURSOR", "the cursor is not one this hub gave")
    if field != order.field or descending != order.descending:
        raise BadUserInput("INVALID_CURSOR", "the cursor belongs to another ordering")
    return pk


MAX_CURSOR_LENGTH = 200


def apply_filters(stmt: Select[Any], entity: Entity, filters: Mapping[str, Any]) -> Select[Any]:
    """Narrow a select by the filter values given (None means not given)."""
    for name, value in filters.items():
        if value is not None:
            stmt = stmt.where(entity.filters[name](value))
    return stmt


async def paginate(
    reader: Reader,
    entity: Entity,
    *,
    filters: Mapping[str, Any],
    order: Order,
    first: int,
    after: str | None,
) -> Page:
    """One page of `entity` after the cursor, in one statement (and one more for the count)."""
    column = entity.orders[order.field]
    stmt = apply_filters(entity.select(), entity, filters)
    count_stmt = select(func.count()).select_from(
        apply_filters(entity.base(entity.pk), entity, filters).subquery()
    )
    key = tuple_(column, entity.pk)
    if after is not None:
        pk = decode_cursor(after, order)
        # The cursor's row's sort value as it is stored now (no row: an empty page).
        mark = entity.base(column).where(entity.pk == pk).correlate(None).scalar_subquery()
        point = tuple_(mark, literal(pk, entity.pk.type))
        stmt = stmt.where(key < point if order.descending else key > point)
    sort = (column.desc(), entity.pk.desc()) if order.descending else (column, entity.pk)
    stmt = stmt.order_by(*sort).limit(first + 1)
    rows = await reader.rows(stmt)

    async def count() -> int:
        return int(await reader.scalar(count_stmt))

    return Page(
        rows=rows[:first],
        has_next_page=len(rows) > first,
        has_previous_page=after is not None,
        cursor=lambda row: encode_cursor(order, row.pk),
        count=count,
    )
