"""Per-request batch loaders: one SQL statement per relationship per level of a query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import Row, tuple_

from hub.resolvers.catalog import ENTITIES, RELATIONS
from hub.resolvers.reader import Reader
from hub.resolvers.spec import Entity, Relation

MAX_BATCH = 2_000


class Loaders:
    """Every loader a request may use, created on first use and never shared across requests."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._loaders: dict[tuple[str, ...], DataLoader[Any, Any]] = {}

    def get(self, key: tuple[str, ...], batch: Any) -> DataLoader[Any, Any]:
        """The request's loader under `key`, made with `batch` on first use."""
        loader = self._loaders.get(key)
        if loader is None:
            loader = DataLoader(batch, max_batch_size=MAX_BATCH)
            self._loaders[key] = loader
        return loader

    async def one(self, type_name: str, pk: int | None) -> Row[Any] | None:
        """The row of `type_name` with primary key `pk`."""
        if pk is None:
            return None
        entity = ENTITIES[type_name]
        loader = self.get(("pk", type_name), partial(self._by_pk, entity))
        row: Row[Any] | None = await loader.load(pk)
        return row

    async def by_key(self, type_name: str, key: tuple[str, ...]) -> Row[Any] | None:
        """The row of `type_name` with natural key `key` (the parts of a global id)."""
        entity = ENTITIES[type_name]
        if len(key) != len(entity.key):
            return None
        loader = self.get(("key", type_name), partial(self._by_key, entity))
        row: Row[Any] | None = await loader.load(key)
        return row

    async def many(self, relation: str, parent: int, limit: int | None = None) -> list[Row[Any]]:
        """The children of one parent through a to-many relationship, at most `limit`."""
        spec = RELATIONS[relation]
        loader = self.get(("many", relation, str(limit)), partial(self._children, spec, limit))
        rows: list[Row[Any]] = await loader.load(parent)
        return rows

    async def _by_pk(self, entity: Entity, keys: Sequence[int]) -> list[Row[Any] | None]:
        rows = await self.reader.rows(entity.select().where(entity.pk.in_(list(keys))))
        found = {row.pk: row for row in rows}
        return [found.get(key) for key in keys]

    async def _by_key(
        self, entity: Entity, keys: Sequence[tuple[str, ...]]
    ) -> list[Row[Any] | None]:
        typed = [_typed_key(entity, key) for key in keys]
        valid = [key for key in typed if key is not None]
        if not valid:
            return [None] * len(keys)
        if len(entity.key) == 1:
            condition = entity.key[0].in_([key[0] for key in valid])
        else:
            condition = tuple_(*entity.key).in_(valid)
        labels = [f"key_{index}_" for index in range(len(entity.key))]
        stmt = entity.select().add_columns(
            *(column.label(label) for column, label in zip(entity.key, labels, strict=True))
        )
        rows = await self.reader.rows(stmt.where(condition))
        found = {tuple(row._mapping[label] for label in labels): row for row in rows}
        return [None if key is None else found.get(key) for key in typed]

    async def _children(
        self, relation: Relation, limit: int | None, keys: Sequence[int]
    ) -> list[list[Row[Any]]]:
        rows = await self.reader.rows(relation.select(list(keys), limit))
        grouped: dict[int, list[Row[Any]]] = defaultdict(list)
        for row in rows:
            grouped[row.parent_key].append(row)
        return [grouped.get(key, []) for key in keys]


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
