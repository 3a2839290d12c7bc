"""Adapters: force exports (CSV, XML) mapped into the standard by mapping files, and imported.

    reports = await ingest(engine, "hr-officers", [Path("export.csv")], dry_run=True)

See docs/adapters.md for the mapping language, the error codes and the test kit.
"""

from hub.adapters._adapter import Adapter, MappingAdapter, SourceRecord
from hub.adapters._errors import MappingError, RecordError, SourceError
from hub.adapters._load import load_adapter
from hub.adapters._pipeline import ingest
from hub.adapters._registry import AdapterInfo, list_adapters, resolve_adapter
from hub.adapters._report import ImportReport, Reject
from hub.adapters._transforms import Transform, transform

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
