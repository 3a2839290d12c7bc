"""One file checked as its kind: JSON or CSV records, or an EDXL-RM message."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from hub.standard.validate._csv import check_header, read_rows, record, unknown_columns
from hub.standard.validate._edxl import validate_message
from hub.standard.validate._json import read_records
from hub.standard.validate._records import Found, RecordType, guess_type
from hub.standard.validate._report import FileError, FileReport, Problem, file_error

KINDS = {".json": "json", ".jsonl": "json", ".ndjson": "json", ".csv": "csv", ".xml": "xml"}


def validate_file(
    path: Path, chosen: RecordType | None, types: dict[str, RecordType], edxl: Path
) -> FileReport:
    shown = str(path)
    kind = KINDS.get(path.suffix.lower())
    if not path.is_file():
        return _refused(shown, kind or "?", "FILE_UNREADABLE", "no such file")
    if kind == "xml":
        return validate_message(path, shown, edxl)
    if kind == "csv":
        return _csv(path, shown, chosen, types)
    if kind == "json":
        return _json(path, shown, chosen, types)
    message = "not a file the standard describes: .json, .jsonl, .ndjson, .csv or .xml"
    return _refused(shown, "?", "FILE_KIND_UNKNOWN", message)


def _json(
    path: Path, shown: str, chosen: RecordType | None, types: dict[str, RecordType]
) -> FileReport:
    report = FileReport(file=shown, kind="json", type=chosen.name if chosen else None)
    try:
        for line, where, item in read_records(path, shown):
            if chosen is None:
                chosen = _guess(types, item if isinstance(item, dict) else {}, shown, line)
                report.type = chosen.name
            report.read += 1
            report.reject(_problems(shown, line, where, chosen.check(item)))
    except FileError as error:
        report.error = error.problem
    return report


def _csv(
    path: Path, shown: str, chosen: RecordType | None, types: dict[str, RecordType]
) -> FileReport:
    report = FileReport(file=shown, kind="csv", type=chosen.name if chosen else None)
    try:
        rows = read_rows(path, shown)
        first = next(rows, None)
        header = check_header(first[1] if first else [], shown)
        chosen = chosen or _guess(types, header, shown, 1)
        report.type = chosen.name
        unknown_columns(header, chosen, shown)
        for line, cells in rows:
            if not any(cell.strip() for cell in cells):
                continue
            report.read += 1
            report.reject(_row_problems(shown, line, header, cells, chosen))
    except FileError as error:
        report.error = error.problem
    return report


def _row_problems(
    shown: str, line: int, header: list[str], cells: list[str], chosen: RecordType
) -> list[Problem]:
    if len(cells) != len(header):
        message = f"{len(cells)} cells where the header names {len(header)} fields"
        return [Problem(shown, line, None, None, None, "ROW_COLUMN_COUNT", message)]
    return _problems(shown, line, None, chosen.check(record(header, cells, chosen)))


def _guess(
    types: dict[str, RecordType], fields: Iterable[str], shown: str, line: int | None
) -> RecordType:
    fits = guess_type(types, fields)
    if len(fits) == 1:
        return fits[0]
    which = ", ".join(type_.name for type_ in fits) if fits else "none"
    message = f"give --type: the record type cannot be told from its fields (fits: {which})"
    raise file_error(shown, line, "RECORD_TYPE_UNKNOWN", message)


def _problems(shown: str, line: int | None, where: str | None, found: list[Found]) -> list[Problem]:
    return [
        Problem(shown, line, where, item.field, _shown(item.value), item.code, item.message)
        for item in found
    ]


def _shown(value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _refused(shown: str, kind: str, code: str, message: str) -> FileReport:
    return FileReport(
        file=shown, kind=kind, error=Problem(shown, None, None, None, None, code, message)
    )
