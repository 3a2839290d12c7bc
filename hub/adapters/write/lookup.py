"""Finding stored rows: natural keys turned into conflict columns, a few hundred a statement."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy import and_, column, literal_column, select, table
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.adapters.model.entities import ENTITY_SPECS, EntitySpec
from hub.adapters.write.bulk import (
    Rows,
    Steps,
    array_type,
    by_arrays,
    placeholder,
    run_steps,
    table_info,
)

KEYS_PER_STATEMENT = 4096  # three columns a key: 12,288 variables, under SQLite's 32,766
Key = tuple[Any, ...]
# (target entity, positions in the natural key) for a reference column; (None, (position,))
# for a column holding a part of the natural key as it is.
Plan = tuple[tuple[str | None, tuple[int, ...]], ...]


@dataclass(slots=True)
class Stored:
    """A stored row: its columns, and the code of the force that owns it (if any)."""

    row: dict[str, Any]
    owner: str | None

    @property
    def id(self) -> int | None:
        value = self.row.get("id")
        return None if value is None else int(value)


def _plan(spec: EntitySpec) -> Plan:
    by_column = {ref.column: ref for ref in spec.refs}
    plan: list[tuple[str | None, tuple[int, ...]]] = []
    for name in spec.conflict:
        ref = by_column.get(name)
        if ref is None:
            plan.append((None, (spec.key.index(name),)))
        else:
            plan.append((ref.target, tuple(spec.key.index(name) for name in ref.fields)))
    return tuple(plan)


PLANS: dict[str, Plan] = {name: _plan(spec) for name, spec in ENTITY_SPECS.items()}


def _compared(spec: EntitySpec) -> tuple[str, ...]:
    """The columns a batch reads back: the id, and every column an import may write."""
    wanted = {"id", "provisional", *spec.conflict, *spec.columns, *spec.computed}
    wanted |= {ref.column for ref in spec.refs}
    return tuple(column.name for column in spec.table.c if column.name in wanted)


COMPARED: dict[str, tuple[str, ...]] = {
    name: _compared(spec) for name, spec in ENTITY_SPECS.items()
}


def conflict_keys(
    entity: str, keys: Iterable[Key], known: Callable[[str], Mapping[Key, int]]
) -> dict[Key, Key]:
    """The conflict columns' values of each natural key (the ids of the records it names from
    `known(target)`) -> the key; a key naming a record of no known id is left out (no row with
    that key can be stored)."""
    parts: list[tuple[int, Callable[[Key], Key] | None, Mapping[Key, int] | None]] = []
    for target, positions in PLANS[entity]:
        if target is None:
            parts.append((positions[0], None, None))
        elif len(positions) == 1:
            parts.append((positions[0], None, known(target)))
        else:  # the referenced record's key: several positions, a tuple (itemgetter's, in C)
            parts.append((-1, itemgetter(*positions), known(target)))
    wanted: dict[Key, Key] = {}
    for key in keys:
        values: list[Any] = []
        for position, several, ids in parts:
            if ids is None:
                values.append(key[position])
                continue
            found = ids.get((key[position],) if several is None else several(key))
            if found is None:
                break
            values.append(found)
        else:
            wanted[tuple(values)] = key
    return wanted


async def stored_rows(
    connection: AsyncConnection, entity: str, wanted: Mapping[Key, Key]
) -> dict[Key, Stored]:
    """The rows of `entity` whose conflict columns are a key of `wanted`, by natural key
    (the value of `wanted`)."""
    return await run_steps(connection, lookup_steps(connection.dialect, entity, wanted))


def lookup_steps(
    dialect: Dialect, entity: str, wanted: Mapping[Key, Key]
) -> Steps[dict[Key, Stored]]:
    """`stored_rows`' statements, for `run_steps`."""
    found: dict[Key, Stored] = {}
    if not wanted:
        return found
    spec = ENTITY_SPECS[entity]
    info = table_info(spec.table, dialect)
    names = COMPARED[entity]
    processors = [(i, process) for i, name in enumerate(names) if (process := info.result[name])]
    width = len(spec.conflict)
    positions = [names.index(name) for name in spec.conflict]
    single, first, conflict_of = width == 1, positions[0], itemgetter(*positions)
    binds = [info.bind[name] for name in spec.conflict]
    keys = list(wanted)
    arrays = by_arrays(dialect)
    step = len(keys) if arrays else KEYS_PER_STATEMENT
    for start in range(0, len(keys), step):
        part = keys[start : start + step]
        if arrays:
            text = _lookup_text(spec, dialect, len(part))
            params: tuple[Any, ...] = tuple(
                [_bound(key[i], binds[i]) for key in part] for i in range(width)
            )
        else:
            count = padded(len(part))
            text = _lookup_text(spec, dialect, count)
            if not any(binds):  # keys of ids and text: as they are
                params = tuple(chain.from_iterable(part))
            else:
                params = tuple(
                    _bound(value, binds[i % width]) for key in part for i, value in enumerate(key)
                )
            params += (None,) * (width * (count - len(part)))  # NULL keys: no row matches
        rows: Rows = yield text, params
        for row in rows:
            cells = list(row)
            for i, process in processors:
                if cells[i] is not None:
                    cells[i] = process(cells[i])
            natural = wanted.get((cells[first],) if single else conflict_of(cells))
            values = dict(zip(names, cells, strict=False))
            if natural is not None:
                found[natural] = Stored(values, cells[-1])
    return found


