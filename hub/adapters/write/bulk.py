"""Bulk upserts at the driver: one multi-row INSERT ... ON CONFLICT DO UPDATE ... RETURNING.

SQLAlchemy's executemany costs tens of microseconds a row in Python (parameter processing,
statement caching); an import writes hundreds of thousands. Here the statement text is made
once per table, column set and row count, and each value is converted by the bind processor of
its column's type for the dialect, exactly as SQLAlchemy would convert it. Columns a row does
not give take their Python-side default on insert (as with SQLAlchemy) and are left alone on
update; `updated_at` and a versioned table's `version` change only when the row is updated.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from enum import Enum
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Table
from sqlalchemy.dialects.sqlite import DATE as SQLiteDate
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.errors import ConfigurationError
from hub.store.types import utcnow

MAX_PARAMETERS = 30_000  # under SQLite's 32,766 variables
MAX_ROWS = 1_000
Convert = Callable[[Any], Any] | None
T = TypeVar("T")
Rows = Sequence[Sequence[Any]]
# What a writing step asks for: a statement of the driver's own text and parameters (its rows
# come back), or work that needs the event loop (its result comes back).
Later = Callable[[AsyncConnection], Awaitable[Any]]
Request = tuple[str, tuple[Any, ...]] | Later
Steps = Generator[Request, Any, T]


@dataclass(frozen=True, slots=True)
class TableInfo:
    """What a table's bulk statements need for one dialect."""

    table: Table
    bind: dict[str, Convert]
    result: dict[str, Convert]
    defaults: dict[str, Any]  # column -> scalar default, or a callable called once a statement


_TABLES: dict[tuple[str, str], TableInfo] = {}
_TEXTS: dict[tuple[Any, ...], str] = {}


def table_info(table: Table, dialect: Dialect) -> TableInfo:
    key = (table.name, dialect.name)
    found = _TABLES.get(key)
    if found is None:
        bind: dict[str, Convert] = {}
        result: dict[str, Convert] = {}
        defaults: dict[str, Any] = {}
        for column in table.c:
            impl = column.type.dialect_impl(dialect)
            bind[column.name] = _date_text(impl) or impl.bind_processor(dialect)
            result[column.name] = _result_processor(impl, dialect)
            default = column.default
            if default is not None and (default.is_scalar or default.is_callable):
                arg = getattr(default, "arg", None)
                defaults[column.name] = arg.value if isinstance(arg, Enum) else arg
        found = _TABLES[key] = TableInfo(table, bind, result, defaults)
    return found


def _date_text(impl: Any) -> Convert:
    """For SQLite's DATE in its default storage format, `date.isoformat` (C): the same text as
    SQLAlchemy's bind processor (a date's, or a datetime's date), without a Python call and a
    dict a value. (Values given to a bind processor here are never None.)"""
    default = isinstance(impl, SQLiteDate) and impl._storage_format == SQLiteDate._storage_format
    return date.isoformat if default and getattr(impl, "_reg", None) is None else None


def _result_processor(impl: Any, dialect: Dialect) -> Convert:
    """A column type's result processor, where it needs no driver type code. (asyncpg gives
    floats as floats: only a NUMERIC would need one, and the hub has none.)"""
    try:
        processor: Convert = impl.result_processor(dialect, None)
    except (TypeError, LookupError, ArithmeticError, AttributeError):
        return None
    return processor


def placeholder(dialect: Dialect) -> Callable[[int], str]:
    """The n-th (from 1) parameter marker of the dialect's driver."""
    if dialect.paramstyle == "qmark":
        return lambda _n: "?"
    if dialect.paramstyle == "numeric_dollar":
        return lambda n: f"${n}"
    raise ConfigurationError("UNSUPPORTED_DATABASE", f"no bulk statements for {dialect.name}")


