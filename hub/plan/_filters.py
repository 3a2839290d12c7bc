"""Filters and cursors of a compiled page: the catalog's own conditions, over parameters.

A page's `filter` is compiled by calling the catalog's conditions (`hub/resolvers/catalog.py`)
with placeholders: each value a client gives (a code, a status, a date, a search text) becomes a
distinct string that SQLAlchemy renders as a literal, which the compiler then replaces by a
parameter. The statement thus holds the general path's very conditions, and the values are
bound at run time. What the statement depends on besides the values (which filter fields are
given, how many codes a list holds, whether `after` is given) is the variables' *shape*: a
plan is kept per shape (`shape_of`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from types import SimpleNamespace
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    ValueNode,
    VariableNode,
    value_from_ast,
)
from graphql.language import ArgumentNode, Visitor, visit

from hub.plan._model import Convert, Decline, Leaf
from hub.plan._nodes import ID_ARGUMENTS, id_types
from hub.schema.filters import MAX_TEXT, MAX_VALUES

#: Arguments whose variables decide the statement's shape, not only its parameters.
SHAPED_ARGUMENTS = frozenset({"filter", "after"})


def shape_of(value: Any) -> Any:
    """What a statement depends on in a variable's value: which input fields are given and how
    long each list is, not the values themselves."""
    if value is None:
        return None
    if isinstance(value, list):
        return tuple(shape_of(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((k, shape_of(v)) for k, v in value.items() if v is not None))
    return "v"


#: How a shaped variable's value becomes its part of the shape, by the kind of argument.
SHAPERS: dict[str, Callable[[Any], Any]] = {"shape": shape_of, "ids": id_types}


class _ArgumentVariables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: set[tuple[str, str]] = set()

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        name = node.name.value
        if name in SHAPED_ARGUMENTS or name in ID_ARGUMENTS:
            kind = "ids" if name in ID_ARGUMENTS else "shape"
            visit(node.value, _Variables(self.found, kind))


class _Variables(Visitor):
    def __init__(self, found: set[tuple[str, str]], kind: str) -> None:
        super().__init__()
        self.found = found
        self.kind = kind

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        self.found.add((node.name.value, self.kind))


def shaped_variables(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> tuple[tuple[str, str], ...]:
    """The variables used in `filter`, `after`, `id` and `ids` arguments of the operation or its
    fragments, each with the kind of its shape (a key of `SHAPERS`)."""
    walker = _ArgumentVariables()
    for node in (operation, *fragments.values()):
        visit(node, walker)
    return tuple(sorted(walker.found))


def shape(shaped: tuple[tuple[str, str], ...], values: Mapping[str, Any]) -> tuple[Any, ...]:
    """The shape of this request's variables: what its plan is chosen by."""
    return tuple(SHAPERS[kind](values.get(name)) for name, kind in shaped)


def value_tree(node: ValueNode, graphql_type: Any, variables: Mapping[str, Any]) -> Any:
    """An argument's value with a `Leaf` for each scalar: None, a list, a dict by input field
    name, or a Leaf."""
    if isinstance(node, VariableNode):
        name = node.name.value
        return _variable_tree(name, (), variables.get(name), graphql_type)
    if isinstance(node, NullValueNode):
        return None
    if isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    if isinstance(graphql_type, GraphQLList):
        items = node.values if isinstance(node, ListValueNode) else (node,)
        return [value_tree(item, graphql_type.of_type, variables) for item in items]
    if isinstance(graphql_type, GraphQLInputObjectType):
        if not isinstance(node, ObjectValueNode):
            raise Decline("an input object of an odd shape")
        tree: dict[str, Any] = dict.fromkeys(graphql_type.fields)
        for field in node.fields:
            name = field.name.value
            tree[name] = value_tree(field.value, graphql_type.fields[name].type, variables)
        return tree
    value = value_from_ast(node, graphql_type)
    return Leaf(None, (), value, _scalar(graphql_type))


def _variable_tree(name: str, path: tuple[str | int, ...], value: Any, graphql_type: Any) -> Any:
    if value is None:
        return None
    if isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    if isinstance(graphql_type, GraphQLList):
        items = value if isinstance(value, list) else [value]
        return [
            _variable_tree(name, (*path, i), item, graphql_type.of_type)
            for i, item in enumerate(items)
        ]
    if isinstance(graphql_type, GraphQLInputObjectType):
        tree: dict[str, Any] = dict.fromkeys(graphql_type.fields)
        for key, item in value.items():
            tree[key] = _variable_tree(name, (*path, key), item, graphql_type.fields[key].type)
        return tree
    return Leaf(name, path, None, _scalar(graphql_type))


def _scalar(graphql_type: Any) -> str:
    if isinstance(graphql_type, GraphQLEnumType):
        return "String"
    if isinstance(graphql_type, GraphQLScalarType) and graphql_type.name in ("String", "Date"):
        return graphql_type.name
    raise Decline("a filter value of a type the compiler leaves alone")


@dataclass
class Placeholders:
    """The placeholder strings handed to the catalog's conditions, and what each stands for."""

    leaves: dict[str, tuple[Leaf, Convert]]

    def conditions(
        self,
        entity_filters: Mapping[str, Callable[[Any], Any]],
        filter_type: Any,
        tree: Any,
        refused: frozenset[str],
    ) -> list[Any]:
        """The catalog's conditions for the filter's given fields, over placeholders; Decline
        for a field in `refused` (a search of personal data: the general path audits it)."""
        found = []
        for python_name, value in self.given(filter_type, tree).items():
            if python_name in refused:
                raise Decline(f"filter field {python_name} reads personal data")
            condition = entity_filters[python_name]
            searching = condition.__qualname__.startswith("search.")
            found.append(condition(self._python(value, "search" if searching else None)))
        return found

    def given(self, filter_type: Any, tree: Any) -> dict[str, Any]:
        """The filter's given fields by their Python names (the resolvers' filter names)."""
        if tree is None:
            return {}
        fields = filter_type.fields
        return {
            fields[name].extensions["strawberry-definition"].python_name: value
            for name, value in tree.items()
            if value is not None
        }

    def values(self, filter_type: Any, tree: Any) -> dict[str, Any]:
        """The filter's given fields by Python name, over placeholders (no search among them)."""
        return {
            name: self._python(value, None) for name, value in self.given(filter_type, tree).items()
        }

    def _python(self, value: Any, convert: Convert | None) -> Any:
        if isinstance(value, list):
            if len(value) > MAX_VALUES:
                raise Decline("a list the general path refuses")
            return [self._python(item, convert) for item in value]
        if isinstance(value, dict):
            given = {_snake(k): self._python(v, convert) for k, v in value.items()}
            return SimpleNamespace(**given)
        if value is None:
            return None
        if convert is None:
            convert = "date" if value.scalar == "Date" else "text"
        sentinel = f"hubleaf{len(self.leaves)}x"
        self.leaves[sentinel] = (value, convert)
        return sentinel


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def leaf_value(leaf: Leaf, convert: Convert, variables: Mapping[str, Any], sqlite: bool) -> Any:
    """A placeholder's value in this request, as the driver takes it."""
    value: Any = leaf.value
    if leaf.variable is not None:
        value = variables.get(leaf.variable)
        for step in leaf.path:
            value = value[step]  # the shape matched, so the path exists
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, date):
        return value.isoformat() if sqlite else value
    if not isinstance(value, str):
        raise Decline("a filter value of an unexpected kind")
    if len(value) > MAX_TEXT:
        raise Decline("a text the general path refuses")
    if convert == "search":
        needle = value.strip().lower()
        return needle.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return value
