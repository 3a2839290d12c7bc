"""Compiled reads: an operation answered by one SQL statement that builds its JSON.

The HTTP layer asks `compiled_result` first; None means the general path (strawberry and
graphql-core, the referee) answers. See docs/querying.md for what compiles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import ExecutionResult

from hub.config import Settings
from hub.plan._model import Bind, Decline, Plan
from hub.plan._run import PATH_HEADER, CompiledReads

_READS: WeakKeyDictionary[Any, CompiledReads] = WeakKeyDictionary()


def compiled_reads(schema: Any, settings: Settings) -> CompiledReads:
    """The plan cache of a schema (one per schema object)."""
    reads = _READS.get(schema)
    if reads is None or reads.settings is not settings:
        reads = _READS[schema] = CompiledReads(schema, settings)
    return reads


async def compiled_result(
    schema: Any,
    settings: Settings,
    connection: AsyncConnection,
    context: Any,
    query: str,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    headers: Mapping[str, str],
) -> ExecutionResult | None:
    """The result of a compiled read, or None when the general path should answer."""
    reads = compiled_reads(schema, settings)
    return await reads.answer(connection, context, query, variables, operation_name, headers)


__all__ = [
    "PATH_HEADER",
    "Bind",
    "CompiledReads",
    "Decline",
    "Plan",
    "compiled_reads",
    "compiled_result",
]
