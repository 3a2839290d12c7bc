"""Reading CSV exports: declared encoding decoded strictly, a preamble, header aliases."""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any, TextIO

from hub.adapters.errors import SourceError
from hub.adapters.model.source import CsvSource, XlsxSource
from hub.adapters.read.fill import fill_down
from hub.adapters.read.raw import Pace, RawRecord, drain
from hub.standard._terms import normalise


def check_csv(
    path: Path, source: CsvSource, columns: Collection[str], pace: Pace | None = None
) -> None:
    """Parse the whole file once, refusing it on any structural fault before anything is written."""
    drain(read_csv(path, source, columns), pace)


def read_csv(path: Path, source: CsvSource, columns: Collection[str]) -> Iterator[RawRecord]:
    """The data rows, as cells keyed by column name, with the line each row starts on."""
    with path.open(encoding=source.codec, errors="strict", newline="") as stream:
        reader = csv.reader(stream, delimiter=source.delimiter, quotechar=source.quote, strict=True)
        try:
            header = _header(reader, stream, source, columns)
            rows = _rows(reader, header)
            yield from fill_down(rows, source) if source.fill_down else rows
        except csv.Error as error:
            raise _malformed(error, reader.line_num) from None
        except UnicodeDecodeError as error:
            message = f"the file is not valid {source.encoding}: declare its encoding"
            raise SourceError("ENCODING_ERROR", message, line=reader.line_num + 1) from error


def _header(
    reader: Any,
    stream: TextIO,
    source: CsvSource,
    columns: Collection[str],
) -> list[str]:
    for _ in range(source.skip_rows):
        next(reader, None)
    raw = next(reader, None)
    if raw is None:
        raise SourceError("CSV_NO_HEADER", "the file has no header row", line=reader.line_num)
    return check_header(raw, source, columns, reader.line_num)


def check_header(
    raw: list[str], source: CsvSource | XlsxSource, columns: Collection[str], line: int
) -> list[str]:
    """The column names of a header row (after aliases), or the SourceError it deserves."""
    names = _names(source, columns)
    header = [names.get(normalise(cell), cell) for cell in map(_unmarked, raw)]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise SourceError(
                "CSV_DUPLICATE_HEADER", "two columns have one name", line=line, value=name
            )
        seen.add(name)
    missing = sorted(set(columns) - seen)
    if missing:
        message = f"the header lacks the column {missing[0]!r} that the mapping reads"
        raise SourceError("CSV_MISSING_COLUMN", message, line=line, value=missing[0])
    unknown = sorted(seen - set(columns) - {""})
    if unknown and source.unknown_columns == "error":
        message = f"the header has a column {unknown[0]!r} the mapping does not know"
        raise SourceError("CSV_UNKNOWN_COLUMN", message, line=line, value=unknown[0])
    return header


def _unmarked(cell: str) -> str:
    """A header cell without a UTF-8 byte order mark, also one decoded as Windows-1252 or
    Latin-1 (`ï»¿`: a tool wrote the mark before text in another encoding)."""
    return cell.strip().removeprefix("\ufeff").removeprefix("\u00ef\u00bb\u00bf")


def _names(source: CsvSource | XlsxSource, columns: Collection[str]) -> dict[str, str]:
    """Normalised header text -> the column name the mapping uses for it."""
    names = {normalise(column): column for column in columns}
    for canonical, aliases in source.headers.items():
        for alias in (canonical, *aliases):
            names[normalise(alias)] = canonical
    return names


def _rows(reader: Any, header: list[str]) -> Iterator[RawRecord]:
    line = reader.line_num + 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            message = f"the row has {len(cells)} cells, the header {len(header)}"
            error = ("ROW_COLUMN_COUNT", message, None)
            yield RawRecord(start, None, {}, error=error)
            continue
        yield RawRecord(start, None, dict(zip(header, cells, strict=True)))


def _malformed(error: csv.Error, line: int) -> SourceError:
    text = str(error)
    if "field larger than field limit" in text:
        message = "a cell is larger than 128 KiB: an unterminated quote, or not a CSV file"
        return SourceError("CSV_FIELD_TOO_LARGE", message, line=line)
    if "unexpected end of data" in text:
        return SourceError("CSV_UNTERMINATED_QUOTE", "a quoted cell never ends", line=line)
    return SourceError("CSV_MALFORMED", f"the CSV cannot be parsed: {text}", line=line)
