"""Validating a record without pydantic when every value is plainly right.

Most values an adapter hands over already have the type the standard wants: text, a date from
a `date` transform, a name from a code list. Checking those here costs a fraction of a pydantic
model validation. Whenever a value is anything else (a number as text with a sign, a float, a
value that breaks a rule), `QuickValidator.validate` answers None and the record goes through
the pydantic model, which gives the error (code, location, message) exactly as it always has.
Both paths apply the same code-list resolution (`resolve_code`), the same hook (`prepare`) and
the same rules across fields (`rule_error`); a test compares them on every example.
"""

from __future__ import annotations

import datetime
import functools
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from annotated_types import Ge, Gt
from pydantic import AfterValidator, BeforeValidator, StringConstraints
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from hub.adapters.model.records import RECORDS, Record, rule_error
from hub.adapters.model.types import resolve_code

Check = Callable[[Any], Any]
MAX_DIGITS = 18
MISSING = object()
ASCII_SPACE = " \t\n\r\f\v"


class _Slow(Exception):
    """The value needs pydantic: it is not plainly right (it may still be valid)."""


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    check: Check | None  # None: only an empty value is quick
    required: bool
    nullable: bool
    default: Any
    factory: Callable[[], Any] | None


@dataclass(frozen=True, slots=True)
class _Model:
    model: type[Record]
    fields: tuple[_Field, ...]
    names: frozenset[str]
    prepares: bool  # the model has its own `prepare` hook
    rules: bool  # the model has rules across fields
    plans: dict[frozenset[str], _Plan | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Plan:
    """How to check a record that gives exactly these fields (an output gives the same ones
    on every row): the record's values start as a copy of `template` (every field in the
    model's order, defaults in place), then each given field is checked into its place."""

    template: dict[str, Any]
    given: tuple[tuple[str, Check | None, bool], ...]  # (name, check, nullable)
    factories: tuple[tuple[str, Callable[[], Any]], ...]


MAX_PLANS = 256  # distinct sets of given fields remembered per entity


class QuickValidator:
    """Quick validation for one import: the vocabulary, the mapping's synonyms, the zone."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        self.vocabulary = _Remembering(context["vocabulary"])
        self.timezone = context["timezone"]
        self.codes: dict[tuple[str, str], str] = {}
        self.models: dict[str, _Model] = {}

    def validate(
        self, entity: str, values: dict[str, Any]
    ) -> tuple[dict[str, Any], frozenset[str]] | None:
        """The record's values (every field) and the fields given, or None: ask pydantic."""
        compiled = self.model(entity)
        data = compiled.model.prepare(values, self.vocabulary) if compiled.prepares else values
        given = frozenset(data)
        plans = compiled.plans
        try:
            plan = plans[given]
        except KeyError:
            plan = _plan(compiled, given)
            if len(plans) < MAX_PLANS:
                plans[given] = plan
        if plan is None:
            return None
        out = plan.template.copy()
        try:
            for name, check, nullable in plan.given:
                value = data[name]
                if value is None:
                    if not nullable:
                        return None
                elif check is None:
                    return None
                else:
                    out[name] = check(value)
        except _Slow:
            return None
        for name, factory in plan.factories:
            out[name] = factory()
        if compiled.rules and rule_error(compiled.model, out) is not None:
            return None
        return out, given

    def model(self, entity: str) -> _Model:
        """What checking `entity` records needs, worked out once."""
        return self.models.get(entity) or self._compile(entity)

    def _compile(self, entity: str) -> _Model:
        model = RECORDS[entity]
        hints = _hints(model)
        fields = []
        for name, info in model.model_fields.items():
            hint = hints[name]
            check = self._check(hint)
            if info.metadata and get_origin(_optional_inner(hint)) is not Annotated:
                check = None  # constraints on the field itself (latitude): pydantic checks them
            nullable = _optional_inner(hint) is not hint
            factory = info.default_factory
            fields.append(
                _Field(name, check, info.is_required(), nullable, info.default, factory)  # type: ignore[arg-type]
            )
        compiled = _Model(
            model,
            tuple(fields),
            frozenset(model.model_fields),
            model.prepare.__func__ is not Record.prepare.__func__,  # type: ignore[attr-defined]
            bool(model.in_order or model.needs_holder),
        )
        self.models[entity] = compiled
        return compiled

    def _check(self, hint: Any) -> Check | None:
        inner = _optional_inner(hint)
        if inner is not hint:
            return self._check(inner)  # None is handled before a check is called
        origin = get_origin(hint)
        if origin is Annotated:
            return self._annotated(*get_args(hint))
        if origin is list:
            (item,) = get_args(hint)
            each = self._check(item)
            return None if each is None else _list(each)
        return SIMPLE.get(hint)

    def _annotated(self, base: Any, *metadata: Any) -> Check | None:
        code_list = next(
            (
                extra["codeList"]
                for m in metadata
                if isinstance(m, FieldInfo) and isinstance(extra := m.json_schema_extra, dict)
                if "codeList" in extra
            ),
            None,
        )
        if code_list is not None and any(isinstance(m, BeforeValidator) for m in metadata):
            return self._code(str(code_list))
        if len(metadata) != 1:
            return None
        (meta,) = metadata
        if isinstance(meta, StringConstraints) and base is str:
            return _text(meta)
        if isinstance(meta, AfterValidator) and base is datetime.datetime:
            return self._moment
        if isinstance(meta, FieldInfo) and base is int and len(meta.metadata) == 1:
            bound = meta.metadata[0]
            if isinstance(bound, Gt):
                return _integer(int(bound.gt) + 1)  # type: ignore[call-overload]
            if isinstance(bound, Ge):
                return _integer(int(bound.ge))  # type: ignore[call-overload]
        return None

    def _code(self, list_name: str) -> Check:
        codes, context = self.codes, self.context

        def check(value: Any) -> str:
            if type(value) is not str:
                raise _Slow
            key = (list_name, value)
            code = codes.get(key)
            if code is None:
                try:
                    code = resolve_code(list_name, value, context)
                except PydanticCustomError:
                    raise _Slow from None
                codes[key] = code
            return code

        return check

    def _moment(self, value: Any) -> datetime.datetime:
        if type(value) is not datetime.datetime:
            raise _Slow
        return value if value.tzinfo is not None else value.replace(tzinfo=self.timezone)


def _plan(compiled: _Model, given: frozenset[str]) -> _Plan | None:
    """The plan for records giving `given`, or None: such records always need pydantic."""
    if not given <= compiled.names:
        return None
    template: dict[str, Any] = {}
    checks: list[tuple[str, Check | None, bool]] = []
    factories: list[tuple[str, Callable[[], Any]]] = []
    for spec in compiled.fields:
        if spec.name in given:
            template[spec.name] = None
            checks.append((spec.name, spec.check, spec.nullable))
        elif spec.required:
            return None
        elif spec.factory is not None:
            template[spec.name] = None
            factories.append((spec.name, spec.factory))
        else:
            template[spec.name] = spec.default
    return _Plan(template, tuple(checks), tuple(factories))


class _Remembering:
    """The vocabulary, remembering the ranks it resolves (for `prepare` hooks)."""

    def __init__(self, vocabulary: Any) -> None:
        self.vocabulary = vocabulary
        self.ranks: dict[str, Any] = {}

    def resolve_rank(self, text: str) -> Any:
        found = self.ranks.get(text, MISSING)
        if found is MISSING:
            found = self.ranks[text] = self.vocabulary.resolve_rank(text)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.vocabulary, name)


