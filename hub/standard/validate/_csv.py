"""CSV files of records: a header of the record's field names, then one record a row.

Cells are text; a cell is turned into the type its field's schema asks for (a number, true or
false, a `|`-separated list) before the record is checked, and an empty cell is an absent field.
The reader keeps Python's field size limit (128 KiB), so an unmatched quote cannot swallow
the file, and reads lines as `_lines` does (UTF-8, no NUL bytes, none over 1 MiB).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from hub.standard.validate._lines import text_lines
from hub.standard.validate._records import RecordType
from hub.standard.validate._report import file_error

LIST_SEPARATOR = "|"
INTEGER = re.compile(r"[+-]?\d+")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


Row = tuple[int, list[str]]


def read_rows(path: Path, shown: str) -> Iterator[Row]:
    """Each row with the line it starts on; the header is the first."""
    reader = csv.reader((text for _, text in text_lines(path, shown)), strict=True)
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as error:
        raise file_error(shown, line, *_csv_code(str(error))) from None


def _csv_code(text: str) -> tuple[str, str]:
    if "field larger than field limit" in text:
        return "CSV_FIELD_TOO_LARGE", "a cell over 128 KiB: usually an unterminated quote"
    if "unexpected end of data" in text:
        return "CSV_UNTERMINATED_QUOTE", "a quoted cell never ends"
    return "CSV_MALFORMED", text


def check_header(header: Sequence[str], shown: str) -> list[str]:
    """The header's names, or a file problem for an empty or repeated name."""
    names = [name.strip() for name in header]
    if not any(names):
        raise file_error(shown, 1, "CSV_NO_HEADER", "the first line names no fields")
    seen: set[str] = set()
    for name in names:
        if name in seen or not name:
            raise file_error(shown, 1, "CSV_DUPLICATE_HEADER", f"column {name!r} is named twice")
        seen.add(name)
    return names


def unknown_columns(header: Sequence[str], record_type: RecordType, shown: str) -> None:
    unknown = [name for name in header if name not in record_type.fields]
    if unknown:
        message = f"{', '.join(map(repr, unknown))} not a field of a {record_type.name}"
        raise file_error(shown, 1, "CSV_UNKNOWN_COLUMN", message)


def record(header: Sequence[str], cells: Sequence[str], record_type: RecordType) -> dict[str, Any]:
    """A row as a record: empty cells left out, the others as their fields' types."""
    return {
        name: _typed(cell, record_type.field_schema(name))
        for name, cell in zip(header, cells, strict=True)
        if cell.strip()
    }


def _typed(cell: str, schema: Mapping[str, Any]) -> Any:
    text = cell.strip()
    types = _types(schema)
    if "array" in types:
        items = schema.get("items", {})
        return [_typed(item, items) for item in text.split(LIST_SEPARATOR) if item.strip()]
    if "integer" in types and INTEGER.fullmatch(text):
        return int(text)
    if "number" in types and NUMBER.fullmatch(text):
        return float(text)
    if "boolean" in types and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def _types(schema: Mapping[str, Any]) -> set[str]:
    found: set[str] = set()
    for option in schema.get("anyOf", [schema]):
        kind = option.get("type", "string")
        found.update([kind] if isinstance(kind, str) else kind)
    return found
