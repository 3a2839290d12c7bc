"""What each field of the graph reads, as far as a compiled read can tell from the schema.

A field is a column of its entity's table (a plain attribute named after the column), a
relationship (the `One`/`Many` step its resolver carries), the global id, the officer's rank
(from the code list), or something else, which the compiler declines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)

from hub.plan._model import Decline
from hub.resolvers.catalog import ENTITIES
from hub.resolvers.spec import Entity
from hub.schema.relations import STEP_ATTRIBUTE, Many, One
from hub.security.policy import PERSONAL_FIELDS

#: Scalars whose column value is its JSON value on both databases (dates as ISO text).
PLAIN_SCALARS = frozenset({"String", "ID", "Int", "Date"})


@dataclass(frozen=True)
class Column:
    """A column of the entity's table, and whether it is a boolean."""

    name: str
    boolean: bool


@dataclass(frozen=True)
class Identity:
    """The record's global id."""


@dataclass(frozen=True)
class RankOf:
    """The officer's rank, from the code list by the rank code column."""

    column: str


@dataclass(frozen=True)
class Personal:
    """A personal field (a name, a service number): a column, disclosed and audited."""

    column: str


FieldRead = Column | Identity | RankOf | Personal | One | Many


def entity_of(graphql_type: GraphQLObjectType) -> Entity:
    """The catalog's entity behind an object type of the graph."""
    entity = ENTITIES.get(graphql_type.name)
    if entity is None:
        raise Decline(f"{graphql_type.name} is not a record of the catalog")
    return entity


def read_of(owner: GraphQLObjectType, name: str, field: GraphQLField) -> FieldRead:
    """What field `name` of `owner` reads; Decline when the compiler cannot say."""
    entity = entity_of(owner)
    definition: Any = field.extensions.get("strawberry-definition")
    if definition is None or definition.permission_classes or definition.extensions:
        raise Decline(f"{owner.name}.{name} is not a plain field")
    resolver = definition.base_resolver
    if name == "id":
        return Identity()
    if resolver is not None:
        step = getattr(resolver.wrapped_func, STEP_ATTRIBUTE, None)
        if isinstance(step, One | Many):
            return step
        if _named(field.type).name == "Rank" and "rank" in entity.table.c:
            return RankOf("rank")
        column = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
        if name in PERSONAL_FIELDS.get(owner.name, ()) and column in entity.table.c:
            return Personal(column)
        raise Decline(f"{owner.name}.{name} has its own resolver")
    column = definition.python_name
    if column not in entity.table.c:
        raise Decline(f"{owner.name}.{name} is not a column")
    field_type = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    if isinstance(field_type, GraphQLEnumType):
        return Column(column, boolean=False)
    if isinstance(field_type, GraphQLScalarType) and field_type.name == "Boolean":
        return Column(column, boolean=True)
    if isinstance(field_type, GraphQLScalarType) and field_type.name in PLAIN_SCALARS:
        return Column(column, boolean=False)
    raise Decline(f"{owner.name}.{name} is of a type the compiler leaves alone")


def _named(graphql_type: Any) -> Any:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return graphql_type
