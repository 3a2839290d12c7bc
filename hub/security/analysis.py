"""Measures of a GraphQL document, used by the operation limits and the access policy.

Every measure takes time in proportion to the document, whatever its fragments do: the
expanded size counts each fragment once and multiplies (`expanded_size`), and the walks that
follow fragments spread each fragment at most once per selection set, as the specification's
field collection does. The limits refuse a document whose expansion is over a bound before
any walk runs, so no walk visits more than that bound.
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
    Node,
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
#: Nested `ofType` fields not counted in the depth: enough for any introspection query.
FREE_OF_TYPE = 10


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


def chosen_operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    """The operation to run, as the specification's GetOperation picks it: the one named
    `name`, or the only one when no name is given; None when there is no such operation."""
    found = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return found[0] if len(found) == 1 else None
    return next((op for op in found if op.name is not None and op.name.value == name), None)


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    """The document's fragment definitions by name."""
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def largest_selection_set(document: DocumentNode) -> tuple[int, Node | None]:
    """The most selections written in one selection set, and that selection set."""
    largest: tuple[int, Node | None] = (0, None)
    stack: list[Any] = list(document.definitions)
    while stack:
        node = stack.pop()
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            if len(selection_set.selections) > largest[0]:
                largest = (len(selection_set.selections), selection_set)
            stack.extend(selection_set.selections)
    return largest


def expanded_size(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode], limit: int
) -> int:
    """The number of selections of the operation with every fragment spread written out in
    full where it is spread, counting no further than `limit + 1`.

    Each fragment is measured once (its selections, plus the expanded size of each spread
    in it), so this takes time in proportion to the document even when the expansion is
    exponential. A fragment that spreads itself (a cycle, which validation reports) counts
    nothing the second time.
    """
    measured: dict[str, int] = {}
    own = {name: _own_selections(fragment) for name, fragment in fragments.items()}
    selections, spreads = _own_selections(operation)
    for name in spreads:
        _measure(name, own, measured, limit)
    return min(selections + sum(measured.get(name, 0) for name in spreads), limit + 1)


def _own_selections(definition: Any) -> tuple[int, list[str]]:
    """The selections written in a definition, and the names of the fragments it spreads."""
    count = 0
    spreads: list[str] = []
    stack: list[Any] = [definition.selection_set]
    while stack:
        selection_set = stack.pop()
        for selection in selection_set.selections:
            count += 1
            if isinstance(selection, FragmentSpreadNode):
                spreads.append(selection.name.value)
            elif selection.selection_set is not None:
                stack.append(selection.selection_set)
    return count, spreads


def _measure(
    start: str,
    own: Mapping[str, tuple[int, list[str]]],
    measured: dict[str, int],
    limit: int,
) -> None:
    """The expanded size of fragment `start` and those it spreads, into `measured` (iterative,
    so a long chain of fragments cannot exhaust the stack)."""
    if start in measured or start not in own:
        return
    on_path: set[str] = {start}
    stack: list[tuple[str, int]] = [(start, 0)]
    while stack:
        name, index = stack[-1]
        spreads = own[name][1]
        if index < len(spreads):
            stack[-1] = (name, index + 1)
            child = spreads[index]
            if child in own and child not in measured and child not in on_path:
                on_path.add(child)
                stack.append((child, 0))
            continue
        stack.pop()
        on_path.discard(name)
        total = own[name][0] + sum(measured.get(child, 0) for child in spreads)
        measured[name] = min(total, limit + 1)


def _fields(
    selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
) -> Iterator[tuple[FieldNode, str | None]]:
    """The fields selected here, through fragments, each with its fragment's type condition.

    As the specification's CollectFields does, each fragment is spread once per selection set
    however often it is named there (which also ends any cycle).
    """
    if selection_set is None:
        return
    visited: set[str] = set()
    stack: list[tuple[Iterator[Any], str | None]] = [(iter(selection_set.selections), None)]
    while stack:
        selections, condition = stack[-1]
        selection = next(selections, None)
        if selection is None:
            stack.pop()
        elif isinstance(selection, FieldNode):
            yield selection, condition
        elif isinstance(selection, InlineFragmentNode):
            inner = selection.type_condition
            stack.append(
                (iter(selection.selection_set.selections), inner.name.value if inner else condition)
            )
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in visited:
                visited.add(name)
                condition_name = fragment.type_condition.name.value
                stack.append((iter(fragment.selection_set.selections), condition_name))


def depth(
    selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
    limit: int,
    free: int = FREE_OF_TYPE,
) -> int:
    """The deepest field nesting (root fields at 0), measured no further than `limit + 1`.

    Introspection's `ofType` is not counted, up to `free` nested in a row: it unwraps one
    type and never fans out, and the standard introspection query nests it seven times.
    """
    deepest = 0
    for field, _ in _fields(selection_set, fragments):
        if field.selection_set is not None and deepest <= limit:
            of_type = field.name.value == "ofType"
            step = 0 if of_type and free > 0 else 1
            left = free - 1 if of_type else FREE_OF_TYPE
            inner = depth(field.selection_set, fragments, limit - step, left)
            deepest = max(deepest, step + inner)
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
