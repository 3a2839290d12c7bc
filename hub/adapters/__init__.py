"""Adapters: force exports (CSV, XML, xlsx) mapped into the standard by mapping files, and imported.

    reports = await ingest(engine, "hr-officers", [Path("export.csv")], dry_run=True)

A file's journey, stage by stage (each a sub-package with one public face): `read` streams raw
records, `map` applies the compiled mapping file, `check` validates them into records of the
standard, `write` resolves and upserts them; `pipeline` runs them in that order and reports.
`model` holds what the stages share: the mapping file's models and the standard's records.
See docs/adapters.md for the mapping language, the error codes and the test kit.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from hub.adapters.errors import MappingError, RecordError, SourceError
from hub.adapters.map import Adapter, MappingAdapter, Transform, load_adapter, transform
from hub.adapters.model.source_record import SourceRecord
from hub.adapters.report import ImportReport, Reject

if TYPE_CHECKING:
    from hub.adapters.pipeline import ingest
    from hub.adapters.registry import AdapterInfo, list_adapters, resolve_adapter

# Loaded on first use: the reader process (sources.py) maps and checks records but never
# writes them, so it does without the write stage and the engine they import.
_LATER = {
    "ingest": "hub.adapters.pipeline",
    "AdapterInfo": "hub.adapters.registry",
    "list_adapters": "hub.adapters.registry",
    "resolve_adapter": "hub.adapters.registry",
}

__all__ = [
    "Adapter",
    "AdapterInfo",
    "ImportReport",
    "MappingAdapter",
    "MappingError",
    "RecordError",
    "Reject",
    "SourceError",
    "SourceRecord",
    "Transform",
    "ingest",
    "list_adapters",
    "load_adapter",
    "resolve_adapter",
    "transform",
]


def __getattr__(name: str) -> Any:
    home = _LATER.get(name)
    if home is None:
        raise AttributeError(f"module 'hub.adapters' has no attribute {name!r}")
    return getattr(import_module(home), name)
