"""Transforms: the steps that turn a source value into the value a record field takes.

Built-in transforms are named in mapping files (`trim`, `{date: "%d/%m/%Y"}`, ...). Named
transforms written in Python are made with `@transform("name")` and handed to the adapter
that uses them; nothing is registered globally.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hub.adapters.errors import RecordError
from hub.standard._terms import normalise

Step = Callable[[Any, "Context"], Any]


@dataclass(slots=True)
class Context:
    """What a transform can see besides its value: the source record and the fields done so far."""

    record: Any
    fields: dict[str, Any]
    timezone: datetime.tzinfo
    items: dict[str, Any] = field(default_factory=dict)  # the current item of each repeat


@dataclass(frozen=True, slots=True)
class Transform:
    """A named transform written in Python: `function(value)` or `function(value, option)`."""

    name: str
    function: Callable[..., Any]
    takes_option: bool = False

    def step(self, option: Any) -> Step:
        if self.takes_option:
            return lambda value, _context: self.function(value, option)
        return lambda value, _context: self.function(value)


def transform(
    name: str, *, takes_option: bool = False
) -> Callable[[Callable[..., Any]], Transform]:
    """Make a function a named transform for mapping files:

        @transform("uk_postcode")
        def uk_postcode(value: str) -> str: ...

    Raise `RecordError` (or `ValueError`) to reject the record.
    """

    def wrap(function: Callable[..., Any]) -> Transform:
        return Transform(name, function, takes_option)

    return wrap


def per_item(function: Callable[[Any], Any]) -> Step:
    """A step applied to a value, or to each item of a list; empty values pass through."""

    def step(value: Any, _context: Context) -> Any:
        if isinstance(value, list):
            results = (function(item) for item in value if item is not None)
            return [result for result in results if result is not None]
        return None if value is None else function(value)

    return step


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def slug(value: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _text(value).lower()).strip("-")


def _number(value: Any) -> float:
    text = _text(value).replace(",", "").replace(" ", "").strip()
    try:
        return float(text)
    except ValueError:
        raise RecordError("BAD_NUMBER", "not a number", value=value) from None


def _integer(value: Any) -> int:
    number = _number(value)
    if not number.is_integer():
        raise RecordError("BAD_NUMBER", "not a whole number", value=value)
    return int(number)


TRUE = {"true", "yes", "y", "1", "t"}
FALSE = {"false", "no", "n", "0", "f"}


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normalise(_text(value))
    if text in TRUE | FALSE:
        return text in TRUE
    raise RecordError("BAD_BOOLEAN", "not yes/no, true/false or 1/0", value=value)


SIMPLE: dict[str, Callable[[Any], Any]] = {
    "trim": lambda v: _text(v).strip() or None,
    "upper": lambda v: _text(v).upper(),
    "lower": lambda v: _text(v).lower(),
    "title": lambda v: _text(v).title(),
    "collapse_spaces": lambda v: " ".join(_text(v).split()) or None,
    "slug": slug,
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
}


def first(value: Any, _context: Context) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def split(separator: str) -> Step:
    def step(value: Any, _context: Context) -> Any:
        if value is None or isinstance(value, list):
            return value
        items = (item.strip() for item in _text(value).split(separator))
        return [item for item in items if item]

    return step


def join(separator: str) -> Step:
    def step(value: Any, _context: Context) -> Any:
        if isinstance(value, list):
            return separator.join(_text(item) for item in value) or None
        return value

    return step


def null_if(values: list[str]) -> Step:
    empty = {normalise(str(value)) for value in values}

    def check(value: Any) -> Any:
        return None if normalise(_text(value)) in empty else value

    return per_item(check)


def regex(pattern: str) -> Step:
    compiled = re.compile(pattern)

    def extract(value: Any) -> str:
        match = compiled.search(_text(value))
        if match is None:
            raise RecordError("NO_MATCH", f"does not match the pattern {pattern!r}", value=value)
        return match.group(1) if compiled.groups else match.group(0)

    return per_item(extract)


def replace(option: Mapping[str, str]) -> Step:
    compiled = re.compile(option["pattern"])
    replacement = option.get("with", "")
    return per_item(lambda value: compiled.sub(replacement, _text(value)))


def value_map(table: Mapping[str, Any]) -> Step:
    keyed = {normalise(str(key)): value for key, value in table.items()}
    return per_item(lambda value: keyed.get(normalise(_text(value)), value))


def lookup(name: str, values: Mapping[str, Any], default: Any) -> Step:
    keyed = {normalise(str(key)): value for key, value in values.items()}

    def find(value: Any) -> Any:
        found = keyed.get(normalise(_text(value)), default)
        if found is None:
            raise RecordError(
                "UNKNOWN_LOOKUP_VALUE", f"not in the lookup table {name!r}", value=value
            )
        return found

    return per_item(find)
