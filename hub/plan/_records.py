"""Records as JSON: the part of the compiler that turns a selection on a record into SQL.

Each level of the response is a derived table of its entity (the catalog's columns, key joins
and relations, compiled by SQLAlchemy) inside a scalar subquery that builds the level's JSON;
nested levels refer to their parent's derived table by its alias. Root fields are compiled in
`_compile`; anything not covered exactly raises `Decline`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import (
    BooleanValueNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NullValueNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
)
from sqlalchemy import Select, inspect, literal_column, select
from sqlalchemy.engine import Dialect as SQLDialect
from sqlalchemy.sql.util import find_tables

from hub.plan import _identity as identity
from hub.plan._dialect import Dialect, quoted
from hub.plan._fields import Column, Identity, Personal, RankOf, entity_of, read_of
from hub.plan._filters import Placeholders
from hub.plan._model import DISCLOSED_KEY, Bind, Decline
from hub.resolvers.catalog import ENTITIES, RELATIONS
from hub.resolvers.spec import Entity, Expr
from hub.schema.reference import all_ranks
from hub.schema.relations import Many, One

Fields = dict[str, list[FieldNode]]


@dataclass
class Level:
    """One derived table of an entity: the columns the level's JSON reads from it."""

    entity: Entity
    alias: str
    columns: list[tuple[str, Expr]] = field(default_factory=list)

    def column(self, expression: Expr) -> str:
        """The derived table's column for `expression` (added on first use), as SQL."""
        for label, known in self.columns:
            if known is expression:
                return f"{self.alias}.{label}"
        label = f"c{len(self.columns)}"
        self.columns.append((label, expression))
        return f"{self.alias}.{label}"

    def select(self, *extra: Any, needs: Sequence[Any] = ()) -> Select[Any]:
        """The entity's table with the level's columns (and `pk`), joined to those of its key
        joins that the columns, `extra` or the clauses in `needs` read."""
        labelled = [expression.label(label) for label, expression in self.columns]
        columns = [self.entity.pk.label("pk"), *labelled, *extra]
        stmt = select(*columns).select_from(self.entity.table)
        for target, onclause in _needed_joins(self.entity.joins, [*columns, *needs]):
            stmt = stmt.join(target, onclause)
        return stmt


def _needed_joins(
    joins: Sequence[tuple[Any, Any]], clauses: Sequence[Any]
) -> list[tuple[Any, Any]]:
    """The joins whose tables the clauses read, with the joins those depend on, in order."""
    referenced: set[Any] = set()
    for clause in clauses:
        referenced.update(find_tables(clause, check_columns=True, include_aliases=True))
    kept = []
    for target, onclause in reversed(joins):
        if inspect(target).selectable in referenced:
            kept.append((target, onclause))
            referenced.update(find_tables(onclause, check_columns=True, include_aliases=True))
    return kept[::-1]


