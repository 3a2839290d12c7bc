"""Operation limits as strawberry extensions: size, tokens, depth, aliases, root fields, cost.

Register them as classes (a fresh instance per operation). Each refusal is a SecurityError
with a stable code, raised before execution, so nothing runs and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from hub.security.analysis import Walk, aliases, count_tokens, depth, fragments_of, operations
from hub.security.analysis import root_fields as root_fields_of
from hub.security.context import secured
from hub.security.cost import CostModel, operation_cost
from hub.security.errors import limit_exceeded


class OperationLimits(SchemaExtension):
    """Refuse documents over the configured limits (see docs/security.md)."""

    def on_parse(self) -> Iterator[None]:
        settings = secured(self.execution_context.context).settings
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

    def on_validate(self) -> Iterator[None]:
        self._check_shape()
        yield
        if not self.execution_context.pre_execution_errors:
            self._check_cost()

    def _check_shape(self) -> None:
        settings = secured(self.execution_context.context).settings
        document = self.execution_context.graphql_document
        assert document is not None
        fragments = fragments_of(document)
        if aliases(document) > settings.max_aliases:
            raise limit_exceeded(
                "ALIAS_LIMIT_EXCEEDED", f"the document has over {settings.max_aliases} aliases"
            )
        for operation in operations(document, self.execution_context.operation_name):
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
        settings = secured(context.context).settings
        document = context.graphql_document
        assert document is not None
        walk = Walk(context.schema._schema, fragments_of(document), context.variables or {})
        model = CostModel(
            settings.default_page_size, settings.max_page_size, settings.list_cost_size
        )
        for operation in operations(document, context.operation_name):
            cost = operation_cost(walk, operation, model)
            if cost > settings.max_cost:
                raise limit_exceeded(
                    "COST_LIMIT_EXCEEDED",
                    f"the operation may return about {cost} records; the limit is "
                    f"{settings.max_cost} (ask for smaller pages or fewer lists)",
                )