def padded(count: int) -> int:
    """The number of keys a SQLite look-up of `count` keys is written for: the next power of
    two (at least 16), so that one entity's look-ups share a few texts, each prepared once
    (SQLite's driver keeps prepared statements by text), not one text for each count: preparing
    the texts of every count had taken a sixth of SQLite's work in an import's roster."""
    return max(16, 1 << (count - 1).bit_length())


def _bound(value: Any, convert: Any) -> Any:
    return value if convert is None or value is None else convert(value)


_TEXTS: dict[tuple[str, str, int], str] = {}


def _lookup_text(spec: EntitySpec, dialect: Dialect, count: int) -> str:
    """SELECT the rows (and owner) whose conflict columns are among the keys given: a join
    with the keys, so that the unique index on the conflict columns is used (SQLite does not
    use it for a row-value IN). SQLite takes the keys as rows of VALUES, PostgreSQL as one
    array a column."""
    cache = (spec.name, dialect.name, 0 if by_arrays(dialect) else count)
    text = _TEXTS.get(cache)
    if text is not None:
        return text
    width = len(spec.conflict)
    body = _lookup_body(spec, dialect)
    names = ", ".join(f"c{i}" for i in range(width))
    if by_arrays(dialect):
        mark = placeholder(dialect)
        arrays = ", ".join(
            f"{mark(i + 1)}::{array_type(spec.table, name, dialect)}"
            for i, name in enumerate(spec.conflict)
        )
        source = f"SELECT * FROM unnest({arrays})"
    else:
        row = "(" + ", ".join(["?"] * width) + ")"
        source = "VALUES " + ", ".join([row] * count)
    text = f"WITH k({names}) AS ({source}) {body}"
    if len(_TEXTS) > 2_000:
        _TEXTS.clear()
    _TEXTS[cache] = text
    return text


_BODIES: dict[tuple[str, str], str] = {}


def _lookup_body(spec: EntitySpec, dialect: Dialect) -> str:
    """The SELECT joining the keys `k` to the table: compiled once per entity and dialect
    (SQLite's statement differs by the number of keys only in its VALUES).

    On PostgreSQL each key looks its row up in a LATERAL subquery (at most one row: the conflict
    columns are unique), so that every key is an index probe: joined with the keys as a whole,
    the planner hashed the whole table (or its owner's) for each batch."""
    cache = (spec.name, dialect.name)
    body = _BODIES.get(cache)
    if body is None:
        assert spec.lookup is not None
        joined, owner = spec.lookup()
        width = len(spec.conflict)
        columns = [spec.table.c[name] for name in COMPARED[spec.name]]
        if by_arrays(dialect):
            keys: Any = [literal_column(f"k.c{i}") for i in range(width)]
            on = and_(*(spec.table.c[name] == keys[i] for i, name in enumerate(spec.conflict)))
            inner = select(*columns, owner.label("_owner")).select_from(joined).where(on)
            compiled = str(inner.compile(dialect=dialect))
            body = f"SELECT f.* FROM k CROSS JOIN LATERAL ({compiled} LIMIT 1) AS f"
        else:
            k = table("k", *(column(f"c{i}") for i in range(width)))
            on = and_(*(spec.table.c[name] == k.c[f"c{i}"] for i, name in enumerate(spec.conflict)))
            select_ = select(*columns, owner.label("_owner")).select_from(k.join(joined, on))
            body = str(select_.compile(dialect=dialect))
        _BODIES[cache] = body
    return body
