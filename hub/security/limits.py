"""Operation limits as strawberry extensions: size, tokens, the operation to run, selection
sets, aliases, expansion, depth, root fields, cost, and the time all of it may take.

Register them as classes (a fresh instance per operation). Each refusal is a SecurityError
with a stable code, raised before execution, so nothing runs and nothing is written. The
checks that run before graphql-core's validation are linear in the document, and the
expansion limit bounds every later walk, so the work before execution is bounded too; the
preparation budget is the backstop that turns any overrun into a coded refusal.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from graphql import DocumentNode, OperationDefinitionNode
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from hub.config import Settings
from hub.security.analysis import (
    Walk,
    aliases,
    chosen_operation,
    count_tokens,
    depth,
    expanded_size,
    fragments_of,
    largest_selection_set,
    operations,
)
from hub.security.analysis import root_fields as root_fields_of
from hub.security.context import secured
from hub.security.cost import CostModel, operation_cost
from hub.security.errors import SecurityError, limit_exceeded


class OperationLimits(SchemaExtension):
    """Refuse documents over the configured limits (see docs/security.md)."""

    _started: float = 0.0

    def on_parse(self) -> Iterator[None]:
        self._started = time.monotonic()
        settings = self._settings()
        query = self.execution_context.query or ""
        if len(query) > settings.max_query_length:
            raise limit_exceeded(
                "QUERY_TOO_LARGE", f"the document is over {settings.max_query_length} characters"
            )
        if count_tokens(query, settings.max_tokens) > settings.max_tokens:
            raise limit_exceeded(
                "TOKEN_LIMIT_EXCEEDED", f"the document has over {settings.max_tokens} tokens"
            )
        yield
        document = self.execution_context.graphql_document
        if document is not None:  # None: a syntax error, which the parser reports
            check_operation_choice(document, requested_operation(self.execution_context))

    def on_validate(self) -> Iterator[None]:
        self._check_shape()
        self._check_time()
        yield
        if not self.execution_context.pre_execution_errors:
            self._check_time()
            self._check_cost()
            self._check_time()

    def _settings(self) -> Settings:
        return secured(self.execution_context.context).settings

    def _check_shape(self) -> None:
        """The limits that need no schema: linear in the document, run before validation."""
        settings = self._settings()
        document = self.execution_context.graphql_document
        assert document is not None
        largest, _ = largest_selection_set(document)
        if largest > settings.max_selections:
            raise limit_exceeded(
                "SELECTION_SET_TOO_LARGE",
                f"a selection set lists {largest} fields or fragments; the limit is "
                f"{settings.max_selections} (ask for each field once)",
            )
        if aliases(document) > settings.max_aliases:
            raise limit_exceeded(
                "ALIAS_LIMIT_EXCEEDED", f"the document has over {settings.max_aliases} aliases"
            )
        for operation in operations(document, self.execution_context.operation_name):
            self._check_operation_shape(operation, document, settings)

    def _check_operation_shape(
        self, operation: OperationDefinitionNode, document: DocumentNode, settings: Settings
    ) -> None:
        fragments = fragments_of(document)
        limit = settings.max_expanded_selections
        if expanded_size(operation, fragments, limit) > limit:
            raise limit_exceeded(
                "EXPANSION_LIMIT_EXCEEDED",
                f"with its fragments written out where they are spread, the operation has "
                f"over {limit} selections (spread each fragment once where it is needed)",
            )
        if depth(operation.selection_set, fragments, settings.max_depth) > settings.max_depth:
            raise limit_exceeded(
                "DEPTH_LIMIT_EXCEEDED", f"the operation is over {settings.max_depth} deep"
            )
        if len(root_fields_of(operation, fragments)) > settings.max_root_fields:
            raise limit_exceeded(
                "ROOT_FIELD_LIMIT_EXCEEDED",
                f"the operation asks for over {settings.max_root_fields} root fields",
            )

    def _check_cost(self) -> None:
        context = self.execution_context
        settings = self._settings()
        document = context.graphql_document
        assert document is not None
        walk = Walk(context.schema._schema, fragments_of(document), context.variables or {})
        model = CostModel(
            settings.default_page_size, settings.max_page_size, settings.list_cost_size
        )
        for operation in operations(document, context.operation_name):
            check_representations(walk, operation, settings.max_representations)
            cost = operation_cost(walk, operation, model)
            if cost > settings.max_cost:
                raise limit_exceeded(
                    "COST_LIMIT_EXCEEDED",
                    f"the operation may return about {cost} records; the limit is "
                    f"{settings.max_cost} (ask for smaller pages or fewer lists)",
                )

    def _check_time(self) -> None:
        """PREPARATION_TIMEOUT once parsing, validation and the limits took over the budget."""
        budget = self._settings().max_preparation_ms
        if (time.monotonic() - self._started) * 1000 > budget:
            raise limit_exceeded(
                "PREPARATION_TIMEOUT",
                f"checking the document took over {budget} ms; send a simpler document",
            )


def check_representations(walk: Walk, operation: OperationDefinitionNode, limit: int) -> None:
    """Refuse an operation whose `_entities` fields name more than `limit` representations in
    all (each is a record to look up), before anything is looked up."""
    root = walk.schema.get_root_type(operation.operation)
    if root is None:
        return
    total = 0
    for node, _, definition in walk.children(operation.selection_set, root):
        if node.name.value == "_entities" and definition is not None:
            given = walk.argument(node, definition, "representations")
            total += len(given) if isinstance(given, list) else 1
    if total > limit:
        raise SecurityError(
            "PAGE_SIZE_EXCEEDED",
            f"give at most {limit} representations, not {total} (send them in several requests)",
            400,
            argument="representations",
        )


def requested_operation(context: ExecutionContext) -> str | None:
    """The `operationName` of the request as sent (strawberry's `operation_name` falls back
    on the first operation's name, which would run the first of several unasked)."""
    if hasattr(context, "_provided_operation_name"):
        provided: str | None = context._provided_operation_name
        return provided
    return context.operation_name


def check_operation_choice(document: DocumentNode, name: str | None) -> None:
    """Refuse a request whose `operationName` picks no operation of the document (the
    specification's GetOperation: a name that is not there, or no name for several)."""
    if chosen_operation(document, name) is not None:
        return
    count = len(operations(document, None))
    if name is not None:
        message = f"the document has no operation named {name!r}"
        raise SecurityError("OPERATION_NOT_FOUND", message, 400, argument="operationName")
    if count == 0:
        raise SecurityError("OPERATION_NOT_FOUND", "the document has no operation to run", 400)
    raise SecurityError(
        "OPERATION_NAME_REQUIRED",
        f"the document has {count} operations: name the one to run in `operationName`",
        400,
        argument="operationName",
    )
