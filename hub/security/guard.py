"""The access policy applied to an operation before it runs (a strawberry extension).

Before validation: mutations by roles that may not write, documents outside a key's trusted
list, and introspection by anonymous callers are refused. After validation: types the role
may not read are refused, and an operation that asks for personal data needs a purpose.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import DocumentNode, OperationDefinitionNode, OperationType
from strawberry.extensions import SchemaExtension

from hub.security import policy
from hub.security.analysis import Walk, asks_introspection, fragments_of, operations
from hub.security.context import secured
from hub.security.documents import document_hash
from hub.security.errors import SecurityError, forbidden
from hub.security.state import RequestSecurity


class AccessGuard(SchemaExtension):
    """Apply `hub.security.policy` to the operation as a whole."""

    def on_validate(self) -> Iterator[None]:
        security = secured(self.execution_context.context).security
        document = self.execution_context.graphql_document
        assert document is not None
        chosen = operations(document, self.execution_context.operation_name)
        _describe(security, document, chosen)
        _check_operation(security, document, chosen)
        yield
        if not self.execution_context.pre_execution_errors:
            self._check_fields(security, document, chosen)

    def _check_fields(
        self,
        security: RequestSecurity,
        document: DocumentNode,
        chosen: list[OperationDefinitionNode],
    ) -> None:
        context = self.execution_context
        walk = Walk(context.schema._schema, fragments_of(document), context.variables or {})
        principal = security.principal
        for operation in chosen:
            root = walk.schema.get_root_type(operation.operation)
            assert root is not None
            for node, owner, _ in walk.every_field(operation.selection_set, root):
                if not policy.may_read_type(principal, owner.name):
                    raise forbidden(f"this key may not read {owner.name} records")
                if node.name.value in policy.PERSONAL_FIELDS.get(owner.name, ()):
                    security.personal_requested = True
        if security.personal_requested and policy.sees_personal_data(principal):
            if not security.purpose:
                raise SecurityError(
                    "PURPOSE_REQUIRED",
                    "this operation asks for personal data: say why in the X-Purpose header",
                    400,
                )
            security.document_hash = security.document_hash or document_hash(document)


def _describe(
    security: RequestSecurity, document: DocumentNode, chosen: list[OperationDefinitionNode]
) -> None:
    """Note the operation's type and name for the audit log."""
    if len(chosen) == 1:
        security.operation_type = chosen[0].operation.value
        name = chosen[0].name
        security.operation_name = name.value if name else None
    if security.principal.allowed_operations is not None:
        security.document_hash = document_hash(document)


def _check_operation(
    security: RequestSecurity, document: DocumentNode, chosen: list[OperationDefinitionNode]
) -> None:
    principal = security.principal
    # Subscriptions read: only mutations write.
    writes = any(op.operation is OperationType.MUTATION for op in chosen)
    if writes and not policy.may_run_mutations(principal):
        raise forbidden(f"a {principal.role.value} key may not change anything")
    subscribes = any(op.operation is OperationType.SUBSCRIPTION for op in chosen)
    if subscribes != (security.transport == "websocket"):
        raise SecurityError(
            "BAD_REQUEST",
            "subscribe over a WebSocket on /graphql (graphql-transport-ws); "
            "send queries and mutations over HTTP",
            400,
        )
    allowed = principal.allowed_operations
    if allowed is not None and security.document_hash not in allowed:
        raise SecurityError(
            "OPERATION_NOT_ALLOWED", "this key may run only its trusted documents", 403
        )
    fragments = fragments_of(document)
    if not policy.may_introspect(principal) and any(
        asks_introspection(op, fragments) for op in chosen
    ):
        raise SecurityError(
            "INTROSPECTION_DISABLED", "introspection needs an API key (the schema is open)", 403
        )
