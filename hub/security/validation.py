"""The specification's validation of a document, as a strawberry extension: without "Did you
mean" hints, cached per document text, off the event loop, and with stable codes.

It takes the place of strawberry's `ValidationCache`. A document not validated before is
validated in a worker thread, so a costly one never stops the hub answering others (or
/healthz); one that takes longer than the preparation budget is refused with
PREPARATION_TIMEOUT. graphql-core stops comparing fields after a budget of work (lowered here
to what no real document comes near) and gives up on documents with many errors, with the
bare message "Validation aborted."; that leaves as `VALIDATION_ABORTED` with the reason.
Register it after the operation limits, which refuse most such documents first.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator, Sequence

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OverlappingFieldsCanBeMergedRule,
    StringValueNode,
    ValidationContext,
    ValidationRule,
    validate,
)
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from hub.security.context import secured
from hub.security.errors import limit_exceeded

#: Errors reported before validation gives up on a document.
MAX_ERRORS = 20
#: graphql-core's budget of work comparing fields (500,000 by default, seconds of CPU); the
#: documents of the docs, the tests and GraphiQL's introspection spend none of it.
COMPARISON_BUDGET = 50_000
CACHE_SIZE = 512
Key = tuple[GraphQLSchema, str, tuple[type[ASTValidationRule], ...]]
#: Validation results of recent documents by schema, text and rules, least recent first. The
#: document is parsed from the text, so the text is key enough (hashing a document node would
#: walk the whole tree).
_CACHE: OrderedDict[Key, tuple[GraphQLError, ...]] = OrderedDict()


class DocumentValidation(SchemaExtension):
    """Validate the document once per text (and schema), hiding suggestions."""

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if context.pre_execution_errors is None and document is not None:
            key = (context.schema._schema, context.query or "", tuple(context.validation_rules))
            found = _CACHE.get(key)
            if found is None:
                found = await self._validate(document, key)
                _CACHE[key] = found
                if len(_CACHE) > CACHE_SIZE:
                    _CACHE.popitem(last=False)
            else:
                _CACHE.move_to_end(key)
            context.pre_execution_errors = list(found)
        yield

    async def _validate(self, document: DocumentNode, key: Key) -> tuple[GraphQLError, ...]:
        """Validate in a worker thread; PREPARATION_TIMEOUT when it takes over the budget."""
        budget = secured(self.execution_context.context).settings.max_preparation_ms
        work = asyncio.to_thread(validate_document, key[0], document, key[2])
        try:
            errors = await asyncio.wait_for(work, budget / 1000)
        except TimeoutError as error:
            raise limit_exceeded(
                "PREPARATION_TIMEOUT",
                f"checking the document took over {budget} ms; send a simpler document",
            ) from error
        return tuple(_coded(errors))


class _BoundedOverlappingFields(OverlappingFieldsCanBeMergedRule):
    """The specification's "Field Selection Merging" with a smaller budget of work."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.rule_context.remaining_complexity_budget = COMPARISON_BUDGET


class _NoNulCharacter(ValidationRule):
    """Text may not hold the NUL character: no record holds one, and PostgreSQL cannot store
    one (variables are checked as the request is read)."""

    def enter_string_value(self, node: StringValueNode, *_: object) -> None:
        if "\x00" in node.value:
            message = "text may not contain the NUL character (\\u0000)"
            self.report_error(GraphQLError(message, node))


def validate_document(
    schema: GraphQLSchema, document: DocumentNode, rules: Sequence[type[ASTValidationRule]]
) -> list[GraphQLError]:
    """graphql-core's validation with strawberry's own rules, and no suggestions."""
    bounded = [
        _BoundedOverlappingFields if rule is OverlappingFieldsCanBeMergedRule else rule
        for rule in rules
    ]
    every_rule = (*bounded, MaybeNullValidationRule, OneOfInputValidationRule, _NoNulCharacter)
    return validate(schema, document, every_rule, max_errors=MAX_ERRORS, hide_suggestions=True)


def _coded(errors: list[GraphQLError]) -> Iterator[GraphQLError]:
    for error in errors:
        if isinstance(error, ValidationAbortedError):
            reason = (
                f"over {MAX_ERRORS} validation errors: fix these first"
                if "error limit" in error.message
                else "the document is too costly to validate (too many fields to compare "
                "or fragments to follow): ask for each field once, and spread fewer fragments"
            )
            yield GraphQLError(reason, original_error=limit_exceeded("VALIDATION_ABORTED", reason))
        else:
            yield error
