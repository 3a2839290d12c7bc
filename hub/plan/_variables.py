"""Variables coerced without graphql-core's walk, where a simple rule gives the same values.

graphql-core's `get_variable_values` walks every value (for `_entities`' 100 representations,
about a thousand calls). For the types partners' documents use (String, ID given as text, Int,
Boolean, `_Any`, and non-null or list wrappers of these) the coerced value is the value itself,
so it is checked here and passed on; anything else (enums, input objects, dates, an ID given as
a number, a missing variable with a default, one value where a list is expected) goes through
graphql-core as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    VariableDefinitionNode,
    type_from_ast,
)

#: A check of one value: whether graphql-core would coerce it to itself.
Check = Callable[[Any], bool]

#: The largest and smallest GraphQL Int (32 bits, signed).
MAX_INT = 2**31 - 1
MIN_INT = -(2**31)


def _int(value: Any) -> bool:
    return type(value) is int and MIN_INT <= value <= MAX_INT


#: Named types whose coerced value is the given value, when it passes the check.
SCALARS: dict[str, Check] = {
    "String": lambda value: type(value) is str,
    "ID": lambda value: type(value) is str,
    "Int": _int,
    "Boolean": lambda value: type(value) is bool,
    "_Any": lambda value: True,
}


def _check(graphql_type: Any) -> Check | None:
    """The check of a value of this (input) type, or None if no simple rule covers it."""
    if isinstance(graphql_type, GraphQLNonNull):
        inner = _check(graphql_type.of_type)
        if inner is None:
            return None
        return lambda value: value is not None and inner(value)
    if isinstance(graphql_type, GraphQLList):
        if _is_any(graphql_type.of_type):  # `_entities`' representations: no call per item
            return lambda value: value is None or (type(value) is list and None not in value)
        item = _check(graphql_type.of_type)
        if item is None:
            return None
        return lambda value: (
            value is None or (type(value) is list and all(item(each) for each in value))
        )
    if isinstance(graphql_type, GraphQLScalarType) and graphql_type.name in SCALARS:
        scalar = SCALARS[graphql_type.name]
        return lambda value: value is None or scalar(value)
    return None


def _is_any(graphql_type: Any) -> bool:
    """Whether the type is `_Any!`, whose coerced value is any value given but null."""
    of_type = getattr(graphql_type, "of_type", None)
    return isinstance(graphql_type, GraphQLNonNull) and getattr(of_type, "name", "") == "_Any"


Coercer = Callable[[dict[str, Any]], dict[str, Any] | None]


def simple_coercer(
    schema: GraphQLSchema, definitions: Sequence[VariableDefinitionNode]
) -> Coercer | None:
    """A function giving the coerced variables, or None where graphql-core must decide; None
    (no such function) if a variable's type has no simple rule."""
    checks: list[tuple[str, Check]] = []
    for definition in definitions:
        if definition.default_value is not None or definition.directives:
            return None
        check = _check(type_from_ast(schema, definition.type))  # type: ignore[arg-type]
        if check is None:
            return None
        checks.append((definition.variable.name.value, check))

    def coerce(given: dict[str, Any]) -> dict[str, Any] | None:
        coerced: dict[str, Any] = {}
        for name, check in checks:
            if name not in given:
                return None  # graphql-core: omitted, or an error for a non-null variable
            value = given[name]
            if not check(value):
                return None
            coerced[name] = value
        return coerced

    return coerce
