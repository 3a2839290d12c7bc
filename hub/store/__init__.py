"""Storage: the async engine, the schema's migrations and the code lists' reference data.

The names are loaded on first use: a process that needs only the models (the import's reader
process) does not import the engine's settings and metrics, nor Alembic.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hub.store.engine import create_engine, is_sqlite, session_factory
    from hub.store.migrate import current_revision, upgrade
    from hub.store.models import Base
    from hub.store.seed import sync_vocabulary

_HOMES = {
    "Base": "hub.store.models",
    "create_engine": "hub.store.engine",
    "current_revision": "hub.store.migrate",
    "is_sqlite": "hub.store.engine",
    "session_factory": "hub.store.engine",
    "sync_vocabulary": "hub.store.seed",
    "upgrade": "hub.store.migrate",
}
__all__ = [
    "Base",
    "create_engine",
    "current_revision",
    "is_sqlite",
    "session_factory",
    "sync_vocabulary",
    "upgrade",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'hub.store' has no attribute {name!r}")
    return getattr(import_module(home), name)
