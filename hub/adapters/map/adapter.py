"""The adapter interface, and the adapter that runs a mapping file."""

from __future__ import annotations

import abc
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from lxml import etree

from hub.adapters.errors import MappingError, RecordError
from hub.adapters.map import transforms as t
from hub.adapters.map.compile import CompiledMapping, CompiledOutput
from hub.adapters.map.repeat import combinations
from hub.adapters.model.mapping import DEFAULT_BATCH_SIZE
from hub.adapters.model.source import CsvSource, XlsxSource, XmlSource
from hub.adapters.model.source_record import SourceRecord
from hub.adapters.read import (
    Pace,
    RawRecord,
    check_file,
    load_schema,
    read_file,
    scan_bytes,
    scan_file,
)


class Adapter(abc.ABC):
    """A custom adapter: one method turns a file into source records.

    Register it under the entry-point group `hub.adapters`. Override `check` to refuse a file
    before anything is written (raise `SourceError`); it should also compute nothing slow.
    """

    name: str = "custom"
    description: str = ""
    force: str | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    timezone: ZoneInfo = ZoneInfo("Europe/London")
    synonyms: dict[str, dict[str, str]] = {}
    max_file_bytes: int = 4 * 1024**3
    warnings: tuple[str, ...] = ()  # shown with every report (deprecated names ...)
    # Entities each file lists in full for the forces it names (a mapping's `snapshot: true`):
    # after a file, stored records of those forces it does not name are marked withdrawn.
    snapshots: tuple[str, ...] = ()
    # Entities whose written records the import marks OFFICIAL_SENSITIVE (`classification`).
    sensitive: tuple[str, ...] = ()

    def check(self, file: Path) -> str:
        """Refuse a file that cannot be read safely; return its SHA-256."""
        return scan_bytes(file, self.max_file_bytes)

    @abc.abstractmethod
    def records(self, file: Path) -> Iterator[SourceRecord]:
        """The file's source records, in file order, streamed."""


class MappingAdapter(Adapter):
    """An adapter defined by a mapping file (see `load_adapter`)."""

    def __init__(self, compiled: CompiledMapping) -> None:
        self.compiled = compiled
        mapping = compiled.mapping
        self.name = mapping.adapter
        self.description = mapping.description
        self.force = mapping.force
        self.batch_size = mapping.batch_size
        self.timezone = compiled.timezone
        self.synonyms = compiled.synonyms
        self.max_file_bytes = mapping.source.limits.max_file_bytes
        self.warnings = compiled.warnings
        self.snapshots = tuple(
            sorted({output.entity for output in mapping.records if output.snapshot})
        )
        self.sensitive = tuple(
            sorted(
                {
                    output.entity
                    for output in mapping.records
                    if output.classification == "OFFICIAL_SENSITIVE"
                }
            )
        )
        self.source_path: Path | None = None  # the mapping file, if it alone defines the adapter
        self._schema: Any = None

    @property
    def source(self) -> CsvSource | XmlSource | XlsxSource:
        return self.compiled.mapping.source

    def check(self, file: Path, pace: Pace | None = None) -> str:
        """As `Adapter.check`; `pace` is called every few hundred records (`check_file`)."""
        compiled = self.compiled
        return check_file(
            file,
            self.source,
            self.max_file_bytes,
            compiled.columns,
            compiled.record_paths,
            self.schema(),
            pace,
        )

    def schema(self) -> Any:
        source = self.source
        if not isinstance(source, XmlSource) or source.schema_file is None:
            return None
        if self._schema is None:
            base = self.compiled.path.parent if self.compiled.path else Path.cwd()
            path = (base / source.schema_file).resolve()
            if not path.is_file():
                raise MappingError("SCHEMA_NOT_FOUND", f"no XSD at {path}", key="source.schema")
            self._schema = load_schema(path)
        return self._schema

    def records(self, file: Path) -> Iterator[SourceRecord]:
        outputs, timezone = self.compiled.outputs, self.timezone
        for raw in self.raw_records(file):
            yield map_record(raw, outputs, timezone)

    def scan(self, file: Path) -> str:
        """The file's SHA-256 after the checks of its bytes alone: the first part of `check`."""
        return scan_file(file, self.source, self.max_file_bytes)

    def raw_records(self, file: Path, *, checked: bool = False) -> Iterator[RawRecord]:
        """The file's raw records (`map` makes each a source record). `checked`: read to its
        end, they refuse the file as `check` does after `scan`, so one pass checks and reads."""
        compiled = self.compiled
        schema = self.schema() if checked else None
        return read_file(file, self.source, compiled.columns, compiled.record_paths, schema)

    def map(self, raw: RawRecord) -> SourceRecord:
        """The source record of one raw record."""
        return map_record(raw, self.compiled.outputs, self.timezone)


