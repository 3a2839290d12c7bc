"""The compiler: one operation of a validated document -> one SQL statement (a `Plan`).

The root fields are compiled here (look-ups, pages with their filters and cursors, `node`,
`nodes`, `_entities`, the management information); the records under them in `_records`.
Anything not covered exactly raises `Decline`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    EnumValueNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLID,
    GraphQLList,
    GraphQLObjectType,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    VariableNode,
    get_named_type,
    value_from_ast,
)
from sqlalchemy import func, literal_column, text, tuple_

from hub.plan import _identity as identity
from hub.plan._aggregates import AGGREGATES, DERIVED, group_by_of, statement_of
from hub.plan._dialect import quoted
from hub.plan._fields import PLAIN_SCALARS, entity_of
from hub.plan._filters import value_tree
from hub.plan._model import Bind, Decline, Plan
from hub.plan._nodes import id_types
from hub.plan._records import Level, RecordCompiler
from hub.resolvers.catalog import ENTITIES
from hub.resolvers.pagination import Order
from hub.resolvers.spec import Entity
from hub.schema.relations import STEP_ATTRIBUTE, One
from hub.security.policy import PERSONAL_FILTERS, PERSONAL_ORDERS

#: Root look-ups by a natural key: field -> (entity, argument).
ROOT_LOOKUPS = {
    "mutualAidRequest": ("MutualAidRequest", "reference"),
    "force": ("Force", "code"),
    "operation": ("Operation", "code"),
    "location": ("Location", "code"),
}
#: Root pages (Relay connections) the compiler takes, when unfiltered and from the start.
ROOT_PAGES = {
    "mutualAidRequests": "MutualAidRequest",
    "operations": "Operation",
    "planningUnits": "PlanningUnit",
    "deployments": "Deployment",
    "locations": "Location",
    "officers": "Officer",
}


@dataclass
class PageParts:
    """What a root page's fields share: its rows (a CTE), size, order and filter."""

    cte: str
    size: str
    order: Order
    conditions: list[Any]
    after: bool


