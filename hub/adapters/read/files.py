"""A source file by its kind: refuse it before anything is written, or stream its records."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

from hub.adapters.model.source import CsvSource, XlsxSource, XmlSource
from hub.adapters.read.csv import check_csv, read_csv
from hub.adapters.read.raw import RawRecord, scan_bytes
from hub.adapters.read.xlsx import check_xlsx, read_xlsx
from hub.adapters.read.xml import RecordPath, check_xml, read_xml

Source = CsvSource | XmlSource | XlsxSource


def check_file(
    file: Path,
    source: Source,
    max_bytes: int,
    columns: Collection[str],
    record_paths: Sequence[RecordPath],
    schema: Any = None,
) -> str:
    """Refuse a file that cannot be read safely (SourceError); return its SHA-256."""
    if isinstance(source, XlsxSource):
        checksum = scan_bytes(file, max_bytes)
        check_xlsx(file, source, columns)
        return checksum
    if isinstance(source, CsvSource):
        checksum = scan_bytes(file, max_bytes, source.codec)
        check_csv(file, source, columns)
        return checksum
    checksum = scan_bytes(file, max_bytes)
    check_xml(file, source, record_paths, schema)
    return checksum


def read_file(
    file: Path, source: Source, columns: Collection[str], record_paths: Sequence[RecordPath]
) -> Iterator[RawRecord]:
    """The file's raw records, in file order, streamed."""
    if isinstance(source, XlsxSource):
        return read_xlsx(file, source, columns)
    if isinstance(source, CsvSource):
        return read_csv(file, source, columns)
    return read_xml(file, source, record_paths)
