"""Fields that follow a relationship from one record to others, declared once.

Each factory makes a plain (not async) resolver that returns the related rows at once when
the request has fetched them already, and an awaitable of them otherwise. The resolver
carries its `Step`, so `hub.schema.prefetch` can fetch a whole level of a query in one
statement before the resolvers ask for it.

Declare the GraphQL type on the class attribute:

    requesting_force: Force = to_one("Force", "requesting_force_id", "The host force.")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import strawberry

from hub.resolvers.loaders import Loaders
from hub.resolvers.queries import page_size
from hub.schema.base import HubInfo, LimitArgument


@dataclass(frozen=True)
class One:
    """A to-one relationship: the row of `type_name` whose primary key is in `column`."""

    type_name: str
    column: str

    async def fetch(self, loaders: Loaders, rows: Sequence[Any], _limit: int | None) -> list[Any]:
        """Every related row of `rows`, fetched together."""
        return await loaders.prefetch_one(self.type_name, (getattr(r, self.column) for r in rows))


@dataclass(frozen=True)
class Many:
    """A to-many relationship of `hub.resolvers.catalog.RELATIONS`, perhaps limited by `first`."""

    relation: str
    limited: bool = False

    async def fetch(self, loaders: Loaders, rows: Sequence[Any], limit: int | None) -> list[Any]:
        """Every child of `rows`, fetched together."""
        return await loaders.prefetch_many(self.relation, (row.pk for row in rows), limit)


Step = One | Many
STEP_ATTRIBUTE = "hub_step"


def to_one(type_name: str, column: str, description: str, graphql_type: Any = None) -> Any:
    """A field holding the record of `type_name` that the row's `column` points at (its
    GraphQL type from the class attribute's annotation, or from `graphql_type`)."""

    def resolve(root: strawberry.Parent[Any], info: HubInfo) -> Any:
        return info.context.loaders.one_now(type_name, getattr(root, column))

    setattr(resolve, STEP_ATTRIBUTE, One(type_name, column))
    return strawberry.field(resolver=resolve, description=description, graphql_type=graphql_type)


def to_many(relation: str, description: str) -> Any:
    """A field holding every child of the row through `relation`."""

    def resolve(root: strawberry.Parent[Any], info: HubInfo) -> Any:
        return info.context.loaders.many_now(relation, root.pk)

    setattr(resolve, STEP_ATTRIBUTE, Many(relation))
    return strawberry.field(resolver=resolve, description=description)


def to_many_first(relation: str, description: str) -> Any:
    """A field holding the first children of the row through `relation` (argument `first`)."""

    def resolve(root: strawberry.Parent[Any], info: HubInfo, first: LimitArgument = 100) -> Any:
        limit = page_size(info.context, first)
        return info.context.loaders.many_now(relation, root.pk, limit)

    setattr(resolve, STEP_ATTRIBUTE, Many(relation, limited=True))
    return strawberry.field(resolver=resolve, description=description)
