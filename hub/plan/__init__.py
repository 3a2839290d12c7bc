"""Compiled reads: an operation answered by one SQL statement that builds its JSON.

The HTTP layer asks `compiled_result` first; None means the general path (strawberry and
graphql-core, the referee) answers. See docs/querying.md for what compiles.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.types import ExecutionResult

from hub.config import Settings
from hub.plan._model import Bind, Decline, Plan
from hub.plan._persisted import PersistedDocuments, sha256
from hub.plan._run import PATH_HEADER, CompiledReads
from hub.security.context import SecuredContext
from hub.security.principal import Role

_READS: WeakKeyDictionary[Any, CompiledReads] = WeakKeyDictionary()
#: Documents by hash, for every app of the process (content-addressed, so safely shared).
PERSISTED = PersistedDocuments()


def plan_headers(security: Any) -> dict[str, str] | None:
    """For coordinators, the response header saying which path answered (`X-Hub-Plan`)."""
    if security.principal.role is not Role.COORDINATOR:
        return None
    return {PATH_HEADER: "compiled" if security.caches.get(PATH_HEADER) else "general"}


def load_trusted_documents(settings: Settings) -> None:
    """Load the trusted-documents file the settings name (`HUB_TRUSTED_DOCUMENTS`), if any."""
    path = getattr(settings, "trusted_documents", None)
    if path is not None:
        PERSISTED.load(Path(path))


def persisted_query(query: Any, extensions: Any) -> Any:
    """The document's text: `query`, or the text of the persisted document whose hash
    `extensions.persistedQuery.sha256Hash` gives (Apollo's persisted query extension)."""
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    if persisted is None:
        return query
    from hub.graphql_http import RequestError  # the HTTP layer's error; it calls this

    digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    if not isinstance(digest, str) or persisted.get("version") != 1:
        message = "`extensions.persistedQuery` needs `version: 1` and a `sha256Hash`"
        raise RequestError("BAD_REQUEST", message, 400)
    digest = digest.lower()
    if isinstance(query, str) and query.strip():
        if sha256(query) != digest:
            raise RequestError("BAD_REQUEST", "provided sha does not match query", 400)
        PERSISTED.register(digest, query)
        return query
    text = PERSISTED.get(digest)
    if text is None:  # Apollo clients then send the text with the hash
        raise RequestError("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound", 200)
    return text


def compiled_reads(schema: Any, settings: Settings) -> CompiledReads:
    """The plan cache of a schema (one per schema object)."""
    reads = _READS.get(schema)
    if reads is None or reads.settings is not settings:
        reads = _READS[schema] = CompiledReads(schema, settings)
    return reads


async def compiled_result(
    schema: Any,
    settings: Settings,
    engine: AsyncEngine,
    context: SecuredContext,
    query: str,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    headers: Mapping[str, str],
) -> ExecutionResult | None:
    """The result of a compiled read on the engine's database (a connection is taken only
    if the plan needs one), or None when the general path should answer."""
    reads = compiled_reads(schema, settings)
    return await reads.answer(engine, context, query, variables, operation_name, headers)


__all__ = [
    "PATH_HEADER",
    "PERSISTED",
    "Bind",
    "CompiledReads",
    "Decline",
    "Plan",
    "compiled_reads",
    "compiled_result",
    "load_trusted_documents",
    "persisted_query",
    "plan_headers",
]
