"""Fields that follow a relationship from one record to others, declared once.

Each factory makes a plain (not async) resolver that returns the related rows at once when
the request has fetched them already, and an awaitable of them otherwise. The resolver
carries its `Step`, so `hub.schema.prefetch` can fetch a whole level of a query in one
statement before the resolvers ask for it.

Declare the GraphQL type on the class attribute:

    requesting_force: Force = to_one("Force", "requesting_force_id", "The host force.")

Once the schema is built, `install_direct_resolvers` lets graphql-core call these resolvers
(and every plain `def field(self)` resolver and attribute read) directly, without strawberry's
per-call wrapping (an Info object, argument conversion, extension hooks) that such resolvers
do not use: a page of a hundred requests runs thousands of them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLObjectType, GraphQLSchema

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
#: The graphql-core resolver `(root, info, **arguments)` equivalent to a strawberry resolver.
DIRECT_ATTRIBUTE = "hub_direct"


def to_one(type_name: str, column: str, description: str, graphql_type: Any = None) -> Any:
    """A field holding the record of `type_name` that the row's `column` points at (its
    GraphQL type from the class attribute's annotation, or from `graphql_type`)."""

    def resolve(root: strawberry.Parent[Any], info: HubInfo) -> Any:
        return info.context.loaders.one_now(type_name, getattr(root, column))

    def direct(root: Any, info: Any) -> Any:
        return info.context.loaders.one_now(type_name, getattr(root, column))

    setattr(resolve, STEP_ATTRIBUTE, One(type_name, column))
    setattr(resolve, DIRECT_ATTRIBUTE, direct)
    return strawberry.field(resolver=resolve, description=description, graphql_type=graphql_type)


def to_many(relation: str, description: str) -> Any:
    """A field holding every child of the row through `relation`."""

    def resolve(root: strawberry.Parent[Any], info: HubInfo) -> Any:
        return info.context.loaders.many_now(relation, root.pk)

    def direct(root: Any, info: Any) -> Any:
        return info.context.loaders.many_now(relation, root.pk)

    setattr(resolve, STEP_ATTRIBUTE, Many(relation))
    setattr(resolve, DIRECT_ATTRIBUTE, direct)
    return strawberry.field(resolver=resolve, description=description)


def to_many_first(relation: str, description: str) -> Any:
    """A field holding the first children of the row through `relation` (argument `first`)."""

    def resolve(root: strawberry.Parent[Any], info: HubInfo, first: LimitArgument = 100) -> Any:
        limit = page_size(info.context, first)
        return info.context.loaders.many_now(relation, root.pk, limit)

    def direct(root: Any, info: Any, first: int = 100) -> Any:
        limit = page_size(info.context, first)
        return info.context.loaders.many_now(relation, root.pk, limit)

    setattr(resolve, STEP_ATTRIBUTE, Many(relation, limited=True))
    setattr(resolve, DIRECT_ATTRIBUTE, direct)
    return strawberry.field(resolver=resolve, description=description)


def install_direct_resolvers(schema: GraphQLSchema) -> int:
    """Let graphql-core call relationship resolvers, plain `def field(self)` resolvers and
    attribute reads directly; the number of fields changed. Fields with permissions or field
    extensions, async resolvers and resolvers that take `info` or arguments keep strawberry's
    wrapping."""
    changed = 0
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        for field in graphql_type.fields.values():
            direct = _direct_of(field.extensions.get("strawberry-definition"))
            if direct is not None:
                field.resolve = direct
                changed += 1
    return changed


def _direct_of(definition: Any) -> Callable[..., Any] | None:
    if definition is None or definition.permission_classes or definition.extensions:
        return None
    resolver = definition.base_resolver
    if resolver is None:  # a plain attribute, read as strawberry's default resolver would
        name = definition.python_name
        return lambda root, _info: getattr(root, name)
    function = resolver.wrapped_func
    direct: Callable[..., Any] | None = getattr(function, DIRECT_ATTRIBUTE, None)
    if direct is not None:
        return direct
    if resolver.is_async or not inspect.isfunction(function):
        return None
    parameters = list(inspect.signature(function).parameters.values())
    if len(parameters) != 1 or parameters[0].name not in ("self", "root"):
        return None
    return lambda root, _info: function(root)
