"""Settings, read from the environment (prefix `HUB_`) when asked for, never at import time."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from hub.errors import ConfigurationError

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///var/hub.db"


class Settings(BaseSettings):
    """Everything the hub can be configured with; see docs/configuration.md."""

    model_config = SettingsConfigDict(env_prefix="HUB_", extra="ignore")

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL: sqlite+aiosqlite:///FILE or postgresql+asyncpg://...",
    )
    stakeholder_database_url: str | None = Field(
        None,
        description="A read replica for stakeholders' reads (lists and aggregates); everything "
        "else, and every write, uses `database_url`.",
    )
    id_key: SecretStr | None = Field(
        None,
        description="The federation's id key (HUB_ID_KEY): a secret shared by the hubs of one "
        "federation, under which officers', deployments' and bookings' opaque ids are made. "
        "Required to serve or to import; at least 32 characters.",
        min_length=32,
    )
    statement_timeout_ms: int = Field(5_000, ge=100, description="Database statement timeout.")
    roster_min_rest_hours: float = Field(
        11,
        ge=0,
        le=24,
        description="Least rest between an officer's tours of duty, in hours (Working Time "
        "Regulations 1998: 11); shorter rest is a roster conflict.",
    )
    trusted_documents: Path | None = Field(
        None, description="A trusted-documents file: persisted documents clients send by hash."
    )
    pool_size: int = Field(
        10,
        ge=1,
        description="Connections the pool for reading the graph keeps open per process, on "
        "SQLite and PostgreSQL alike (it opens up to 10 more for a burst).",
    )
    default_page_size: int = Field(20, ge=1, description="Page size when `first` is not given.")
    max_page_size: int = Field(100, ge=1, description="Largest `first` a connection accepts.")
    max_representations: int = Field(
        1_000,
        ge=1,
        description="Most federation representations one operation's `_entities` may name "
        "(a gateway sends every record of one response that needs the hub in one call).",
    )
    graphiql: bool = Field(True, description="Serve GraphiQL to browsers on GET /graphql.")
    echo_sql: bool = Field(False, description="Log every SQL statement (debugging only).")
    # Access control and operation limits (docs/security.md).
    anonymous_role: Literal["stakeholder"] | None = Field(
        None, description="Serve callers without a key as this role (the demo only)."
    )
    max_body_bytes: int = Field(1_000_000, ge=1_000, description="Largest POST /graphql body.")
    max_query_length: int = Field(20_000, ge=100, description="Longest GraphQL document (chars).")
    max_tokens: int = Field(2_000, ge=10, description="Most tokens in a GraphQL document.")
    max_depth: int = Field(12, ge=1, description="Deepest field nesting (root fields at 0).")
    max_aliases: int = Field(15, ge=0, description="Most aliased fields in a document.")
    max_root_fields: int = Field(15, ge=1, description="Most root fields in an operation.")
    max_cost: int = Field(250_000, ge=1, description="Highest estimated cost of an operation.")
    max_selections: int = Field(
        100, ge=1, description="Most fields and fragments written in one selection set."
    )
    max_expanded_selections: int = Field(
        5_000,
        ge=1,
        description="Most selections in an operation with its fragments written out in full.",
    )
    max_preparation_ms: int = Field(
        2_000, ge=1, description="Longest the checks before execution may take (parse, validate)."
    )
    list_cost_size: int = Field(
        10, ge=1, description="Records assumed in a list that takes no `first` (for the cost)."
    )
    operation_timeout_ms: int = Field(10_000, ge=1, description="Longest a request may run.")
    key_cache_s: float = Field(
        5.0,
        ge=0,
        description="Seconds a process remembers a valid API key (0: ask the database on every "
        "request). A revoked key is refused everywhere within this time.",
    )
    rate_limit_window_s: int = Field(60, ge=1, description="Length of a rate-limit window.")
    rate_limit_coordinator: int = Field(600, ge=1, description="Requests per window, per key.")
    rate_limit_partner: int = Field(100, ge=1, description="Requests per window, per key.")
    rate_limit_ingest: int = Field(30, ge=1, description="Requests per window, per key.")
    rate_limit_stakeholder: int = Field(60, ge=1, description="Requests per window, per key.")
    max_upload_bytes: int = Field(
        100_000_000, ge=1_000, description="Largest file accepted by POST /ingest."
    )
    # Operations (docs/operations.md): metrics, traces, logs.
    metrics_token: SecretStr | None = Field(
        None,
        description="The bearer token GET /metrics asks for (Prometheus' `authorization`); "
        "unset: /metrics answers 404.",
        min_length=16,
    )
    tracing: bool = Field(
        False, description="Trace requests with OpenTelemetry (trace ids become correlation ids)."
    )
    trace_sample_ratio: float = Field(
        0.01,
        ge=0.0,
        le=1.0,
        description="Share of requests traced when `tracing` is on (a caller's `traceparent` "
        "decides when it has one); a traced request costs about as much CPU again as the "
        "lightest read, so 1.0 doubles its cost. OpenTelemetry's OTEL_TRACES_SAMPLER, if set, "
        "wins.",
    )
    otlp_endpoint: str | None = Field(
        None,
        description="Where traces go over OTLP/HTTP, e.g. http://collector:4318/v1/traces "
        "(with `tracing`; unset: traces are made for correlation ids but not exported).",
    )
    log_format: Literal["json", "text"] = Field(
        "json", description="Log lines as JSON (one object a line) or as plain text."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="The least severe log lines written."
    )
    log_file: Path | None = Field(
        None, description="Also append the log lines (JSON) to this file."
    )
    forwarded_allow_ips: str | None = Field(
        None,
        description="The proxies whose X-Forwarded-For and X-Forwarded-Proto `hub serve` "
        "believes: comma-separated addresses or networks, `*` for any. Unset: those headers "
        "are ignored, and the client is the address the connection comes from.",
    )

    def id_key_bytes(self) -> bytes:
        """The id key, or a `ConfigurationError` (ID_KEY_MISSING) when none is configured."""
        if self.id_key is None:
            raise ConfigurationError(
                "ID_KEY_MISSING",
                "HUB_ID_KEY is not set: give every hub of the federation the same secret "
                "of at least 32 characters (see docs/configuration.md)",
            )
        return self.id_key.get_secret_value().encode()

    def sqlite_path(self) -> Path | None:
        """The database file, when the database is a SQLite file."""
        prefix = "sqlite+aiosqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        name = self.database_url.removeprefix(prefix).split("?", 1)[0]
        return None if name in ("", ":memory:") else Path(name)


def local_id_key(path: Path) -> str:
    """The id key kept in `path` (made, readable by its owner only, on first use): the demo's
    own, so that its ids stay the same from one run to the next. Never for a federation."""
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    path.touch(mode=0o600)
    path.write_text(key + "\n", encoding="ascii")
    return key
