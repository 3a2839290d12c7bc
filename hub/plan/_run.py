"""Running a plan: the same checks as the general path, then one statement, then its bytes.

`CompiledReads.answer` returns None whenever the general path should answer instead: the
document does not compile, a check refuses it (the general path then refuses it the same
way), or a variable has a value the compiler leaves alone.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

import orjson
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    parse,
    specified_rules,
)
from graphql.execution.values import get_variable_values
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from strawberry.types import ExecutionResult

from hub.config import Settings
from hub.errors import BadUserInput
from hub.plan import _identity as identity
from hub.plan._compile import Compiler
from hub.plan._filters import leaf_value, shape, shaped_variables
from hub.plan._inline import run_inline
from hub.plan._model import DISCLOSED_KEY, Bind, Decline, Plan
from hub.plan._nodes import id_key
from hub.plan._variables import Coercer, simple_coercer
from hub.resolvers.pagination import Order, decode_cursor
from hub.security.documents import document_hash
from hub.security.guard import AccessGuard
from hub.security.limits import OperationLimits
from hub.security.principal import Role
from hub.security.state import RequestSecurity
from hub.security.validation import validate_document
from hub.standard.ids import InvalidGlobalId, decode_id

log = logging.getLogger("hub.plan")

#: The request header that asks for one path: `general` (the referee) or `compiled`.
PATH_HEADER = "x-hub-plan"


#: PostgreSQL's SQLSTATE for a statement cancelled by `statement_timeout`.
QUERY_CANCELED = "57014"

#: The most plans kept for one document (one per shape of its filter and cursor variables).
MAX_SHAPES = 32


@dataclass
class Entry:
    """A cached document: the parsed operation, and its plans by the shape of the variables
    that decide the statement (`shaped`; none: one plan). A plan of None: declined (`reason`)."""

    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    role: Role
    document_hash: str = ""
    shaped: tuple[tuple[str, str], ...] = ()
    plans: dict[tuple[object, ...], Plan | None] = field(default_factory=dict)
    reason: str = ""
    #: The variables' coercion without graphql-core, if their types allow it.
    coerce: Coercer | None = None

    @property
    def declined(self) -> bool:
        """Whether no request can compile (no shaped variables, and the one plan declined)."""
        return not self.shaped and self.plans.get(()) is None


def variable_traits(variables: Mapping[str, Any] | None) -> tuple[Any, ...]:
    """All the operation limits and the access guard can read of the variables: which are
    given and, of each, its kind, an integer's value or a list's length (`first`, `ids`)."""
    if not variables:
        return ()
    return tuple((name, _trait(value)) for name, value in variables.items())


def _trait(value: Any) -> Any:
    kind = type(value)
    if kind is int or kind is bool:
        return (kind.__name__, value)
    if kind is list:
        return ("list", len(value))
    return kind.__name__


def take_disclosed(data: str, security: RequestSecurity) -> str:
    """The JSON without the records' `DISCLOSED_KEY`s, noted as disclosed for the audit (as the
    general path notes each personal field it resolves)."""
    value = orjson.loads(data)
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            marker = item.pop(DISCLOSED_KEY, None)
            if marker is not None:
                gid, *fields = marker
                for field_name in fields:
                    security.disclose(field_name, gid)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return orjson.dumps(value).decode()


async def run_plan(engine: AsyncEngine, plan: Plan, parameters: Mapping[str, Any]) -> str | None:
    """The plan's one statement, its JSON; None if it failed (the general path then answers,
    and reports what it meets). A light plan on SQLite runs on the loop's thread; any other
    on a pooled connection's driver, with no transaction opened (a single statement reads
    one snapshot) and nothing between the driver and the bytes."""
    arguments = [parameters[name] for name in plan.positions]
    if plan.light and plan.dialect == "sqlite":
        data = run_inline(engine, plan.driver_sql, arguments)
        if data is not None:
            return data
    async with engine.connect() as connection:
        try:
            return await _on_driver(connection, plan, arguments)
        except Exception as error:  # e.g. a statement timeout: the general path reports it
            log.warning("compiled read failed; the general path answers", exc_info=error)
            if getattr(error, "sqlstate", None) != QUERY_CANCELED:
                # Perhaps a connection the server dropped (a pooled one in steady use is not
                # pinged): the general path then runs on a new one.
                await connection.invalidate()
            return None


async def _on_driver(connection: AsyncConnection, plan: Plan, arguments: list[Any]) -> str:
    raw: Any = await connection.get_raw_connection()
    driver = raw.driver_connection
    if plan.dialect == "sqlite":
        await identity.prepare(raw)
        rows = await driver.execute_fetchall(plan.driver_sql, arguments)
        return str(rows[0][0])
    # PostgreSQL writes `{"a" : 1}`: the same bytes as the general path's, so that no answer
    # tells which path gave it (orjson keeps the keys' order and every value as it is).
    text = await driver.fetchval(plan.driver_sql, *arguments)
    return orjson.dumps(orjson.loads(text)).decode()


class CompiledReads:
    """The plan cache of one schema, and the way into it from the HTTP layer."""

    def __init__(self, schema: Any, settings: Settings, size: int = 512) -> None:
        self.schema = schema
        self.settings = settings
        self.size = size
        self.entries: OrderedDict[tuple[Any, ...], Entry | None] = OrderedDict()
        #: By entry, the variables' traits (`variable_traits`) with which the limits and the
        #: guard passed once: they depend on nothing else of a request.
        self.admitted: dict[tuple[Any, ...], set[tuple[Any, ...]]] = {}

    def entry(
        self,
        context: Any,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        dialect: Any,
    ) -> Entry | None:
        """The compilation for this document, operation, role and force, if the operation
        limits and access guard admit this request (compiled once, then cached)."""
        principal = context.security.principal
        key = (
            query,
            operation_name,
            principal.role,
            principal.force_id,
            principal.anonymous,
            dialect.name,
        )
        if key in self.entries:
            self.entries.move_to_end(key)
            found = self.entries[key]
            if found is None or found.declined:
                return None
            admitted = self.admitted.setdefault(key, set())
            traits = variable_traits(variables)
            if traits in admitted:
                return found if self._admitted_before(context.security, found) else None
            if not self._admitted(context, found.document, query, variables, operation_name):
                return None
            if not context.security.personal_requested and len(admitted) < MAX_SHAPES:
                # The limits and the guard decide the same for every key of this role and
                # force and variables of these traits (a key's trusted documents are checked
                # each time); not for personal data, whose purpose each request must give.
                admitted.add(traits)
            return found
        document = self._parse(query)
        # The limits and the guard come before validation and compiling, as on the general
        # path: a document they refuse is never worked on (nor cached).
        if document is None or not self._admitted(
            context, document, query, variables, operation_name
        ):
            return None
        found = self._prepare(document, operation_name, principal.role)
        if found is not None and not found.shaped:
            self.compile(found, {}, (), dialect)
        self.entries[key] = found
        if len(self.entries) > self.size:
            evicted, _ = self.entries.popitem(last=False)
            self.admitted.pop(evicted, None)
        return found

    def _admitted_before(self, security: RequestSecurity, entry: Entry) -> bool:
        """What the guard notes of an operation it admitted before; whether this key may run
        it (a key restricted to trusted documents)."""
        security.operation_type = "query"
        security.operation_name = entry.operation.name.value if entry.operation.name else None
        allowed = security.principal.allowed_operations
        if allowed is None:
            return True
        security.document_hash = entry.document_hash
        return entry.document_hash in allowed

    def _parse(self, query: str) -> DocumentNode | None:
        if len(query) > self.settings.max_query_length:
            return None
        try:
            return parse(query, max_tokens=self.settings.max_tokens)
        except GraphQLError:
            return None

    def _prepare(
        self, document: DocumentNode, operation_name: str | None, role: Role
    ) -> Entry | None:
        """The document's entry, with nothing compiled yet; None if it does not validate or
        names no single operation."""
        graphql_schema = self.schema._schema
        if validate_document(graphql_schema, document, specified_rules):
            return None
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        chosen = [
            op
            for op in operations
            if operation_name is None or (op.name and op.name.value == operation_name)
        ]
        if len(chosen) != 1 or (operation_name is None and len(operations) != 1):
            return None
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        shaped = shaped_variables(chosen[0], fragments)
        entry = Entry(document, chosen[0], fragments, role, document_hash(document), shaped)
        entry.coerce = simple_coercer(graphql_schema, chosen[0].variable_definitions or ())
        return entry

    def compile(
        self, entry: Entry, values: Mapping[str, Any], shape: tuple[object, ...], dialect: Any
    ) -> Plan | None:
        """The entry's plan for variables of this shape (compiled once per shape)."""
        if shape in entry.plans:
            return entry.plans[shape]
        compiler = Compiler(
            self.schema._schema,
            dialect,
            entry.fragments,
            officers_visible=entry.role is Role.COORDINATOR,
            page_default=self.settings.default_page_size,
            variables=values,
        )
        try:
            plan: Plan | None = compiler.compile(entry.operation)
        except Decline as error:
            plan, entry.reason = None, str(error)
        except Exception as error:  # a gap in the compiler: the general path stays correct
            log.warning("compiler declined after an error", exc_info=error)
            plan, entry.reason = None, repr(error)
        if len(entry.plans) < MAX_SHAPES:
            entry.plans[shape] = plan
        return plan

    async def answer(
        self,
        engine: AsyncEngine,
        context: Any,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        headers: Mapping[str, str],
    ) -> ExecutionResult | None:
        """The operation's result from its plan, or None for the general path."""
        if headers.get(PATH_HEADER) == "general":
            return None
        security: RequestSecurity = context.security
        entry = self.entry(context, query, variables, operation_name, engine.dialect)
        if entry is None or entry.declined:
            return None
        values = self._coerce(entry, variables or {})
        if values is None:
            return None
        try:
            plan = self.compile(entry, values, shape(entry.shaped, values), engine.dialect)
        except Decline:  # a value no plan is made for (the general path refuses it)
            return None
        if plan is None or (security.personal_requested and not plan.disclosing):
            return None
        sqlite = plan.dialect == "sqlite"
        try:
            parameters = {bind.name: self._value(bind, values, sqlite) for bind in plan.binds}
        except Decline:
            return None
        data = await run_plan(engine, plan, parameters)
        if data is None:
            return None
        if plan.disclosing:
            data = take_disclosed(data, security)
        security.caches[PATH_HEADER] = True
        # The database's JSON goes out as it is: orjson writes a Fragment's bytes unchanged.
        return ExecutionResult(data=orjson.Fragment(data), errors=None)  # type: ignore[arg-type]

    def _coerce(self, entry: Entry, variables: dict[str, Any]) -> Mapping[str, Any] | None:
        """The coerced variables (None: graphql-core refuses them; the general path reports)."""
        simple = entry.coerce(variables) if entry.coerce is not None else None
        if simple is not None:
            return simple
        definitions = entry.operation.variable_definitions or ()
        coerced = get_variable_values(self.schema._schema, definitions, variables)
        if isinstance(coerced, list):
            return None
        return cast(Mapping[str, Any], getattr(coerced, "coerced", coerced))

    def _admitted(
        self,
        context: Any,
        document: DocumentNode,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
    ) -> bool:
        """Run the general path's limits and access guard on the parsed document."""
        execution = SimpleNamespace(
            context=context,
            query=query,
            graphql_document=document,
            operation_name=operation_name,
            variables=variables,
            schema=self.schema,
            pre_execution_errors=None,
        )
        limits, guard = OperationLimits(), AccessGuard()
        limits.execution_context = execution  # type: ignore[assignment]
        guard.execution_context = execution  # type: ignore[assignment]
        try:
            for hook in (limits.on_parse(),):
                next(hook)
                next(hook, None)
            hooks = [limits.on_validate(), guard.on_validate()]
            for hook in hooks:
                next(hook)
            for hook in reversed(hooks):
                next(hook, None)
        except Exception:  # the general path refuses it, with its own error
            return False
        return True

    def _value(self, bind: Bind, values: Mapping[str, Any], sqlite: bool) -> Any:
        if bind.leaf is not None:
            return leaf_value(bind.leaf, bind.convert, values, sqlite)
        value = values.get(bind.variable) if bind.variable else bind.value
        if bind.kind == "cursor":
            return self._cursor(bind, value)
        if bind.kind == "ids":
            return self._ids(value)
        if bind.kind == "text":
            if not isinstance(value, str):
                raise Decline("a key that is not text")
            return value
        if bind.kind == "page_size":
            size = self.settings.default_page_size if value is None else value
            return self._size(size)
        if bind.kind == "limit":
            return self._size(100 if bind.variable is None and value is None else value)
        return self._representations(bind, value)

    def _ids(self, value: Any) -> str:
        ids = value if isinstance(value, list) else [value]
        if len(ids) > self.settings.max_page_size:  # the general path: PAGE_SIZE_EXCEEDED
            raise Decline("more ids than a page holds")
        return orjson.dumps([id_key(global_id) for global_id in ids]).decode()

    def _cursor(self, bind: Bind, value: Any) -> int:
        if not isinstance(value, str):
            raise Decline("a cursor that is not text")
        try:
            return decode_cursor(value, Order(*bind.order))
        except BadUserInput as error:  # the general path answers INVALID_CURSOR
            raise Decline("a cursor the general path refuses") from error

    def _size(self, size: Any) -> int:
        if not isinstance(size, int) or size < 0 or size > self.settings.max_page_size:
            raise Decline("a page size the general path refuses")
        return size

    def _representations(self, bind: Bind, value: Any) -> str:
        if not isinstance(value, list):
            raise Decline("representations")
        if bind.stored:  # ids as stored: each representation's id is the key
            ids = [
                item.get("id")
                for item in value
                if type(item) is dict
                and len(item) == 2
                and item.get("__typename") == bind.type_name
            ]
            if len(ids) != len(value) or not all(type(gid) is str for gid in ids):
                raise Decline("a representation other than an officer's by id")
            return orjson.dumps([[gid] for gid in ids]).decode()
        keys: list[Any] = []
        for representation in value:
            if not isinstance(representation, dict) or set(representation) != {"__typename", "id"}:
                raise Decline("a representation other than by id")
            if representation["__typename"] != bind.type_name:
                raise Decline("a representation of another type")
            keys.append(self._key(bind, representation["id"]))
        return orjson.dumps(keys).decode()

    def _key(self, bind: Bind, global_id: Any) -> list[str] | None:
        if not isinstance(global_id, str):
            raise Decline("an id that is not text")
        if bind.stored:
            return [global_id]
        try:
            type_name, key = decode_id(global_id)
        except InvalidGlobalId:
            return None
        if type_name != bind.type_name or len(key) != bind.key_size:
            return None
        return list(key)