@functools.cache
def _hints(model: type[Record]) -> dict[str, Any]:
    return get_type_hints(model, include_extras=True)


def _optional_inner(hint: Any) -> Any:
    """X for `X | None`; the hint itself otherwise."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(args) == 1 and len(get_args(hint)) == 2:
            return args[0]
    return hint


def _stripped(value: Any) -> str:
    if type(value) is not str:
        raise _Slow
    text = value.strip()
    if len(text) != len(value) and text != value.strip(ASCII_SPACE):
        raise _Slow  # unusual white space: let pydantic decide what it strips
    return text


def _text(constraints: StringConstraints) -> Check:
    low = constraints.min_length or 0
    high = constraints.max_length if constraints.max_length is not None else 1 << 62
    if not constraints.strip_whitespace or constraints.pattern or constraints.to_upper:
        return _always_slow
    if constraints.to_lower or constraints.strict or constraints.ascii_only:
        return _always_slow

    def check(value: Any) -> str:
        if type(value) is not str:
            raise _Slow
        text = value.strip()
        if len(text) != len(value) and text != value.strip(ASCII_SPACE):
            raise _Slow
        if not low <= len(text) <= high:
            raise _Slow
        return text

    return check


def _integer(least: int) -> Check:
    def check(value: Any) -> int:
        if type(value) is int:
            number = value
        elif (
            type(value) is str and value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS
        ):
            number = int(value)
        else:
            raise _Slow
        if number < least:
            raise _Slow
        return number

    return check


def _list(each: Check) -> Check:
    def check(value: Any) -> list[Any]:
        if type(value) is not list:
            raise _Slow
        return [each(item) for item in value]

    return check


def _always_slow(_value: Any) -> Any:
    raise _Slow


def _exact(kind: type) -> Check:
    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise _Slow
        return value

    return check


SIMPLE: dict[Any, Check] = {
    str: _stripped,
    bool: _exact(bool),
    datetime.date: _exact(datetime.date),
}
