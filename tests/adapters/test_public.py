"""`hub.adapters` exports a chosen set of names; changing it should be deliberate."""

import inspect

import hub.adapters
from hub.adapters import ingest


def test_the_exported_names_are_pinned() -> None:
    assert sorted(hub.adapters.__all__) == [
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
    assert all(hasattr(hub.adapters, name) for name in hub.adapters.__all__)


def test_ingest_keeps_the_signature_the_http_upload_relies_on() -> None:
    signature = inspect.signature(ingest)
    assert list(signature.parameters) == [
        "engine",
        "adapter",
        "files",
        "force",
        "dry_run",
        "strict",
        "actor",
        "progress",
        "mapping_force",
    ]
    keyword_only = [p.name for p in signature.parameters.values() if p.kind is p.KEYWORD_ONLY]
    assert keyword_only == ["force", "dry_run", "strict", "actor", "progress", "mapping_force"]
    assert inspect.iscoroutinefunction(ingest)