def by_arrays(dialect: Dialect) -> bool:
    """PostgreSQL takes each column's values as one array (`unnest`): one statement text and
    one prepared statement whatever the number of rows; SQLite takes rows of `?`."""
    return dialect.name == "postgresql"


def array_type(table: Table, name: str, dialect: Dialect) -> str:
    return f"{table.c[name].type.compile(dialect=dialect)}[]"


def _text(
    info: TableInfo,
    dialect: Dialect,
    columns: tuple[str, ...],
    updated: tuple[str, ...],
    conflict: tuple[str, ...],
    returning: tuple[str, ...],
    rows: int,
    versioned: bool,
) -> str:
    """INSERT of `rows` rows of `columns`, updating `updated` on a conflict."""
    arrays = by_arrays(dialect)
    count = 0 if arrays else rows
    key = (info.table.name, dialect.name, columns, updated, conflict, returning, versioned, count)
    text = _TEXTS.get(key)
    if text is not None:
        return text
    quote = dialect.identifier_preparer.quote
    mark = placeholder(dialect)
    width = len(columns)
    if arrays:
        typed = (
            f"{mark(i + 1)}::{array_type(info.table, c, dialect)}" for i, c in enumerate(columns)
        )
        source = f"SELECT * FROM unnest({', '.join(typed)})"
        stamp = mark(width + 1)
    else:
        row = "(" + ", ".join(["?"] * width) + ")"
        source = "VALUES " + ", ".join([row] * rows)
        stamp = "?"
    name = quote(info.table.name)
    sets = [f"{quote(c)} = excluded.{quote(c)}" for c in updated]
    if versioned:
        sets.append(f"version = {name}.version + 1")
    if "updated_at" in info.table.c:
        sets.append(f"updated_at = {stamp}")
    text = (
        f"INSERT INTO {name} ({', '.join(quote(c) for c in columns)}) {source} "
        f"ON CONFLICT ({', '.join(quote(c) for c in conflict)}) DO UPDATE SET {', '.join(sets)}"
    )
    if returning:
        text += f" RETURNING {', '.join(quote(c) for c in returning)}"
    if len(_TEXTS) > 2_000:
        _TEXTS.clear()
    _TEXTS[key] = text
    return text


async def bulk_upsert(
    connection: AsyncConnection,
    table: Table,
    conflict: tuple[str, ...],
    rows: Sequence[dict[str, Any]],
    *,
    versioned: bool,
    returning: bool = True,
) -> list[dict[str, Any]]:
    """Insert or update `rows` (all with the same columns); the id (if any) and conflict columns
    of every row written come back, unless not `returning`."""
    steps = upsert_steps(
        connection.dialect, table, conflict, rows, versioned=versioned, returning=returning
    )
    return await run_steps(connection, steps)


def upsert_steps(
    dialect: Dialect,
    table: Table,
    conflict: tuple[str, ...],
    rows: Sequence[dict[str, Any]],
    *,
    versioned: bool,
    returning: bool = True,
) -> Steps[list[dict[str, Any]]]:
    """`bulk_upsert`'s statements, for `run_steps`."""
    if not rows:
        return []
    info = table_info(table, dialect)
    given = tuple(rows[0])
    columns, defaults, per_row = _defaults(info, given)
    updated = tuple(name for name in given if name not in conflict)
    returned = (("id",) if "id" in table.c else ()) + conflict if returning else ()
    stamp = info.bind["updated_at"] if "updated_at" in table.c else None
    arrays = by_arrays(dialect)
    processors = [(i, fn) for i, name in enumerate(returned) if (fn := info.result[name])]
    out: list[dict[str, Any]] = []
    for start, end in _parts(len(rows), arrays, len(columns)):
        part = rows[start:end]
        table_rows = bound_rows(info, given, part, defaults, per_row)
        params: list[Any]
        if per_row:
            params = [list(column) for column in zip(*table_rows, strict=True)]
            if not arrays:
                params = [value for values in table_rows for value in values]
        elif arrays:
            params = [list(column) for column in zip(*table_rows, strict=True)]
            params += [[value] * len(part) for value in defaults]
        else:
            params = []
            for values in table_rows:
                params += values
                params += defaults
        if stamp is not None:
            params.append(stamp(utcnow()))
        text = _text(info, dialect, columns, updated, conflict, returned, len(part), versioned)
        got_rows: Rows = yield text, tuple(params)
        if not returned:
            continue
        for got in got_rows:
            values = list(got)
            for i, process in processors:
                if values[i] is not None:
                    values[i] = process(values[i])
            out.append(dict(zip(returned, values, strict=True)))
    return out


