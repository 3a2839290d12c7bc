"""Adapters: force exports (CSV, XML, xlsx) mapped into the standard by mapping files, and imported.

    reports = await ingest(engine, "hr-officers", [Path("export.csv")], dry_run=True)

A file's journey, stage by stage (each a sub-package with one public face): `read` streams raw
records, `map` applies the compiled mapping file, `check` validates them into records of the
standard, `write` resolves and upserts them; `pipeline` runs them in that order and reports.
`model` holds what the stages share: the mapping file's models and the standard's records.
See docs/adapters.md for the mapping language, the error codes and the test kit.
"""

from hub.adapters.errors import MappingError, RecordError, SourceError
from hub.adapters.map import Adapter, MappingAdapter, Transform, load_adapter, transform
from hub.adapters.model.source_record import SourceRecord
from hub.adapters.pipeline import ingest
from hub.adapters.registry import AdapterInfo, list_adapters, resolve_adapter
from hub.adapters.report import ImportReport, Reject

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
