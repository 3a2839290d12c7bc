"""The estimated cost of an operation: how many records it may return.

Every object a field returns costs 1 (scalars are free). A field with `first` multiplies the
cost of what is under it by `first` (given, from a variable, or the argument's default; a
connection without `first` by the default page size); the `nodes` and `edges` of a
connection are already counted by it; `nodes(ids:)` and `_entities(representations:)` count
one record per id or representation; any other list counts `list_size` records. Asking for
the schema (`__schema`, `__type`, `_service`) costs 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import FieldNode, GraphQLField, GraphQLNamedType, OperationDefinitionNode

from hub.security.analysis import INTROSPECTION_ROOTS, Walk, is_list, named


@dataclass(frozen=True)
class CostModel:
    """What the estimate assumes where the query does not say."""

    default_page_size: int
    max_page_size: int
    list_size: int


def operation_cost(walk: Walk, operation: OperationDefinitionNode, model: CostModel) -> int:
    """The estimated cost of a valid operation."""
    root = walk.schema.get_root_type(operation.operation)
    if root is None:
        return 0
    return _cost(walk, model, operation.selection_set, root)


def _cost(walk: Walk, model: CostModel, selection_set: object, parent: GraphQLNamedType) -> int:
    total = 0
    for node, owner, definition in walk.children(selection_set, parent):  # type: ignore[arg-type]
        name = node.name.value
        if name in INTROSPECTION_ROOTS:
            total += 1
        elif definition is not None and node.selection_set is not None:
            size = _size(walk, model, node, definition, owner)
            total += size * (1 + _cost(walk, model, node.selection_set, named(definition)))
    return total


def _size(
    walk: Walk, model: CostModel, node: FieldNode, definition: GraphQLField, owner: object
) -> int:
    """How many records the field may return."""
    if "first" in definition.args:
        first = walk.argument(node, definition, "first")
        if not isinstance(first, int):  # not given, or a bad variable (reported at execution)
            first = model.default_page_size
        # A `first` over the page size is refused where it is resolved (PAGE_SIZE_EXCEEDED).
        return max(min(first, model.max_page_size), 1)
    if not is_list(definition):
        return 1
    if getattr(owner, "name", "").endswith("Connection"):
        return 1
    for name in ("ids", "representations"):  # `nodes` and `_entities`: one record each
        if name in definition.args:
            given = walk.argument(node, definition, name)
            return len(given) if isinstance(given, list) else model.list_size
    return model.list_size