class RecordCompiler:
    """What every part of the compiler shares: selections, arguments, records and SQL."""

    def __init__(
        self,
        schema: GraphQLSchema,
        sql_dialect: SQLDialect,
        fragments: dict[str, FragmentDefinitionNode],
        *,
        officers_visible: bool,
        page_default: int,
        variables: Mapping[str, Any] | None = None,
    ) -> None:
        self.schema = schema
        self.sql_dialect = sql_dialect
        self.dialect = Dialect(sql_dialect.name)
        self.fragments = fragments
        self.officers_visible = officers_visible
        self.page_default = page_default
        self.binds: list[Bind] = []
        self.ctes: list[str] = []
        self._aliases = 0
        #: Coerced variable values: only their shape is compiled in (see `_filters`).
        self.variables: Mapping[str, Any] = variables or {}
        self.placeholders = Placeholders({})
        #: Placeholder literals in compiled SQL -> the parameter each stands for.
        self.replacements: dict[str, str] = {}
        #: Personal fields of the record being compiled; whether any record has some.
        self._personal: set[str] = set()
        self.disclosing = False
        #: Whether the statement only looks records up by key (`Plan.light`): cleared by
        #: every list, page, set of ids or aggregate.
        self.light = True

    # --- selections ---------------------------------------------------------------------

    def collect(self, owner: GraphQLObjectType, sets: list[SelectionSetNode]) -> Fields:
        """The fields of the selection sets by response key (fragments and directives applied)."""
        fields: Fields = {}
        for selection_set in sets:
            self._collect(owner, selection_set, fields)
        return fields

    def _collect(
        self, owner: GraphQLObjectType, selection_set: SelectionSetNode, out: Fields
    ) -> None:
        for selection in selection_set.selections:
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                out.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if self._applies(owner, condition.name.value if condition else None):
                    self._collect(owner, selection.selection_set, out)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                if self._applies(owner, fragment.type_condition.name.value):
                    self._collect(owner, fragment.selection_set, out)

    def _included(self, selection: Any) -> bool:
        included = True
        for directive in selection.directives or ():
            name = directive.name.value
            if name not in ("include", "skip"):
                raise Decline(f"@{name} does not compile")
            value = directive.arguments[0].value if directive.arguments else None
            if not isinstance(value, BooleanValueNode):
                raise Decline(f"@{name} with a variable does not compile")
            included = included and (value.value if name == "include" else not value.value)
        return included

    def _applies(self, owner: GraphQLObjectType, condition: str | None) -> bool:
        if condition is None or condition == owner.name:
            return True
        abstract = self.schema.get_type(condition)
        return abstract is not None and self.schema.is_sub_type(abstract, owner)  # type: ignore[arg-type]

    # --- arguments ----------------------------------------------------------------------

    def _arguments(self, node: FieldNode, allowed: set[str]) -> dict[str, Any]:
        found = {}
        for argument in node.arguments or ():
            name = argument.name.value
            if name not in allowed:
                raise Decline(f"argument {name} does not compile")
            found[name] = argument.value
        return found

    def bind(self, kind: Any, value: Any, **extra: Any) -> str:
        """A parameter bound from a variable or a constant of the document; its name."""
        name = f"p{len(self.binds)}"
        if isinstance(value, VariableNode):
            self.binds.append(Bind(name, kind, variable=value.name.value, **extra))
        elif isinstance(value, StringValueNode | IntValueNode) or value is None:
            constant: object = None if value is None else value.value
            if isinstance(value, IntValueNode):
                constant = int(value.value)
            self.binds.append(Bind(name, kind, value=constant, **extra))
        elif isinstance(value, NullValueNode):
            self.binds.append(Bind(name, kind, value=None, **extra))
        else:
            raise Decline("an argument of a shape the compiler leaves alone")
        return name

    def alias(self) -> str:
        self._aliases += 1
        return f"s{self._aliases}"

    # --- records ------------------------------------------------------------------------

    def object(self, level: Level, owner: GraphQLObjectType, nodes: list[FieldNode]) -> str:
        """The JSON object of one record of `level` with the fields the nodes select (and,
        when some are personal, which: `DISCLOSED_KEY`, for the audit)."""
        entity_of(owner)
        outer, self._personal = self._personal, set()
        pairs = []
        for key, group in self.collect(owner, self._sets(nodes)).items():
            pairs.append((key, self.record_field(level, owner, group)))
        if not pairs:
            raise Decline("an empty selection")
        personal, self._personal = self._personal, outer
        if personal:
            if level.entity.gid is None:
                raise Decline("personal fields of a record without an opaque id")
            names = [quoted(name) for name in sorted(personal)]
            pairs.append(
                (DISCLOSED_KEY, self.dialect.array_of([level.column(level.entity.gid), *names]))
            )
            self.disclosing = True
        return self.dialect.obj(pairs)

    def record_field(self, level: Level, owner: GraphQLObjectType, nodes: list[FieldNode]) -> str:
        name = nodes[0].name.value
        if name == "__typename":
            return self.dialect.literal(f'"{owner.name}"')
        read = read_of(owner, name, owner.fields[name])
        d = self.dialect
        if isinstance(read, Column):
            self._arguments(nodes[0], set())
            value = level.column(level.entity.table.c[read.name])
            return d.boolean(value) if read.boolean else value
        if isinstance(read, Identity):
            columns = [level.column(c) for c in identity.id_columns(level.entity)]
            return identity.id_sql(d, level.entity, columns)
        if isinstance(read, RankOf):
            return self.rank(level, owner.fields[name].type, nodes, read.column)
        if isinstance(read, Personal):
            if not self.officers_visible:  # masked with errors and paths: the general path
                raise Decline(f"{owner.name}.{name} is masked for this key")
            self._arguments(nodes[0], set())
            self._personal.add(f"{owner.name}.{name}")
            return level.column(level.entity.table.c[read.column])
        if isinstance(read, One):
            return self.to_one(level, owner.fields[name].type, nodes, read)
        return self.to_many(level, owner.fields[name].type, nodes, read)

    def to_one(self, level: Level, graphql_type: Any, nodes: list[FieldNode], step: One) -> str:
        self._arguments(nodes[0], set())
        fk = level.column(level.entity.table.c[step.column])
        return self._to_one_by(fk, graphql_type, nodes, step)

    def _to_one_by(self, fk: str, graphql_type: Any, nodes: list[FieldNode], step: One) -> str:
        """The record of `step`'s type whose primary key is the SQL value `fk`, as JSON."""
        target = self._object(graphql_type)
        entity = ENTITIES[step.type_name]
        child = Level(entity, self.alias())
        obj = self.object(child, target, nodes)
        stmt = child.select().where(entity.pk == literal_column(fk))
        return self.dialect.nested(f"SELECT {obj} FROM ({self.sql(stmt)}) AS {child.alias}")

    def to_many(self, level: Level, graphql_type: Any, nodes: list[FieldNode], step: Many) -> str:
        self.light = False
        arguments = self._arguments(nodes[0], {"first"} if step.limited else set())
        relation = RELATIONS[step.relation]
        target = self._object(graphql_type)
        child = Level(relation.child, self.alias())
        obj = self.object(child, target, nodes)
        order = (*relation.order_by, relation.child.pk)
        labels = [f"o{i}" for i in range(len(order))]
        needs = [relation.parent_key, *(onclause for _, onclause in relation.via)]
        stmt = child.select(
            *(e.label(label) for e, label in zip(order, labels, strict=True)), needs=needs
        )
        for target_table, onclause in relation.via:
            stmt = stmt.join(target_table, onclause)
        stmt = stmt.where(relation.parent_key == literal_column(f"{level.alias}.pk"))
        stmt = stmt.order_by(*order)
        if step.limited:
            size = self.bind("limit", arguments.get("first"))
            stmt = stmt.limit(literal_column(self.dialect.int_param(size)))
        elif self.dialect.sqlite:
            stmt = stmt.limit(-1)
        by = ", ".join(f"{child.alias}.{label}" for label in labels)
        array = self.dialect.array(obj, by)
        return self.dialect.nested(f"SELECT {array} FROM ({self.sql(stmt)}) AS {child.alias}")

    def rank(self, level: Level, graphql_type: Any, nodes: list[FieldNode], column: str) -> str:
        rank_type = self._object(graphql_type)
        fields = self.collect(rank_type, self._sets(nodes))
        code = level.column(level.entity.table.c[column])
        cases = []
        for rank in all_ranks():
            rank_code = rank.code
            value: dict[str, Any] = {}
            for key, group in fields.items():
                name = group[0].name.value
                if name == "__typename":
                    value[key] = "Rank"
                elif name in ("code", "label", "description", "seniority", "synonyms"):
                    value[key] = getattr(rank, name)
                else:
                    raise Decline(f"Rank.{name}")
            constant = self.dialect.literal(orjson.dumps(value).decode())
            cases.append(f"WHEN {quoted(rank_code)} THEN {constant}")
        return f"(CASE {code} {' '.join(cases)} ELSE NULL END)"

    # --- helpers ------------------------------------------------------------------------

    def _sets(self, nodes: list[FieldNode]) -> list[SelectionSetNode]:
        sets = [node.selection_set for node in nodes if node.selection_set is not None]
        if not sets:
            raise Decline("a field without a selection")
        return sets

    def _input(self, graphql_type: Any) -> Any:
        return graphql_type.of_type if isinstance(graphql_type, GraphQLNonNull) else graphql_type

    def _object(self, graphql_type: Any) -> GraphQLObjectType:
        while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
            graphql_type = graphql_type.of_type
        if not isinstance(graphql_type, GraphQLObjectType):
            raise Decline("an abstract or scalar type")
        return graphql_type

    def sql(self, stmt: Select[Any]) -> str:
        """A statement as SQL text, its filter values' placeholders replaced by parameters."""
        compiled = stmt.compile(dialect=self.sql_dialect, compile_kwargs={"literal_binds": True})
        sql = str(compiled)
        for literal, parameter in self.replacements.items():
            sql = sql.replace(literal, parameter)
        return sql
