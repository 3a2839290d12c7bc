"""JSON files of records: one record, an array of records, or JSON Lines (one record a line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hub.standard.validate._lines import text_lines
from hub.standard.validate._report import file_error

MAX_JSON_BYTES = 64 * 1024 * 1024  # more records: JSON Lines, read a line at a time
LINES_SUFFIXES = (".jsonl", ".ndjson")


# (line, path, record): where a record is, and the record as parsed.
Located = tuple[int | None, str | None, Any]


def read_records(path: Path, shown: str) -> Iterator[Located]:
    """The records of a JSON or JSON Lines file, each with its line or its path in the array."""
    if path.suffix.lower() in LINES_SUFFIXES:
        yield from _lines(path, shown)
        return
    if path.stat().st_size > MAX_JSON_BYTES:
        raise file_error(shown, None, "FILE_TOO_LARGE", f"larger than {MAX_JSON_BYTES} bytes")
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as error:
        raise file_error(shown, None, "ENCODING_ERROR", f"not UTF-8: {error.reason}") from None
    except json.JSONDecodeError as error:
        raise file_error(shown, error.lineno, "JSON_MALFORMED", error.msg) from None
    if isinstance(document, list):
        for index, record in enumerate(document):
            yield None, f"[{index}]", record
    else:
        yield None, None, document


def _lines(path: Path, shown: str) -> Iterator[Located]:
    for number, text in text_lines(path, shown):
        if not text.strip():
            continue
        try:
            yield number, None, json.loads(text)
        except json.JSONDecodeError as error:
            raise file_error(shown, number, "JSON_MALFORMED", error.msg) from None
