"""Files checked against the published standard: `hub standard validate FILE...`.

    reports = validate_files([Path("officers.csv")], record_type="officer")

JSON and CSV records are checked against the JSON Schemas in `standards/json-schema/`, EDXL-RM
messages against the OASIS XSDs; each problem is reported as an import reports a rejected
record (file, line or path, field, value, code, message).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from hub.standard.validate._csv import (
    check_header,
    read_rows,
    record,
    unknown_columns,
)
from hub.standard.validate._edxl import message_types, validate_message
from hub.standard.validate._json import read_records
from hub.standard.validate._records import RecordType, find_type, guess_type, load_types
from hub.standard.validate._report import FileError, FileReport, Problem, file_error

REPOSITORY = Path(__file__).resolve().parents[3]
JSON_SCHEMAS = REPOSITORY / "standards" / "json-schema"
EDXL_RM_SCHEMAS = REPOSITORY / "adapters" / "edxl-rm-schemas" / "external" / "edxl-rm" / "1.0"
KINDS = {".json": "json", ".jsonl": "json", ".ndjson": "json", ".csv": "csv", ".xml": "xml"}


class UnknownRecordType(ValueError):
    """`--type` names no record of the standard."""


def record_types(folder: Path = JSON_SCHEMAS) -> list[str]:
    """The record types files can be checked as (`officer`, `mutual-aid-request`, ...)."""
    return list(load_types(folder))


def validate_files(
    paths: Sequence[Path],
    record_type: str | None = None,
    *,
    schemas: Path = JSON_SCHEMAS,
    edxl_schemas: Path = EDXL_RM_SCHEMAS,
) -> list[FileReport]:
    """One report per file, in order. Raises UnknownRecordType for a `record_type` not known."""
    types = load_types(schemas)
    chosen = None
    if record_type is not None:
        chosen = find_type(types, record_type)
        if chosen is None:
            raise UnknownRecordType(f"{record_type!r} is no record type: {', '.join(types)}")
    return [_validate(path, chosen, types, edxl_schemas) for path in paths]


def exit_code(reports: Iterable[FileReport]) -> int:
    """0: every file valid; 1: a record or message is not; 2: a file could not be checked."""
    reports = list(reports)
    if any(report.error is not None for report in reports):
        return 2
    return 0 if all(report.valid for report in reports) else 1


def _validate(
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
            report.reject(
                [
                    Problem(
                        shown,
                        line,
                        where,
                        found.field,
                        _shown(found.value),
                        found.code,
                        found.message,
                    )
                    for found in chosen.check(item)
                ]
            )
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
    return [
        Problem(shown, line, None, found.field, _shown(found.value), found.code, found.message)
        for found in chosen.check(record(header, cells, chosen))
    ]


def _guess(
    types: dict[str, RecordType], fields: Iterable[str], shown: str, line: int | None
) -> RecordType:
    fits = guess_type(types, fields)
    if len(fits) == 1:
        return fits[0]
    which = ", ".join(type_.name for type_ in fits) if fits else "none"
    message = f"give --type: the record type cannot be told from its fields (fits: {which})"
    raise file_error(shown, line, "RECORD_TYPE_UNKNOWN", message)


def _shown(value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _refused(shown: str, kind: str, code: str, message: str) -> FileReport:
    return FileReport(
        file=shown, kind=kind, error=Problem(shown, None, None, None, None, code, message)
    )


__all__ = [
    "EDXL_RM_SCHEMAS",
    "JSON_SCHEMAS",
    "FileReport",
    "Problem",
    "UnknownRecordType",
    "exit_code",
    "message_types",
    "record_types",
    "validate_files",
]
