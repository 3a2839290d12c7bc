"""Run one document through both paths and compare what a client receives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from hub.plan import PATH_HEADER
from hub.store.models import AuditRecord
from tests.client import Graph
from tests.helpers import count_statements


@dataclass
class Both:
    """The two answers to one request, and how many statements the compiled one ran."""

    general: Any
    compiled: Any
    general_status: int
    compiled_status: int
    statements: list[str]
    general_audit: int = 0
    compiled_audit: int = 0

    @property
    def compiled_path(self) -> bool:
        """Whether the compiled answer came from one statement (the compiled path)."""
        return len(self.statements) == 1 and self.statements[0].lstrip().startswith(
            ("SELECT json", "SELECT CAST(json", "WITH")
        )


async def both(
    graph: Graph,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Both:
    """POST the document on the general path, then as it comes (compiled when it compiles)."""
    sent = dict(graph.headers if headers is None else headers)
    audited = await _audit_rows(graph)
    general = await graph.post(query, variables, headers={**sent, PATH_HEADER: "general"})
    general_audit = await _audit_rows(graph) - audited
    with count_statements(graph.engine) as log:
        compiled = await graph.post(query, variables, headers=sent)
    return Both(
        general.json(),
        compiled.json(),
        general.status_code,
        compiled.status_code,
        list(log.statements),
        general_audit,
        await _audit_rows(graph) - audited - general_audit,
    )


async def _audit_rows(graph: Graph) -> int:
    async with graph.app.state.security_engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(AuditRecord)) or 0)
