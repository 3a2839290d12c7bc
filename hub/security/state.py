"""What access control knows and records about one request, from the key to the audit row."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Executable, Row

from hub.security.principal import Principal

#: Runs one statement on the request's read connection (the resolvers' `Reader.rows`).
RunStatement = Callable[[Executable], Awaitable[Sequence[Row[Any]]]]
Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Masked:
    """A personal field withheld from the principal, where it is in the response."""

    path: Path
    field: str


@dataclass
class RequestSecurity:
    """Per request: the principal and purpose, the operation, and what was disclosed or masked."""

    principal: Principal
    purpose: str | None = None
    request_id: str = ""
    run: RunStatement | None = None
    operation_type: str = "query"
    #: How the operation came: "http" (POST /graphql) or "websocket" (subscriptions).
    transport: str = "http"
    operation_name: str | None = None
    document_hash: str = ""
    personal_requested: bool = False
    disclosed_fields: set[str] = field(default_factory=set)
    #: Global ids of the records whose personal data went out (an officer's opaque id).
    disclosed_records: set[str] = field(default_factory=set)
    masked: list[Masked] = field(default_factory=list)
    caches: dict[str, Any] = field(default_factory=dict)

    def disclose(self, field_name: str, record: str) -> None:
        """Record that a personal field of a record (by global id) goes out in the response."""
        self.disclosed_fields.add(field_name)
        self.disclosed_records.add(record)

    def mask(self, path: Path, field_name: str) -> None:
        """Record that a personal field was withheld at `path`."""
        self.masked.append(Masked(path, field_name))


class HasSecurity:
    """A request context that carries a `RequestSecurity` (the resolvers' RequestContext)."""

    security: RequestSecurity
