"""Declared checks: rules across the fields of one record, each with the mapping's own code."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from hub.adapters.errors import RecordError
from hub.adapters.model.mapping import Check

CheckRule = Callable[[dict[str, Any]], RecordError | None]


class _Values(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _text(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _message(check: Check, fields: dict[str, Any], labels: Mapping[str, str], default: str) -> str:
    if check.message is None:
        return default
    values = _Values({k: _text(v) for k, v in fields.items()})
    values.update({labels[k]: text for k, text in values.items() if k in labels})
    return check.message.format_map(values)


def compile_check(check: Check, labels: Mapping[str, str] | None = None) -> CheckRule:
    """A function of the record's fields giving the reject, or None when the rule holds.

    The check names fields by their Python names; `labels` gives the names reports use.
    """
    labels = labels or {}
    name, code = check.field, check.code
    shown = labels.get(name, name)

    def error(fields: dict[str, Any], default: str) -> RecordError:
        value = fields.get(name)
        text = None if value is None else _text(value)
        message = _message(check, fields, labels, default)
        return RecordError(code, message, field=shown, value=text)

    if check.present:

        def present(fields: dict[str, Any]) -> RecordError | None:
            value = fields.get(name)
            if value is None or value == [] or value == "":
                return error(fields, f"{shown} has no value")
            return None

        return present
    if check.pattern is not None:
        matcher = re.compile(check.pattern)

        def pattern(fields: dict[str, Any]) -> RecordError | None:
            value = fields.get(name)
            if value is None or matcher.fullmatch(_text(value)):
                return None
            return error(fields, f"{shown} {_text(value)!r} does not match {check.pattern}")

        return pattern
    other = check.after or check.not_before or ""
    other_shown = labels.get(other, other)
    strictly = check.after is not None

    def order(fields: dict[str, Any]) -> RecordError | None:
        value, bound = fields.get(name), fields.get(other)
        if value is None or bound is None:
            return None
        try:
            wrong = value <= bound if strictly else value < bound
        except TypeError:
            return None  # values of different kinds: validation reports the wrong one
        if not wrong:
            return None
        relation = "is not after" if strictly else "is before"
        return error(fields, f"{shown} ({_text(value)}) {relation} {other_shown} ({_text(bound)})")

    return order
