"""Measures of a GraphQL document, used by the operation limits and the access policy.

Every walk follows fragment spreads (once per path, so a fragment cycle cannot loop; the
spec's validation reports the cycle) and stops early where the answer is already known.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TokenKind,
    get_named_type,
    get_nullable_type,
    value_from_ast,
)
from graphql.language import Lexer, Source
from graphql.pyutils import Undefined

INTROSPECTION_ROOTS = frozenset({"__schema", "__type", "_service"})


@lru_cache(maxsize=512)  # partners send the same few documents again and again
def count_tokens(query: str, limit: int) -> int:
    """The number of tokens in `query`, counting no further than `limit + 1`."""
    lexer = Lexer(Source(query))
    count = 0
    try:
        while lexer.advance().kind is not TokenKind.EOF and count <= limit:
            count += 1
    except GraphQLError:  # a syntax error: the parser reports it with its location
        return count
    return count


def operations(document: DocumentNode, name: str | None) -> list[OperationDefinitionNode]:
    """The operation that will run (by name, or the only one), else all of them."""
    found = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    named = [op for op in found if name is not None and op.name and op.name.value == name]
    return named or found


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    """The document's fragment definitions by name."""
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def _fields(
    selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
    seen: frozenset[str] = frozenset(),
) -> Iterator[tuple[FieldNode, str | None]]:
    """The fields selected here, through fragments, each with its fragment's type condition."""
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection, None
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            for field, inner in _fields(selection.selection_set, fragments, seen):
                yield field, inner or (condition.name.value if condition else None)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in seen:
                for field, inner in _fields(fragment.selection_set, fragments, seen | {name}):
                    yield field, inner or fragment.type_condition.name.value


def depth(
    selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
    limit: int,
) -> int:
    """The deepest field nesting (root fields at 0), measured no further than `limit + 1`.

    Introspection's `ofType` is not counted: it unwraps one type and never fans out, and the
    standard introspection query nests it seven times.
    """
    deepest = 0
    for field, _ in _fields(selection_set, fragments):
        if field.selection_set is not None and deepest <= limit:
            step = 0 if field.name.value == "ofType" else 1
            deepest = max(deepest, step + depth(field.selection_set, fragments, limit - step))
    return deepest


def aliases(document: DocumentNode) -> int:
    """The number of aliased fields written in the document."""
    count = 0
    stack: list[Any] = list(document.definitions)
    while stack:
        node = stack.pop()
        if isinstance(node, FieldNode) and node.alias is not None:
            count += 1
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            stack.extend(selection_set.selections)
    return count


def root_fields(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> list[str]:
    """The names of the operation's root fields (`__typename` aside)."""
    return [
        field.name.value
        for field, _ in _fields(operation.selection_set, fragments)
        if field.name.value != "__typename"
    ]


def asks_introspection(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> bool:
    """Whether the operation asks for the schema (`__schema`, `__type` or federation's SDL)."""
    return any(name in INTROSPECTION_ROOTS for name in root_fields(operation, fragments))


@dataclass(frozen=True)
class Walk:
    """A walk over a valid operation with its schema types."""

    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]

    def children(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType
    ) -> Iterator[tuple[FieldNode, GraphQLNamedType, GraphQLField | None]]:
        """Each selected field, the type it is selected on, and its definition (if known)."""
        for node, condition in _fields(selection_set, self.fragments):
            owner = self.schema.get_type(condition) if condition else parent
            owner = owner or parent
            definition = None
            if isinstance(owner, GraphQLObjectType | GraphQLInterfaceType):
                definition = owner.fields.get(node.name.value)
            yield node, owner, definition

    def every_field(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType
    ) -> Iterator[tuple[FieldNode, GraphQLNamedType, GraphQLField | None]]:
        """Every field of the operation, at every level, with its owner and definition."""
        for node, owner, definition in self.children(selection_set, parent):
            yield node, owner, definition
            if definition is not None and node.selection_set is not None:
                yield from self.every_field(node.selection_set, named(definition))

    def argument(self, node: FieldNode, definition: GraphQLField, name: str) -> Any:
        """An argument's value as given (literal or variable), or its default."""
        argument = definition.args.get(name)
        if argument is None:
            return None
        for given in node.arguments or ():
            if given.name.value == name:
                value = value_from_ast(given.value, argument.type, dict(self.variables))
                return None if value is Undefined else value
        return None if argument.default_value is Undefined else argument.default_value


def is_list(definition: GraphQLField) -> bool:
    """Whether a field returns a list."""
    return isinstance(get_nullable_type(definition.type), GraphQLList)


def named(definition: GraphQLField) -> GraphQLNamedType:
    """The named type a field returns."""
    return get_named_type(definition.type)