def _parts(count: int, arrays: bool, width: int) -> list[tuple[int, int]]:
    """The rows each statement takes, (start, end): all of them at once for PostgreSQL's
    arrays; for SQLite, parts of a power of two rows each (as many as MAX_PARAMETERS allows,
    at most MAX_ROWS), so that a table's inserts share a few texts, each prepared once (SQLite's
    driver keeps prepared statements by text): 437 rows are parts of 256, 128, 32, 16, 4 and 1.
    A multi-row text is long to prepare, and a text for each row count was prepared anew."""
    if arrays:
        return [(0, count)]
    largest = max(1, min(MAX_ROWS, (MAX_PARAMETERS - 1) // width))
    largest = 1 << (largest.bit_length() - 1)  # a power of two
    parts, start = [], 0
    while start < count:
        size = min(largest, 1 << ((count - start).bit_length() - 1))
        parts.append((start, start + size))
        start += size
    return parts


async def run_steps(
    connection: AsyncConnection, steps: Steps[T], savepoint: str | None = None
) -> T:
    """Run the statements `steps` asks for, in order, giving each its rows back; its result.
    Given a `savepoint` name, the steps run inside that savepoint, rolled back to if they
    fail (and released either way).

    On SQLite inside a transaction the steps run in aiosqlite's thread, every statement on the
    driver's connection, until they end or ask for work that needs the event loop (`Later`):
    a batch's savepoint, look-ups, upserts for all its tables and release are one call into
    that thread, not one call (a futex wake, a self-pipe write and an epoll round) a
    statement. Elsewhere each statement goes through `driver_rows`."""
    if savepoint is None:
        return await _run_steps(connection, steps)
    opened = False

    def inside() -> Steps[T]:
        nonlocal opened
        yield f"SAVEPOINT {savepoint}", ()
        opened = True
        result = yield from steps
        yield f"RELEASE {savepoint}", ()
        opened = False
        return result

    try:
        return await _run_steps(connection, inside())
    except BaseException:
        if opened and not connection.invalidated:
            with suppress(DBAPIError):  # the steps' error is the one that matters
                await driver_rows(connection, f"ROLLBACK TO {savepoint}", ())
                await driver_rows(connection, f"RELEASE {savepoint}", ())
        raise


async def _run_steps(connection: AsyncConnection, steps: Steps[T]) -> T:
    in_thread = connection.dialect.driver == "aiosqlite" and connection.in_transaction()
    reply: Any = None
    try:
        while True:
            if in_thread:
                done, result = await _thread_steps(connection, steps, reply)
                if done:
                    return result  # type: ignore[no-any-return]
                request = result
            else:
                try:
                    request = steps.send(reply)
                except StopIteration as stop:
                    return stop.value  # type: ignore[no-any-return]
                if isinstance(request, tuple):
                    reply = await driver_rows(connection, *request)
                    continue
            reply = await request(connection)
    finally:
        steps.close()


async def _thread_steps(
    connection: AsyncConnection, steps: Steps[Any], reply: Any
) -> tuple[bool, Any]:
    raw = await connection.get_raw_connection()
    adapted: Any = raw.dbapi_connection  # SQLAlchemy's adapter of the aiosqlite connection
    driver: Any = raw.driver_connection
    statement: list[str] = []  # the statement running, for an error's message
    try:
        async with adapted._execute_mutex:
            state, value = await driver._execute(_drive, driver._conn, steps, reply, statement)
    except Exception as error:  # the driver's: raised as SQLAlchemy raises a statement's
        await raise_translated(connection, adapted, statement[-1] if statement else "", error)
        raise
    if state is None:  # the steps' own error, as it is
        raise value
    return state, value


def _drive(
    database: Any, steps: Steps[Any], reply: Any, statement: list[str]
) -> tuple[bool | None, Any]:
    """In aiosqlite's thread: the steps' statements on the `sqlite3` connection until the steps
    end, (True, result), ask for a `Later`, (False, it), or raise, (None, their error)."""
    while True:
        try:
            request = steps.send(reply)
        except StopIteration as stop:
            return True, stop.value
        except Exception as error:
            return None, error
        if not isinstance(request, tuple):
            return False, request
        statement[:] = [request[0]]
        reply = database.execute(*request).fetchall()


async def driver_rows(
    connection: AsyncConnection, text: str, params: tuple[Any, ...]
) -> Sequence[Sequence[Any]]:
    """Run one statement of the driver's own text and parameters; its rows (none for one that
    returns none).

    Inside a transaction the statement goes to the driver itself, under SQLAlchemy's adapter's
    lock: on SQLite to aiosqlite's thread as one call (`execute_fetchall`; through the adapter
    a statement costs four hand-offs to that thread and back: cursor, execute, fetch, close,
    each waking the event loop); on PostgreSQL to asyncpg (`fetch`, its own cache of prepared
    statements: one round trip, without SQLAlchemy's cursor, result and row objects). As with
    COPY, `before_cursor_execute` listeners do not see such a statement. Outside a transaction
    it goes through SQLAlchemy (which begins one)."""
    driver_name = connection.dialect.driver
    if driver_name not in _DIRECT or not connection.in_transaction():
        result = await connection.exec_driver_sql(text, params)
        return result.all() if result.returns_rows else ()
    raw = await connection.get_raw_connection()
    adapted: Any = raw.dbapi_connection  # SQLAlchemy's adapter of the driver's connection
    driver: Any = raw.driver_connection
    try:
        async with adapted._execute_mutex:
            if driver_name == "aiosqlite":
                rows: Sequence[Sequence[Any]] = await driver.execute_fetchall(text, params)
                return rows
            if adapted._transaction is None:  # begun by its first statement, as SQLAlchemy's
                await adapted._start_transaction()
            records: Sequence[Sequence[Any]] = await driver.fetch(text, *params)
            return records
    except Exception as error:
        await raise_translated(connection, adapted, text, error)
        raise


_DIRECT = ("aiosqlite", "asyncpg")


async def raise_translated(
    connection: AsyncConnection, adapted: Any, statement: str, error: Exception
) -> None:
    """Raise a driver's `error` as SQLAlchemy raises a statement's (an IntegrityError, ...),
    invalidating the connection if it was lost; return for an error not the driver's."""
    dialect = connection.dialect
    try:
        adapted._handle_exception(error)
    except dialect.loaded_dbapi.Error as translated:
        lost = dialect.is_disconnect(translated, adapted, None)
        if lost:
            await connection.invalidate(translated)
        raise DBAPIError.instance(
            statement,
            None,
            translated,
            dialect.loaded_dbapi.Error,
            connection_invalidated=lost,
            dialect=dialect,
        ) from error


PerRow = list[tuple[int, Any, Convert]]


def _defaults(info: TableInfo, given: tuple[str, ...]) -> tuple[tuple[str, ...], list[Any], PerRow]:
    """The columns written (those given, then those with a default), the defaults' values for
    every row (converted once), and the defaults that read each row (position, function,
    conversion)."""
    missing = tuple(name for name in info.defaults if name not in given)
    defaults = [_default(info.defaults[name], info.bind[name]) for name in missing]
    per_row = [
        (j, info.defaults[name], info.bind[name])
        for j, (name, value) in enumerate(zip(missing, defaults, strict=True))
        if value is _NEEDS_ROW
    ]
    return given + missing, defaults, per_row


def bound_rows(
    info: TableInfo,
    given: tuple[str, ...],
    rows: Sequence[dict[str, Any]],
    defaults: list[Any],
    per_row: PerRow,
) -> list[list[Any]]:
    """Each row's values of `given` converted for the driver; with the defaults too when some
    default reads the row (the others are added per statement)."""
    converted = [(i, convert) for i, name in enumerate(given) if (convert := info.bind[name])]
    take = itemgetter(*given)
    single = len(given) == 1
    out: list[list[Any]] = []
    for row in rows:
        values = [take(row)] if single else list(take(row))
        for i, convert in converted:
            if values[i] is not None:
                values[i] = convert(values[i])
        if per_row:
            values += defaults
            for j, function, convert in per_row:
                values[len(given) + j] = _convert(function(_RowContext(row)), convert)
        out.append(values)
    return out


def full_rows(
    info: TableInfo, rows: Sequence[dict[str, Any]]
) -> tuple[tuple[str, ...], list[list[Any]]]:
    """The columns and converted values of new rows, every default filled in."""
    given = tuple(rows[0])
    columns, defaults, per_row = _defaults(info, given)
    values = bound_rows(info, given, rows, defaults, per_row)
    if not per_row and defaults:
        for row in values:
            row += defaults
    return columns, values


async def insert_row(connection: AsyncConnection, table: Table, row: dict[str, Any]) -> int:
    """Insert one row (its columns' defaults filled in, its values converted, as SQLAlchemy
    would) at the driver (`driver_rows`: one call into aiosqlite's thread, not four); its id."""
    dialect = connection.dialect
    columns, (values,) = full_rows(table_info(table, dialect), [row])
    quote, mark = dialect.identifier_preparer.quote, placeholder(dialect)
    text = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(mark(n) for n in range(1, len(columns) + 1))}) RETURNING id"
    )
    ((found,),) = await driver_rows(connection, text, tuple(values))
    return int(found)


