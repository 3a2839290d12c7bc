"""A source file by its kind: refuse it before anything is written, or stream its records."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

from hub.adapters.model.source import CsvSource, XlsxSource, XmlSource
from hub.adapters.read.csv import check_csv, read_csv
from hub.adapters.read.raw import Pace, RawRecord, scan_bytes
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
    pace: Pace | None = None,
) -> str:
    """Refuse a file that cannot be read safely (SourceError); return its SHA-256. `pace` is
    called every few hundred records (`hub.adapters.read.raw.drain`)."""
    checksum = scan_file(file, source, max_bytes)
    if isinstance(source, XlsxSource):
        check_xlsx(file, source, columns, pace)
    elif isinstance(source, CsvSource):
        check_csv(file, source, columns, pace)
    else:
        check_xml(file, source, record_paths, schema, pace)
    return checksum


def scan_file(file: Path, source: Source, max_bytes: int) -> str:
    """The first half of `check_file`: the checks of the file's bytes alone (its size, and a
    CSV's encoding), and its SHA-256."""
    return scan_bytes(file, max_bytes, source.codec if isinstance(source, CsvSource) else None)


def read_file(
    file: Path,
    source: Source,
    columns: Collection[str],
    record_paths: Sequence[RecordPath],
    schema: Any = None,
) -> Iterator[RawRecord]:
    """The file's raw records, in file order, streamed. Reading a file to its end refuses it
    as `check_file` would after `scan_file`, provided an XML source is given its XSD."""
    if isinstance(source, XlsxSource):
        return read_xlsx(file, source, columns)
    if isinstance(source, CsvSource):
        return read_csv(file, source, columns)
    return read_xml(file, source, record_paths, schema)
