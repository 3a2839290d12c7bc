"""Run one document through both paths and compare what a client receives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hub.plan import PATH_HEADER
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
    general = await graph.post(query, variables, headers={**sent, PATH_HEADER: "general"})
    with count_statements(graph.engine) as log:
        compiled = await graph.post(query, variables, headers=sent)
    return Both(
        general.json(),
        compiled.json(),
        general.status_code,
        compiled.status_code,
        list(log.statements),
    )
