"""Turning an adapter's source record into validated records of the standard, or rejects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from hub.adapters._adapter import SourceRecord
from hub.adapters._compile import FORCE_FIELDS
from hub.adapters._entities import ENTITY_SPECS, Ref
from hub.adapters._records import RECORDS, Record
from hub.standard import Vocabulary

PYDANTIC_CODES = {
    "missing": "MISSING_VALUE",
    "string_too_short": "MISSING_VALUE",
    "string_too_long": "VALUE_TOO_LONG",
    "greater_than": "OUT_OF_RANGE",
    "greater_than_equal": "OUT_OF_RANGE",
    "less_than": "OUT_OF_RANGE",
    "less_than_equal": "OUT_OF_RANGE",
    "extra_forbidden": "UNKNOWN_FIELD",
}


@dataclass(slots=True)
class Problem:
    field: str | None
    value: str | None
    code: str
    message: str


@dataclass(slots=True)
class Pending:
    """One validated record of the standard, waiting to be written."""

    entity: str
    record: Record
    fields: frozenset[str]
    key: tuple[Any, ...]
    duplicate: bool = False

    def value(self, name: str) -> Any:
        return getattr(self.record, name)

    def ref_key(self, ref: Ref) -> tuple[Any, ...] | None:
        values = tuple(getattr(self.record, name) for name in ref.fields)
        return None if any(value is None for value in values) else values

    def maps(self, ref: Ref) -> bool:
        trigger = next((name for name in ref.fields if name != "force"), ref.fields[0])
        return trigger in self.fields


@dataclass(slots=True)
class Item:
    """A source record on its way: its records, or why it is rejected."""

    line: int | None
    path: str | None
    records: list[Pending] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cut_ok: bool = True

    @property
    def rejected(self) -> bool:
        return bool(self.problems)

    def reject(self, code: str, message: str, field: str | None = None, value: Any = None) -> None:
        self.problems.append(Problem(field, None if value is None else str(value), code, message))


@dataclass(frozen=True, slots=True)
class Validator:
    vocabulary: Vocabulary
    timezone: ZoneInfo
    synonyms: dict[str, dict[str, str]]
    default_force: str | None
    allowed_force: str | None

    def item(self, source: SourceRecord) -> Item:
        item = Item(source.line, source.path, cut_ok=source.cut_ok)
        for error in source.errors:
            item.reject(error.code, error.message, error.field, error.value)
        if item.rejected:
            return item
        for entity, values in source.records:
            pending = self.record(item, entity, values)
            if pending is not None:
                item.records.append(pending)
        if item.rejected:
            item.records.clear()
        return item

    def record(self, item: Item, entity: str, values: dict[str, Any]) -> Pending | None:
        values = _with_defaults(RECORDS[entity], values)
        for name in FORCE_FIELDS.get(entity, ()):
            if values.get(name) is None and self.default_force is not None:
                values[name] = self.default_force
        context = {
            "vocabulary": self.vocabulary,
            "timezone": self.timezone,
            "synonyms": self.synonyms,
        }
        try:
            record = RECORDS[entity].model_validate(values, context=context)
        except ValidationError as error:
            for problem in error.errors():
                item.reject(*_problem(entity, problem))
            return None
        spec = ENTITY_SPECS[entity]
        pending = Pending(
            entity, record, frozenset(record.model_fields_set), _key(record, spec.key)
        )
        self._check_force(item, pending)
        return pending

    def _check_force(self, item: Item, pending: Pending) -> None:
        if self.allowed_force is None:
            return
        for owner in ENTITY_SPECS[pending.entity].owner:
            if owner.startswith("@"):
                continue
            value = pending.value(owner)
            if value is not None and value != self.allowed_force:
                message = (
                    f"the record is data of {value}; this import may only load {self.allowed_force}"
                )
                item.reject("FORCE_NOT_ALLOWED", message, owner, value)
            return


def _with_defaults(model: type[Record], values: dict[str, Any]) -> dict[str, Any]:
    """Empty values: a required field is missing, any other takes its default (or None)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        info = model.model_fields.get(name)
        if value is not None or info is None:
            out[name] = value
        elif not info.is_required():
            out[name] = info.get_default(call_default_factory=True)
    return out


def _key(record: Record, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(record, name) for name in names)


def _problem(entity: str, error: Any) -> tuple[str, str, str | None, Any]:
    location = error.get("loc") or ()
    name = ".".join(str(part) for part in location) or None
    kind = str(error.get("type", ""))
    code = PYDANTIC_CODES.get(kind)
    if code is None:
        code = kind if kind.isupper() else "INVALID_VALUE"
    value = error.get("input")
    if isinstance(value, dict) or (code == "MISSING_VALUE" and not value):
        value = None
    text = "required, but the source gives no value" if kind == "missing" else error.get("msg")
    message = f"{entity}.{name}: {text}" if name else f"{entity}: {text}"
    return code, message, name, value
