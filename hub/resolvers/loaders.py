"""Per-request batch loaders: one SQL statement per relationship per level of a query.

Everything a loader has fetched is also remembered by key, so a resolver whose data was
prefetched (see `hub.schema.prefetch`) gets it at once, without awaiting: `one_now` and
`many_now` return the rows themselves when known, and an awaitable of them otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Iterable, Sequence
from datetime import date
from functools import partial
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import BindParameter, Executable, Row, bindparam, tuple_

from hub.resolvers.catalog import ENTITIES, RELATIONS
from hub.resolvers.reader import Reader
from hub.resolvers.spec import Entity, Relation

MAX_BATCH = 2_000
#: A one-row result or a list of rows, or an awaitable of it when not fetched yet.
Maybe = Any


class Loaders:
    """Every loader a request may use, created on first use and never shared across requests."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._loaders: dict[tuple[str, ...], DataLoader[Any, Any]] = {}
        # What the batch functions fetched: ("pk", type, pk) -> row or None;
        # ("many", relation, limit, parent) -> list of rows.
        self._known: dict[tuple[Any, ...], Any] = {}

    def get(self, key: tuple[str, ...], batch: Any) -> DataLoader[Any, Any]:
        """The request's loader under `key`, made with `batch` on first use."""
        loader = self._loaders.get(key)
        if loader is None:
            loader = DataLoader(batch, max_batch_size=MAX_BATCH)
            self._loaders[key] = loader
        return loader

    async def one(self, type_name: str, pk: int | None) -> Row[Any] | None:
        """The row of `type_name` with primary key `pk`."""
        found = self.one_now(type_name, pk)
        row: Row[Any] | None = await found if isinstance(found, Awaitable) else found
        return row

    def one_now(self, type_name: str, pk: int | None) -> Maybe:
        """The row of `type_name` with primary key `pk` if fetched already, else an awaitable."""
        if pk is None:
            return None
        known = self._known.get(("pk", type_name, pk), _UNKNOWN)
        if known is not _UNKNOWN:
            return known
        return self._pk_loader(type_name).load(pk)

    async def prefetch_one(self, type_name: str, pks: Iterable[int | None]) -> list[Row[Any]]:
        """Fetch the rows of these primary keys not fetched yet (one statement at most), and
        return every distinct row found for them."""
        wanted = list(dict.fromkeys(pk for pk in pks if pk is not None))
        missing = [pk for pk in wanted if ("pk", type_name, pk) not in self._known]
        if missing:
            await self._pk_loader(type_name).load_many(missing)
        rows = (self._known.get(("pk", type_name, pk)) for pk in wanted)
        return [row for row in rows if row is not None]

    def _pk_loader(self, type_name: str) -> DataLoader[Any, Any]:
        return self.get(("pk", type_name), partial(self._by_pk, ENTITIES[type_name]))

    async def by_key(self, type_name: str, key: tuple[str, ...]) -> Row[Any] | None:
        """The row of `type_name` with natural key `key` (the parts of a global id)."""
        entity = ENTITIES[type_name]
        if len(key) != len(entity.key):
            return None
        loader = self.get(("key", type_name), partial(self._by_key, entity))
        row: Row[Any] | None = await loader.load(key)
        return row

    async def by_gid(self, type_name: str, gid: str) -> Row[Any] | None:
        """The row of `type_name` whose opaque global id is `gid` (see `hub.standard.ids`)."""
        entity = ENTITIES[type_name]
        if entity.gid is None:
            return None
        loader = self.get(("gid", type_name), partial(self._by_gid, entity))
        row: Row[Any] | None = await loader.load(gid)
        return row

    async def many(self, relation: str, parent: int, limit: int | None = None) -> list[Row[Any]]:
        """The children of one parent through a to-many relationship, at most `limit`."""
        found = self.many_now(relation, parent, limit)
        rows: list[Row[Any]] = await found if isinstance(found, Awaitable) else found
        return rows

    def many_now(self, relation: str, parent: int, limit: int | None = None) -> Maybe:
        """The children of one parent if fetched already, else an awaitable of them."""
        known = self._known.get(("many", relation, limit, parent))
        if known is not None:
            return known
        return self._many_loader(relation, limit).load(parent)

    async def prefetch_many(
        self, relation: str, parents: Iterable[int], limit: int | None = None
    ) -> list[Row[Any]]:
        """Fetch the children of these parents not fetched yet (one statement at most), and
        return all their children."""
        wanted = list(dict.fromkeys(parents))
        missing = [key for key in wanted if ("many", relation, limit, key) not in self._known]
        if missing:
            await self._many_loader(relation, limit).load_many(missing)
        return [row for key in wanted for row in self._known[("many", relation, limit, key)]]

    def _many_loader(self, relation: str, limit: int | None) -> DataLoader[Any, Any]:
        batch = partial(self._children, relation, limit)
        return self.get(("many", relation, str(limit)), batch)

    async def _by_pk(self, entity: Entity, keys: Sequence[int]) -> list[Row[Any] | None]:
        statement = _built(("pk", entity.name), lambda: entity.select().where(entity.pk.in_(KEYS)))
        rows = await self.reader.rows(statement, {"keys": list(keys)})
        found = {row.pk: row for row in rows}
        result = [found.get(key) for key in keys]
        for key, row in zip(keys, result, strict=True):
            self._known[("pk", entity.name, key)] = row
        return result

    async def _by_key(
        self, entity: Entity, keys: Sequence[tuple[str, ...]]
    ) -> list[Row[Any] | None]:
        typed = [_typed_key(entity, key) for key in keys]
        valid = [key for key in typed if key is not None]
        if not valid:
            return [None] * len(keys)
        labels = [f"key_{index}_" for index in range(len(entity.key))]

        def keyed() -> Any:
            return entity.select().add_columns(
                *(column.label(label) for column, label in zip(entity.key, labels, strict=True))
            )

        if len(entity.key) == 1:
            statement = _built(("key", entity.name), lambda: keyed().where(entity.key[0].in_(KEYS)))
            rows = await self.reader.rows(statement, {"keys": [key[0] for key in valid]})
        else:
            rows = await self.reader.rows(keyed().where(tuple_(*entity.key).in_(valid)))
        found = {tuple(row._mapping[label] for label in labels): row for row in rows}
        for row in rows:
            self._known.setdefault(("pk", entity.name, row.pk), row)
        return [None if key is None else found.get(key) for key in typed]

    async def _by_gid(self, entity: Entity, keys: Sequence[str]) -> list[Row[Any] | None]:
        gid = entity.gid
        assert gid is not None
        statement = _built(("gid", entity.name), lambda: entity.select().where(gid.in_(KEYS)))
        rows = await self.reader.rows(statement, {"keys": list(keys)})
        found = {row.gid: row for row in rows}
        for row in rows:
            self._known.setdefault(("pk", entity.name, row.pk), row)
        return [found.get(key) for key in keys]

    async def _children(
        self, name: str, limit: int | None, keys: Sequence[int]
    ) -> list[list[Row[Any]]]:
        relation: Relation = RELATIONS[name]
        limited = limit is not None
        statement = _built(
            ("many", name, str(limited)),
            lambda: relation.select(KEYS, bindparam("limit") if limited else None),
        )
        rows = await self.reader.rows(statement, {"keys": list(keys), "limit": limit})
        grouped: dict[int, list[Row[Any]]] = defaultdict(list)
        for row in rows:
            grouped[row.parent_key].append(row)
        result = [grouped.get(key, []) for key in keys]
        for key, children in zip(keys, result, strict=True):
            self._known[("many", name, limit, key)] = children
        return result


_UNKNOWN = object()
#: The keys a loader's statement is for: bound at execution, so the statement is built once.
KEYS: BindParameter[Any] = bindparam("keys", expanding=True)
_STATEMENTS: dict[tuple[str, ...], Executable] = {}


def _built(key: tuple[str, ...], build: Any) -> Executable:
    """The statement under `key`, built on first use and kept for the process's life."""
    statement = _STATEMENTS.get(key)
    if statement is None:
        statement = _STATEMENTS[key] = build()
    return statement


def _typed_key(entity: Entity, key: tuple[str, ...]) -> tuple[Any, ...] | None:
    """The text parts of a global id as the key columns' types; None when they do not fit."""
    parts: list[Any] = []
    for column, text in zip(entity.key, key, strict=True):
        python_type = column.type.python_type
        try:
            if python_type is int:
                parts.append(int(text))
            elif python_type is date:
                parts.append(date.fromisoformat(text))
            else:
                parts.append(text)
        except ValueError:
            return None
    return tuple(parts)