class Compiler(RecordCompiler):
    """Compiles one operation for one role and database."""

    def compile(self, operation: OperationDefinitionNode) -> Plan:
        """The plan of a query operation."""
        if operation.operation.value != "query":
            raise Decline("only queries compile")
        root = self.schema.query_type
        assert root is not None
        pairs = []
        for key, nodes in self.collect(root, [operation.selection_set]).items():
            pairs.append((key, self.root_field(root, nodes)))
        data = self.dialect.obj(pairs)
        sql = f"SELECT {data if self.dialect.sqlite else f'CAST({data} AS text)'} AS data"
        if self.ctes:
            sql = "WITH " + ", ".join(self.ctes) + " " + sql
        name = operation.name.value if operation.name else None
        statement = text(sql)
        driver = statement.compile(dialect=self.sql_dialect)
        positions = tuple(driver.positiontup or ())
        return Plan(
            name,
            self.dialect.name,
            sql,
            statement,
            tuple(self.binds),
            driver.string,
            positions,
            disclosing=self.disclosing,
            light=self.light,
        )

    # --- root fields --------------------------------------------------------------------

    def root_field(self, root: GraphQLObjectType, nodes: list[FieldNode]) -> str:
        name = nodes[0].name.value
        if name == "__typename":
            return self.dialect.literal('"Query"')
        if name in ROOT_LOOKUPS:
            return self.lookup(root, nodes, *ROOT_LOOKUPS[name])
        if name in ROOT_PAGES:
            return self.page(root, nodes, ENTITIES[ROOT_PAGES[name]])
        if name == "_entities":
            return self.entities(nodes)
        if name in ("node", "nodes"):
            return self.node(nodes, many=name == "nodes")
        if name in AGGREGATES:
            return self.aggregate(root, nodes)
        raise Decline(f"root field {name} does not compile")

    def lookup(
        self, root: GraphQLObjectType, nodes: list[FieldNode], type_name: str, arg: str
    ) -> str:
        arguments = self._arguments(nodes[0], {arg})
        param = self.bind("text", arguments.get(arg))
        graphql_type = self._object(root.fields[nodes[0].name.value].type)
        entity = ENTITIES[type_name]
        level = Level(entity, self.alias())
        obj = self.object(level, graphql_type, nodes)
        key = entity.key[0]
        stmt = level.select(needs=[key]).where(
            key == literal_column(self.dialect.text_param(param))
        )
        return self.dialect.nested(f"SELECT {obj} FROM ({self.sql(stmt)}) AS {level.alias}")

    def page(self, root: GraphQLObjectType, nodes: list[FieldNode], entity: Entity) -> str:
        self.light = False
        arguments = self._arguments(nodes[0], {"first", "after", "filter", "orderBy"})
        root_field = root.fields[nodes[0].name.value]
        order = self._order(entity, arguments.get("orderBy"))
        conditions = self._filter(entity, root_field.args["filter"].type, arguments.get("filter"))
        after = self._after(entity, order, arguments.get("after"))
        first = self.bind("page_size", arguments.get("first"))
        parts = PageParts(
            f"page{len(self.ctes) + 1}",
            self.dialect.int_param(first),
            order,
            conditions,
            bool(after),
        )
        connection = self._object(root_field.type)
        node_type = self._object(connection.fields["nodes"].type)
        level = Level(entity, self.alias())
        pairs = []
        for key, group in self.collect(connection, self._sets(nodes)).items():
            pairs.append((key, self.connection_field(group, level, node_type, parts)))
        column = entity.orders[order.field]
        sort = (column.desc(), entity.pk.desc()) if order.descending else (column, entity.pk)
        where = [*conditions, *after]
        stmt = level.select(func.row_number().over(order_by=sort).label("rn"), needs=where)
        stmt = stmt.where(*where).order_by(*sort).limit(literal_column(f"{parts.size} + 1"))
        cte = parts.cte
        self.ctes.append(f"{cte} AS ({self.sql(stmt)})")
        return self.dialect.obj(pairs)

    def _order(self, entity: Entity, value: Any) -> Order:
        if value is None or isinstance(value, NullValueNode):
            order = Order(entity.default_order)
        elif isinstance(value, ObjectValueNode):
            given = {f.name.value: f.value for f in value.fields}
            if any(not isinstance(v, EnumValueNode) for v in given.values()):
                raise Decline("an order from variables does not compile")
            field_name = given.get("field")
            direction = given.get("direction")
            order = Order(
                field_name.value if isinstance(field_name, EnumValueNode) else entity.default_order,
                descending=isinstance(direction, EnumValueNode) and direction.value == "DESC",
            )
        else:
            raise Decline("an order from a variable does not compile")
        if order.field in PERSONAL_ORDERS.get(entity.name, {}) and not self.officers_visible:
            raise Decline("an order by personal data: the general path refuses or narrows it")
        return order

    def _filter(self, entity: Entity, argument_type: Any, value: Any) -> list[Any]:
        """A page's filter as the catalog's conditions over parameters."""
        if value is None:
            return []
        tree = value_tree(value, argument_type, self.variables)
        filter_type = self._input(argument_type)
        refused = PERSONAL_FILTERS.get(entity.name, frozenset())
        conditions = self.placeholders.conditions(entity.filters, filter_type, tree, refused)
        self._bind_placeholders()
        return conditions

    def _bind_placeholders(self) -> None:
        """A parameter for each placeholder not bound yet."""
        for sentinel, (leaf, convert) in self.placeholders.leaves.items():
            literal = f"'{sentinel}'"
            if literal in self.replacements:
                continue
            name = f"p{len(self.binds)}"
            self.binds.append(Bind(name, "leaf", leaf=leaf, convert=convert))
            self.replacements[literal] = self.dialect.value_param(name, convert)

    def _after(self, entity: Entity, order: Order, value: Any) -> list[Any]:
        """A page's `after` as a keyset condition (none when it is not given)."""
        if value is None or isinstance(value, NullValueNode):
            return []
        if isinstance(value, VariableNode) and self.variables.get(value.name.value) is None:
            return []
        if not isinstance(value, VariableNode | StringValueNode):
            raise Decline("a cursor of an odd kind")
        name = self.bind("cursor", value, order=(order.field, order.descending))
        pk: Any = literal_column(self.dialect.int_param(name))
        column = entity.orders[order.field]
        mark = entity.base(column).where(entity.pk == pk).correlate(None).scalar_subquery()
        key, point = tuple_(column, entity.pk), tuple_(mark, pk)
        return [key < point if order.descending else key > point]

    def connection_field(
        self, nodes: list[FieldNode], level: Level, node_type: GraphQLObjectType, parts: PageParts
    ) -> str:
        name = nodes[0].name.value
        self._arguments(nodes[0], set())
        d = self.dialect
        cte, size, order = parts.cte, parts.size, parts.order
        rows = (
            f"(SELECT * FROM {cte} WHERE rn <= {size} ORDER BY rn {d.no_limit()}) AS {level.alias}"
        )
        if name == "__typename":
            raise Decline("__typename of a connection")
        if name == "totalCount":
            return self._count(level.entity, parts.conditions)
        if name == "nodes":
            obj = self.object(level, node_type, nodes)
            return d.nested(f"SELECT {d.array(obj, level.alias + '.rn')} FROM {rows}")
        if name == "edges":
            edge_type = self._object(self._connection_type(node_type).fields["edges"].type)
            pairs = []
            for key, group in self.collect(edge_type, self._sets(nodes)).items():
                field_name = group[0].name.value
                if field_name == "node":
                    pairs.append((key, self.object(level, node_type, group)))
                elif field_name == "cursor":
                    pairs.append((key, self._cursor(level, order)))
                else:
                    raise Decline(f"edge field {field_name}")
            return d.nested(f"SELECT {d.array(d.obj(pairs), level.alias + '.rn')} FROM {rows}")
        if name == "pageInfo":
            return self.page_info(nodes, level, parts)
        raise Decline(f"connection field {name}")

    def _connection_type(self, node_type: GraphQLObjectType) -> GraphQLObjectType:
        found = self.schema.get_type(f"{node_type.name}Connection")
        if not isinstance(found, GraphQLObjectType):
            raise Decline("connection type")
        return found

    def _cursor(self, level: Level, order: Order) -> str:
        return identity.cursor_sql(self.dialect, order, f"{level.alias}.pk")

    def _count(self, entity: Entity, conditions: list[Any]) -> str:
        stmt = entity.base(entity.pk).where(*conditions)
        return f"(SELECT count(*) FROM ({self.sql(stmt)}) AS counted)"

    def page_info(self, nodes: list[FieldNode], level: Level, parts: PageParts) -> str:
        info_type = self.schema.get_type("PageInfo")
        assert isinstance(info_type, GraphQLObjectType)
        d = self.dialect
        cte, size, order = parts.cte, parts.size, parts.order
        alias = level.alias
        cursor = self._cursor(level, order)
        pairs = []
        for key, group in self.collect(info_type, self._sets(nodes)).items():
            name = group[0].name.value
            if name == "hasNextPage":
                value = d.boolean(f"((SELECT count(*) FROM {cte}) > {size})")
            elif name == "hasPreviousPage":
                value = d.literal("true" if parts.after else "false")
            elif name == "startCursor":
                value = f"(SELECT {cursor} FROM {cte} AS {alias} WHERE rn = 1 AND rn <= {size})"
            elif name == "endCursor":
                value = (
                    f"(SELECT {cursor} FROM {cte} AS {alias} WHERE rn <= {size} "
                    "ORDER BY rn DESC LIMIT 1)"
                )
            else:
                raise Decline(f"pageInfo field {name}")
            pairs.append((key, value))
        return d.obj(pairs)

    def entities(self, nodes: list[FieldNode]) -> str:
        self.light = False
        arguments = self._arguments(nodes[0], {"representations"})
        owners = self._entity_types(nodes)
        if len(owners) != 1:
            raise Decline("_entities of more or fewer than one type")
        owner = owners[0]
        entity = entity_of(owner)
        if entity.name == "Officer" and not self.officers_visible:
            raise Decline("officers this key may not see look like missing ones")
        stored = identity.stored_id(entity)
        key_columns = identity.id_columns(entity)
        if not stored and any(c.type.python_type is not str for c in key_columns):
            raise Decline("a natural key that is not all text")
        param = self.bind(
            "representations",
            arguments.get("representations"),
            type_name=entity.name,
            stored=stored,
            key_size=len(key_columns),
        )
        d = self.dialect
        level = Level(entity, self.alias())
        obj = self.object(level, owner, nodes)
        matches = [
            column == literal_column(self._element("r.value", i))
            for i, column in enumerate(key_columns)
        ]
        rows = level.select(needs=key_columns).where(*matches)
        one = f"SELECT {obj} FROM ({self.sql(rows)}) AS {level.alias}"
        if d.sqlite:
            reps = (
                f"(SELECT value FROM json_each({d.text_param(param)}) ORDER BY key LIMIT -1) AS r"
            )
            return d.nested(f"SELECT json_group_array(json(({one}))) FROM {reps}")
        reps = f"jsonb_array_elements(CAST(:{param} AS jsonb)) WITH ORDINALITY AS r(value, i)"
        return d.nested(f"SELECT coalesce(json_agg(({one}) ORDER BY r.i), '[]'::json) FROM {reps}")

    def node(self, nodes: list[FieldNode], *, many: bool) -> str:
        """`node(id:)` or `nodes(ids:)`: a branch per type the ids name, over the JSON array of
        their keys (a null where an id names nothing)."""
        self.light = self.light and not many
        argument = "ids" if many else "id"
        value = self._arguments(nodes[0], {argument}).get(argument)
        if isinstance(value, VariableNode):
            given = self.variables.get(value.name.value)
        elif isinstance(value, ListValueNode | StringValueNode):
            given = value_from_ast(value, GraphQLList(GraphQLID) if many else GraphQLID)
        else:
            raise Decline("ids of an odd kind")
        param = self.bind("ids", value)
        d = self.dialect
        branches = [self._node_branch(nodes, type_name) for type_name in id_types(given)]
        if d.sqlite:
            node = "NULL"
            if branches:
                node = f"(CASE json_extract(r.value, '$[0]') {' '.join(branches)} ELSE NULL END)"
            keys = f"(SELECT value FROM json_each({d.text_param(param)}) ORDER BY key LIMIT -1)"
            if many:
                return d.nested(f"SELECT json_group_array(json({node})) FROM {keys} AS r")
            return d.nested(f"SELECT json({node}) FROM {keys} AS r")
        node = "NULL::json"
        if branches:
            node = f"(CASE (r.value ->> 0) {' '.join(branches)} ELSE NULL END)"
        keys = f"jsonb_array_elements(CAST(:{param} AS jsonb)) WITH ORDINALITY AS r(value, i)"
        if many:
            return f"(SELECT coalesce(json_agg({node} ORDER BY r.i), '[]'::json) FROM {keys})"
        return f"(SELECT {node} FROM {keys})"

    def _node_branch(self, nodes: list[FieldNode], type_name: str) -> str:
        """The JSON of the record of one type whose key is in `r.value` (after its type)."""
        owner = self.schema.get_type(type_name)
        if not isinstance(owner, GraphQLObjectType):
            raise Decline(f"{type_name} is not an object type")
        entity = ENTITIES[type_name]
        if entity.name == "Officer" and not self.officers_visible:
            raise Decline("officers this key may not see look like missing ones")
        key_columns = identity.id_columns(entity)
        if any(column.type.python_type is not str for column in key_columns):
            raise Decline("a natural key that is not all text")
        level = Level(entity, self.alias())
        selected = self.collect(owner, self._sets(nodes))
        obj = self.object(level, owner, nodes) if selected else self.dialect.obj([])
        matches = [
            column == literal_column(self._element("r.value", i + 1))
            for i, column in enumerate(key_columns)
        ]
        rows = level.select(needs=key_columns).where(*matches)
        one = self.dialect.nested(f"SELECT {obj} FROM ({self.sql(rows)}) AS {level.alias}")
        return f"WHEN {quoted(type_name)} THEN {one}"

    def aggregate(self, root: GraphQLObjectType, nodes: list[FieldNode]) -> str:
        """A figure of the management information: its statement's rows as a JSON array."""
        self.light = False
        node = nodes[0]
        field = root.fields[node.name.value]
        grouped = AGGREGATES[node.name.value][1]
        arguments = self._arguments(node, {"groupBy", "filter"} if grouped else {"filter"})
        group_by = group_by_of(node, get_named_type(field.args["groupBy"].type)) if grouped else []
        filter_type = get_named_type(field.args["filter"].type)
        value = arguments.get("filter")
        tree = None if value is None else value_tree(value, filter_type, self.variables)
        filters = self.placeholders.values(filter_type, tree)
        self._bind_placeholders()
        stmt = statement_of(node.name.value, group_by, filters)
        row_type = self._object(field.type)
        alias = self.alias()
        columns = set(stmt.selected_columns.keys())
        pairs = []
        for key, group in self.collect(row_type, self._sets(nodes)).items():
            pairs.append((key, self._figure(alias, row_type, group, columns)))
        d = self.dialect
        rows = f"(SELECT * FROM ({self.sql(stmt)}) AS a ORDER BY a.rn_ {d.no_limit()}) AS {alias}"
        return d.nested(f"SELECT {d.array(d.obj(pairs), alias + '.rn_')} FROM {rows}")

    def _figure(
        self, alias: str, owner: GraphQLObjectType, nodes: list[FieldNode], columns: set[str]
    ) -> str:
        """One field of an aggregate's row: a column of its statement, or a grouping key's
        record."""
        name = nodes[0].name.value
        if name == "__typename":
            return self.dialect.literal(f'"{owner.name}"')
        field = owner.fields[name]
        definition: Any = field.extensions.get("strawberry-definition")
        if definition is None or definition.permission_classes or definition.extensions:
            raise Decline(f"{owner.name}.{name} is not a plain field")
        self._arguments(nodes[0], set())
        derived = DERIVED.get((owner.name, name))
        if derived is not None:
            return derived(alias)
        if definition.base_resolver is not None:
            step = getattr(definition.base_resolver.wrapped_func, STEP_ATTRIBUTE, None)
            if not isinstance(step, One):
                raise Decline(f"{owner.name}.{name} has its own resolver")
            # A key the figure is not grouped by is an untyped NULL (text to PostgreSQL).
            fk = f"CAST({alias}.{step.column} AS INTEGER)"
            return self._to_one_by(fk, field.type, nodes, step)
        named = get_named_type(field.type)
        if definition.python_name not in columns or not (
            isinstance(named, GraphQLEnumType) or named.name in PLAIN_SCALARS
        ):
            raise Decline(f"{owner.name}.{name} is not a column the compiler takes")
        return f"{alias}.{definition.python_name}"

    def _element(self, value: str, index: int) -> str:
        if self.dialect.sqlite:
            return f"json_extract({value}, '$[{index}]')"
        return f"({value} ->> {index})"

    def _entity_types(self, nodes: list[FieldNode]) -> list[GraphQLObjectType]:
        found: list[GraphQLObjectType] = []
        for candidate in self.schema.type_map.values():
            if not isinstance(candidate, GraphQLObjectType) or candidate.name not in ENTITIES:
                continue
            if self.collect(candidate, self._sets(nodes)):
                found.append(candidate)
        return found
