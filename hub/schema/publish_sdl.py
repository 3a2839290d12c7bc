"""The published SDL, read back: what is the hub's own and what is federation machinery."""

from __future__ import annotations

from collections.abc import Iterator

import graphql
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    StringValueNode,
)
from strawberry.schema.base import BaseSchema

BUILT_IN_SCALARS = frozenset(graphql.specified_scalar_types)


def schema_sdl(schema: BaseSchema) -> str:
    """The SDL to publish, federation directives included: partners compose against it."""
    return schema.as_str().rstrip("\n") + "\n"


def parse_sdl(sdl: str) -> GraphQLSchema:
    """A graphql-core schema from published SDL.

    The SDL uses `@key` and `@link` without defining them (the federation spec does), so it is
    built without SDL validation; the directives stay on each definition's `ast_node`.
    """
    return graphql.build_schema(sdl, assume_valid_sdl=True, no_location=True)


def is_machinery_type(name: str) -> bool:
    """Introspection (`__Type`), federation (`_Any`, `link__Import`) or a built-in scalar."""
    return name.startswith("_") or "__" in name or name in BUILT_IN_SCALARS


def own_types(schema: GraphQLSchema) -> list[GraphQLNamedType]:
    """The hub's own named types, sorted by name."""
    return [
        schema.type_map[name] for name in sorted(schema.type_map) if not is_machinery_type(name)
    ]


def own_fields(
    type_: GraphQLObjectType | GraphQLInterfaceType,
) -> Iterator[tuple[str, GraphQLField]]:
    """The fields of a type in schema order, without the federation root fields (`_entities`)."""
    return ((name, field) for name, field in type_.fields.items() if not name.startswith("_"))


def keys(type_: GraphQLNamedType) -> list[str]:
    """The `fields` of each federation `@key` on a type's definition, in order."""
    if type_.ast_node is None:
        return []
    found: list[str] = []
    for directive in type_.ast_node.directives or ():
        if directive.name.value != "key":
            continue
        found.extend(
            argument.value.value
            for argument in directive.arguments or ()
            if argument.name.value == "fields" and isinstance(argument.value, StringValueNode)
        )
    return found


def undescribed(schema: BaseSchema) -> list[str]:
    """Coordinates of the hub's own types, fields, arguments and enum values with no description."""
    missing: list[str] = []
    for type_ in own_types(parse_sdl(schema_sdl(schema))):
        if not _described(type_.description):
            missing.append(type_.name)
        missing.extend(_undescribed_members(type_))
    return sorted(missing)


def _undescribed_members(type_: GraphQLNamedType) -> Iterator[str]:
    if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
        for name, field in own_fields(type_):
            if not _described(field.description):
                yield f"{type_.name}.{name}"
            for arg_name, arg in field.args.items():
                if not _described(arg.description):
                    yield f"{type_.name}.{name}({arg_name}:)"
    elif isinstance(type_, GraphQLInputObjectType):
        for name, input_field in type_.fields.items():
            if not _described(input_field.description):
                yield f"{type_.name}.{name}"
    elif isinstance(type_, GraphQLEnumType):
        for name, value in type_.values.items():
            if not _described(value.description):
                yield f"{type_.name}.{name}"


def _described(description: str | None) -> bool:
    return bool(description and description.strip())
