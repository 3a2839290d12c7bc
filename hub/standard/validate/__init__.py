"""Files checked against the published standard: `hub standard validate FILE...`.

    reports = validate_files([Path("officers.csv")], record_type="officer")

JSON and CSV records are checked against the JSON Schemas in `standards/json-schema/`, EDXL-RM
messages against the OASIS XSDs; each problem is reported as an import reports a rejected
record (file, line or path, field, value, code, message).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from hub.standard.validate._edxl import message_types
from hub.standard.validate._files import validate_file
from hub.standard.validate._records import find_type, load_types
from hub.standard.validate._report import FileReport, Problem

REPOSITORY = Path(__file__).resolve().parents[3]
JSON_SCHEMAS = REPOSITORY / "standards" / "json-schema"
EDXL_RM_SCHEMAS = REPOSITORY / "adapters" / "edxl-rm-schemas" / "external" / "edxl-rm" / "1.0"


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
    return [validate_file(path, chosen, types, edxl_schemas) for path in paths]


def exit_code(reports: Iterable[FileReport]) -> int:
    """0: every file valid; 1: a record or message is not; 2: a file could not be checked."""
    reports = list(reports)
    if any(report.error is not None for report in reports):
        return 2
    return 0 if all(report.valid for report in reports) else 1


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
