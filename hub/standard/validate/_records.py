"""Records checked against the published JSON Schemas (`standards/json-schema/`).

The schemas are read from their files, as an implementer would, not generated again:
`hub schema check` keeps the files equal to the code.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

SUFFIX = ".schema.json"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
CODE_LIST = re.compile(r"`(codelists/[^`]+)`")
FORMATS = FormatChecker(formats=())
CODES = {
    "required": "MISSING_VALUE",
    "additionalProperties": "UNKNOWN_FIELD",
    "enum": "UNKNOWN_CODE",
    "type": "INVALID_VALUE",
    "maxLength": "VALUE_TOO_LONG",
    "minLength": "MISSING_VALUE",
    "minimum": "OUT_OF_RANGE",
    "maximum": "OUT_OF_RANGE",
    "exclusiveMinimum": "OUT_OF_RANGE",
    "exclusiveMaximum": "OUT_OF_RANGE",
    "anyOf": "MISSING_HOLDER",
}


@FORMATS.checks("date")
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return DATE.fullmatch(value) is not None and _parses(datetime.date.fromisoformat, value)


@FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return DATE_TIME.fullmatch(value) is not None and _moment(value) is not None


def _parses(parse: Any, value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _moment(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class Found:
    """A problem with one record: the field, the offending value, a code and a message."""

    field: str | None
    value: object
    code: str
    message: str


class RecordType:
    """One record's JSON Schema, and how to check records against it."""

    def __init__(self, name: str, schema: Mapping[str, Any]) -> None:
        self.name = name
        self.schema = schema
        self.fields: dict[str, Any] = dict(schema.get("properties", {}))
        self.required: tuple[str, ...] = tuple(schema.get("required", ()))

    @cached_property
    def _validator(self) -> Draft202012Validator:
        return Draft202012Validator(self.schema, format_checker=FORMATS)

    def check(self, record: object) -> list[Found]:
        """Every problem of one record (empty: valid)."""
        if not isinstance(record, dict):
            return [Found(None, record, "INVALID_VALUE", f"a {self.name} record is an object")]
        found = [self._explain(error, record) for error in self._validator.iter_errors(record)]
        problems = [problem for group in found for problem in group]
        bad = {problem.field for problem in problems}
        problems.extend(self._order(record, bad))
        return problems

    def field_schema(self, field: str) -> dict[str, Any]:
        """A field's schema with its `$ref` (to a code list) resolved."""
        spec = dict(self.fields.get(field, {}))
        ref = spec.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            spec.update(self.schema.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {}))
        return spec

    def _explain(self, error: ValidationError, record: Mapping[str, Any]) -> list[Found]:
        keyword = str(error.validator)
        if keyword == "required" and not error.path:
            missing = [name for name in self.required if name not in record]
            return [
                Found(name, None, "MISSING_VALUE", "a required field is absent") for name in missing
            ]
        if keyword == "additionalProperties":
            extra = [name for name in record if name not in self.fields]
            return [
                Found(name, record[name], "UNKNOWN_FIELD", f"{name!r} is no field of a {self.name}")
                for name in extra
            ]
        if keyword == "anyOf" and error.path:
            error = _not_null(error)
        field = _field(error.absolute_path)
        return [Found(field, error.instance, _code(error), _message(error, self.name))]

    def _order(self, record: Mapping[str, Any], bad: set[str | None]) -> Iterator[Found]:
        for rule in self.schema.get("x-ordered", ()):
            first, then, strict = rule["first"], rule["then"], rule["strict"]
            if first in bad or then in bad:
                continue
            start, end = _comparable(record.get(first)), _comparable(record.get(then))
            if start is None or end is None or type(start) is not type(end):
                continue
            if end < start or (strict and end == start):
                word = "after" if strict else "on or after"
                given = f"{then} ({record.get(then)})"
                message = f"{given} must be {word} {first} ({record.get(first)})"
                yield Found(then, record.get(then), "BAD_RANGE", message)


def _not_null(error: ValidationError) -> ValidationError:
    """Of a nullable field's `anyOf` (a value or null), why the value is wrong."""
    reasons = [reason for reason in error.context or () if reason.schema != {"type": "null"}]
    return reasons[0] if reasons else error


def _comparable(value: object) -> datetime.date | datetime.datetime | None:
    if not isinstance(value, str):
        return None
    if DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return _moment(value)


def _field(path: Iterable[object]) -> str | None:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or None


def _code(error: ValidationError) -> str:
    if error.validator == "format":
        return "BAD_DATE" if error.validator_value == "date" else "BAD_DATETIME"
    return CODES.get(str(error.validator), "INVALID_VALUE")


def _message(error: ValidationError, record: str) -> str:
    keyword, expected = error.validator, error.validator_value
    if keyword == "enum":
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        found = CODE_LIST.search(str(schema.get("description", "")))
        where = found.group(1) if found else "its code list"
        return f"not a code of {where} (a file of the standard gives codes, not names)"
    if keyword == "format":
        if expected == "date":
            return "not a date (YYYY-MM-DD)"
        return "not a date and time with an offset (RFC 3339, e.g. 2021-11-01T07:00:00Z)"
    if keyword == "type":
        return f"expected {_types(expected)}"
    if keyword == "maxLength":
        return f"longer than {expected} characters"
    if keyword == "minLength":
        return "empty"
    if keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return f"out of range ({keyword} {expected})"
    if keyword == "anyOf" and not error.path:
        return f"a {record} is for a planningUnit or for an officer (force and serviceNumber)"
    return error.message


def _types(expected: object) -> str:
    names = [expected] if isinstance(expected, str) else list(expected or ())  # type: ignore[call-overload]
    return " or ".join(str(name) for name in names)


def load_types(folder: Path) -> dict[str, RecordType]:
    """Every record schema in `folder`, by record name (`mutual-aid-request`)."""
    types = {}
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        name = path.name.removesuffix(SUFFIX)
        types[name] = RecordType(name, json.loads(path.read_text(encoding="utf-8")))
    return types


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def find_type(types: Mapping[str, RecordType], name: str) -> RecordType | None:
    """The record type `name` names: `mutual-aid-request`, `mutual_aid_request` or
    `MutualAidRequest` alike."""
    wanted = _key(name)
    return next((type_ for key, type_ in types.items() if _key(key) == wanted), None)


def guess_type(types: Mapping[str, RecordType], fields: Iterable[str]) -> list[RecordType]:
    """The record types a set of fields fits: all its fields known and every required one given
    (or, when no type fits so well, all its fields known)."""
    given = set(fields)
    known = [type_ for type_ in types.values() if given <= type_.fields.keys()]
    complete = [type_ for type_ in known if set(type_.required) <= given]
    return complete or known