async def update_row(
    connection: AsyncConnection, table: Table, id_: int, values: dict[str, Any]
) -> None:
    """Set `values` on the row `id_` of `table` (converted as SQLAlchemy would; no column
    default applies) at the driver (`driver_rows`)."""
    dialect = connection.dialect
    info = table_info(table, dialect)
    quote, mark = dialect.identifier_preparer.quote, placeholder(dialect)
    names = tuple(values)
    sets = ", ".join(f"{quote(name)} = {mark(n)}" for n, name in enumerate(names, 1))
    text = f"UPDATE {quote(table.name)} SET {sets} WHERE id = {mark(len(names) + 1)}"
    params = [_convert(values[name], info.bind[name]) for name in names]
    await driver_rows(connection, text, (*params, id_))


def _convert(value: Any, convert: Convert) -> Any:
    return value if convert is None or value is None else convert(value)


_NEEDS_ROW = object()


class _NeedsRow(Exception):
    pass


class _RowContext:
    """The execution context a column default may read (SQLAlchemy's), for one row here."""

    def __init__(self, row: dict[str, Any] | None) -> None:
        self.row = row

    def get_current_parameters(self, isolate_multiinsert_groups: bool = True) -> dict[str, Any]:
        if self.row is None:
            raise _NeedsRow
        return self.row


def _default(value: Any, convert: Convert) -> Any:
    """A column's default for every row, or `_NEEDS_ROW` when it reads the row's values.

    SQLAlchemy wraps a callable default to take the execution context.
    """
    if callable(value):
        try:
            value = value(_RowContext(None))
        except _NeedsRow:
            return _NEEDS_ROW
    return _convert(value, convert)