def map_record(
    raw: RawRecord, outputs: Sequence[CompiledOutput], timezone: ZoneInfo
) -> SourceRecord:
    """Apply the mapping's outputs to one raw record."""
    item = SourceRecord(raw.line, raw.path, cut_ok=raw.cut_ok)
    if isinstance(raw.data, dict):
        item.fingerprint = hash(tuple(raw.data.values()))
    if raw.error is not None:
        code, message, value = raw.error
        item.errors.append(RecordError(code, message, value=value))
        return item
    chosen = outputs if raw.outputs is None else [outputs[i] for i in raw.outputs]
    for output in chosen:
        if not output.repeats:
            _produce(output, t.Context(raw, {}, timezone), item)
            continue
        context = t.Context(raw, {}, timezone)
        try:
            chosen_items = list(combinations(output.repeats, context))
        except (ValueError, TypeError, etree.XPathError) as error:
            item.errors.append(RecordError("TRANSFORM_FAILED", str(error), field="repeat"))
            continue
        for items in chosen_items:
            _produce(output, t.Context(raw, {}, timezone, items), item)
    return item


def _produce(output: CompiledOutput, context: t.Context, item: SourceRecord) -> None:
    """One record of `output` (unless its `when` is empty), its fields, its declared checks."""
    if output.when is not None and _empty(_safe(output.when, context, item, "when")):
        return
    fields = context.fields
    failed = False
    values = output.values
    if values is not None:
        try:
            values(context.record.data, context)
        except Exception:  # evaluated again field by field below, for the errors
            fields = context.fields = {}
        else:
            _finish(output, fields, item, check=True)
            return
    for compiled in output.fields:
        name = compiled.name
        try:
            fields[name] = compiled.evaluate(context)
            continue
        except RecordError as error:
            item.errors.append(
                RecordError(error.code, error.message, field=compiled.label, value=error.value)
            )
        except (ValueError, TypeError, ArithmeticError, etree.XPathError) as error:
            item.errors.append(RecordError("TRANSFORM_FAILED", str(error), field=compiled.label))
        fields[name] = None
        failed = True
    _finish(output, fields, item, check=not failed)


def _finish(
    output: CompiledOutput, fields: dict[str, Any], item: SourceRecord, check: bool
) -> None:
    """The output's declared checks (when its fields have no errors), then its record."""
    if check:
        for rule in output.checks:
            problem = rule(fields)
            if problem is not None:
                item.errors.append(problem)
    if output.merge != "update":
        item.merges += ["update"] * (len(item.records) - len(item.merges))
        item.merges.append(output.merge)
    if output.provisional:
        item.provisional += [()] * (len(item.records) - len(item.provisional))
        item.provisional.append(output.provisional)
    item.records.append((output.entity, fields))


def _safe(evaluate: Any, context: t.Context, item: SourceRecord, name: str) -> Any:
    try:
        return evaluate(context)
    except RecordError as error:
        item.errors.append(RecordError(error.code, error.message, field=name, value=error.value))
    except (ValueError, TypeError, ArithmeticError) as error:
        item.errors.append(RecordError("TRANSFORM_FAILED", str(error), field=name))
    return None


def _empty(value: Any) -> bool:
    return value is None or value == [] or value is False
