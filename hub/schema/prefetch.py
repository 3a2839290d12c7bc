"""Fetch a query's related records level by level before its resolvers ask for them.

A root field that returns records (a page, a list, one record) calls `prefetch` with its
rows. Walking the operation's selection set under that field, every selected relationship
(`hub.schema.relations`) is fetched for all rows of a level in one statement, the same
statement the resolvers' batch loaders would send, and the next level follows. The
resolvers then find their records already fetched and return them at once: no awaiting,
no batching per object, which is most of what executing a large page costs.

Fields the walk does not know (anything but relationships) are left to their resolvers, so
prefetching never changes an answer, only when its records are fetched.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import get_argument_values

from hub.errors import HubError
from hub.resolvers.context import RequestContext
from hub.resolvers.queries import page_size
from hub.schema.base import HubInfo
from hub.schema.relations import STEP_ATTRIBUTE, Many, Step


async def prefetch(info: HubInfo, rows: Sequence[Any]) -> None:
    """Fetch what the current field's selection asks of `rows` (records of its type)."""
    raw = info._raw_info
    walk = _Walk(info.context, raw)
    await walk.level(rows, get_named_type(raw.return_type).name, _selections(raw.field_nodes))


async def prefetch_page(info: HubInfo, rows: Sequence[Any]) -> None:
    """Fetch what the current connection field's `nodes` and `edges { node }` ask of `rows`."""
    raw = info._raw_info
    walk = _Walk(info.context, raw)
    connection = get_named_type(raw.return_type)
    assert isinstance(connection, GraphQLObjectType)
    sets = _selections(raw.field_nodes)
    edge = get_named_type(connection.fields["edges"].type)
    assert isinstance(edge, GraphQLObjectType)
    wanted = walk.under(connection, sets, "nodes")
    wanted += walk.under(edge, walk.under(connection, sets, "edges"), "node")
    await walk.level(rows, get_named_type(connection.fields["nodes"].type).name, wanted)


class _Walk:
    """One walk over an operation's selection sets, with the request's loaders."""

    def __init__(self, context: RequestContext, raw: GraphQLResolveInfo[Any]) -> None:
        self.context = context
        self.schema: GraphQLSchema = raw.schema
        self.fragments: dict[str, FragmentDefinitionNode] = raw.fragments
        self.variables = raw.variable_values

    async def level(
        self, rows: Sequence[Any], type_name: str, sets: list[SelectionSetNode]
    ) -> None:
        """Fetch, for every row, the relationships the selection sets ask for; then deeper."""
        if not rows or not sets:
            return
        groups: dict[str, list[Any]] = {}
        for row in rows:  # rows of an interface or union say their own type
            groups.setdefault(getattr(row, "typename", None) or type_name, []).append(row)
        follows = []
        for name, group in groups.items():
            owner = self.schema.get_type(name)
            if not isinstance(owner, GraphQLObjectType):
                continue
            for nodes in self.fields(owner, sets).values():
                field = owner.fields.get(nodes[0].name.value)
                step = None if field is None else _step_of(field)
                if field is not None and step is not None:
                    follows.append(self.follow(step, group, field, nodes))
        await asyncio.gather(*follows)

    async def follow(
        self, step: Step, rows: Sequence[Any], field: GraphQLField, nodes: list[FieldNode]
    ) -> None:
        """Fetch one relationship of every row, then what is selected under it."""
        limit = None
        if isinstance(step, Many) and step.limited:
            try:
                arguments = get_argument_values(field, nodes[0], self.variables)
                limit = page_size(self.context, arguments.get("first"))
            except (HubError, ValueError, TypeError):
                return  # the resolver reports the bad argument where it belongs
        related = await step.fetch(self.context.loaders, rows, limit)
        await self.level(related, get_named_type(field.type).name, _selections(nodes))

    def under(
        self, owner: GraphQLObjectType, sets: Iterable[SelectionSetNode], name: str
    ) -> list[SelectionSetNode]:
        """The selection sets under every field `name` that the selection sets ask of `owner`."""
        nodes = self.fields(owner, sets).values()
        return _selections(node for group in nodes for node in group if node.name.value == name)

    def fields(
        self, owner: GraphQLObjectType, sets: Iterable[SelectionSetNode]
    ) -> dict[str, list[FieldNode]]:
        """The fields the selection sets ask of an `owner`, by response key (fragments merged)."""
        found: dict[str, list[FieldNode]] = {}
        self._collect(owner, sets, found, set())
        return found

    def _collect(
        self,
        owner: GraphQLObjectType,
        sets: Iterable[SelectionSetNode],
        found: dict[str, list[FieldNode]],
        spread: set[str],
    ) -> None:
        for selection_set in sets:
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    found.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    if self._applies(owner, selection.type_condition):
                        self._collect(owner, [selection.selection_set], found, spread)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if fragment and name not in spread:
                        spread.add(name)
                        if self._applies(owner, fragment.type_condition):
                            self._collect(owner, [fragment.selection_set], found, spread)

    def _applies(self, owner: GraphQLObjectType, condition: NamedTypeNode | None) -> bool:
        if condition is None or condition.name.value == owner.name:
            return True
        abstract = self.schema.get_type(condition.name.value)
        return (
            abstract is not None
            and not isinstance(abstract, GraphQLObjectType)
            and (
                self.schema.is_sub_type(abstract, owner)  # type: ignore[arg-type]
            )
        )


def _selections(nodes: Iterable[FieldNode]) -> list[SelectionSetNode]:
    return [node.selection_set for node in nodes if node.selection_set is not None]


def _step_of(field: GraphQLField) -> Step | None:
    """The relationship a field follows, if it was declared with `hub.schema.relations`."""
    definition = field.extensions.get("strawberry-definition")
    resolver = getattr(definition, "base_resolver", None)
    step: Step | None = getattr(getattr(resolver, "wrapped_func", None), STEP_ATTRIBUTE, None)
    return step
