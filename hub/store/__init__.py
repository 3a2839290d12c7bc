"""Storage: the async engine, the schema's migrations and the code lists' reference data."""

from hub.store.engine import create_engine, is_sqlite, session_factory
from hub.store.migrate import current_revision, upgrade
from hub.store.models import Base
from hub.store.seed import sync_vocabulary

__all__ = [
    "Base",
    "create_engine",
    "current_revision",
    "is_sqlite",
    "session_factory",
    "sync_vocabulary",
    "upgrade",
]
