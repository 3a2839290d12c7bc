"""Settings, read from the environment (prefix `HUB_`) when asked for, never at import time."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///var/hub.db"


class Settings(BaseSettings):
    """Everything the hub can be configured with; see docs/configuration.md."""

    model_config = SettingsConfigDict(env_prefix="HUB_", extra="ignore")

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL: sqlite+aiosqlite:///FILE or postgresql+asyncpg://...",
    )
    statement_timeout_ms: int = Field(5_000, ge=100, description="Database statement timeout.")
    pool_size: int = Field(10, ge=1, description="Connections per process (PostgreSQL).")
    default_page_size: int = Field(20, ge=1, description="Page size when `first` is not given.")
    max_page_size: int = Field(100, ge=1, description="Largest `first` a connection accepts.")
    graphiql: bool = Field(True, description="Serve GraphiQL to browsers on GET /graphql.")
    echo_sql: bool = Field(False, description="Log every SQL statement (debugging only).")

    def sqlite_path(self) -> Path | None:
        """The database file, when the database is a SQLite file."""
        prefix = "sqlite+aiosqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        name = self.database_url.removeprefix(prefix).split("?", 1)[0]
        return None if name in ("", ":memory:") else Path(name)
