"""Where a compiled read takes each record's global id and each page's cursors from.

One function per question, so a change in how ids or cursors are made is a change here:
- `id_columns`: the columns a record's id is made from (its stored `gid`, or its natural key);
- `id_sql`: the id as SQL over those columns;
- `cursor_sql`: a page's cursor as SQL over its primary key.

SQLite builds readable ids and cursors with the very functions the general path calls
(`encode_id`, `encode_cursor`), registered on each connection; PostgreSQL builds them in SQL.
"""

from __future__ import annotations

from typing import Any

from hub.plan._dialect import Dialect, quoted
from hub.resolvers.pagination import Order, encode_cursor
from hub.resolvers.spec import Entity, Expr
from hub.standard.ids import encode_id

_REGISTERED = "hub_plan_functions"
#: Characters `urllib.parse.quote(safe="")` leaves as they are.
_UNRESERVED = "^[A-Za-z0-9_.~-]*$"


def stored_id(entity: Entity) -> bool:
    """Whether the entity's id is stored with it (an opaque id: the catalog's `gid`)."""
    return entity.gid is not None


def id_columns(entity: Entity) -> tuple[Expr, ...]:
    """The columns a record's id is made from: its stored id, or its natural key."""
    if entity.gid is not None:
        return (entity.gid,)
    return entity.key


def id_sql(dialect: Dialect, entity: Entity, columns: list[str]) -> str:
    """The record's global id as SQL, from its `id_columns` (as `columns`)."""
    if stored_id(entity):
        return columns[0]
    if dialect.sqlite:
        return f"hub_id({quoted(entity.name)}, {', '.join(columns)})"
    parts = " || ':' || ".join(_pg_quote(f"CAST({column} AS TEXT)") for column in columns)
    return _pg_base64(f"{quoted(entity.name + ':')} || {parts}")


def cursor_sql(dialect: Dialect, order: Order, pk: str) -> str:
    """The cursor of a row in `order`, from its primary key (SQL)."""
    if dialect.sqlite:
        descending = 1 if order.descending else 0
        return f"hub_cursor({quoted(order.field)}, {descending}, {pk})"
    head = f'["{order.field}",{"true" if order.descending else "false"},'
    return _pg_base64(f"{quoted(head)} || {pk} || ']'")


def _pg_base64(text: str) -> str:
    encoded = f"encode(convert_to({text}, 'UTF8'), 'base64')"
    return f"rtrim(translate({encoded}, E'+/\\n', '-_'), '=')"


def _pg_quote(part: str) -> str:
    slow = (
        "(SELECT string_agg(CASE WHEN ch ~ '^[A-Za-z0-9_.~-]$' THEN ch ELSE "
        "regexp_replace(upper(encode(convert_to(ch, 'UTF8'), 'hex')), '(..)', '%\\1', 'g') END,"
        f" '' ORDER BY i) FROM regexp_split_to_table({part}, '') WITH ORDINALITY AS t(ch, i))"
    )
    return f"(CASE WHEN {part} ~ '{_UNRESERVED}' THEN {part} ELSE coalesce({slow}, '') END)"


def _hub_id(type_name: str, *key: Any) -> str:
    return encode_id(type_name, *key)


def _hub_cursor(field: str, descending: int, pk: int) -> str:
    return encode_cursor(Order(field, bool(descending)), pk)


def register(connection: Any) -> None:
    """Give a sqlite3 connection of the hub's own the id and cursor functions."""
    connection.create_function("hub_id", -1, _hub_id, deterministic=True)
    connection.create_function("hub_cursor", 3, _hub_cursor, deterministic=True)


async def prepare(raw: Any) -> None:
    """Give a SQLite connection (SQLAlchemy's pooled connection) the id and cursor functions,
    once per connection."""
    if raw.info.get(_REGISTERED):
        return
    driver: Any = raw.driver_connection
    await driver.create_function("hub_id", -1, _hub_id, deterministic=True)
    await driver.create_function("hub_cursor", 3, _hub_cursor, deterministic=True)
    raw.info[_REGISTERED] = True
