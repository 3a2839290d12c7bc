"""Turning an adapter's source record into validated records of the standard, or rejects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from hub.adapters.check.plan import Plan, record_plan
from hub.adapters.check.quick import QuickValidator
from hub.adapters.model.entities import ENTITY_SPECS, Ref
from hub.adapters.model.names import label, python_values
from hub.adapters.model.records import FORCE_FIELDS, RECORDS
from hub.adapters.model.source_record import SourceRecord
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
MISSING = object()
MAX_PLANS = 256  # generated checks kept per import (one per output, usually)


@dataclass(slots=True)
class Problem:
    field: str | None
    value: str | None
    code: str
    message: str

    def __reduce__(self) -> tuple[Any, ...]:
        return Problem, (self.field, self.value, self.code, self.message)


@dataclass(slots=True)
class Pending:
    """One validated record of the standard, waiting to be written.

    `values` holds every field of the record (defaults for those not given); `fields` names
    the fields the source gave, which are the only ones an update changes.
    """

    entity: str
    values: dict[str, Any]
    fields: frozenset[str]
    key: tuple[Any, ...]
    refs: tuple[tuple[Any, ...] | None, ...]  # the key each of the entity's `refs` names
    duplicate: bool = False
    merge: str = "update"  # a stored record of this key: update, keep or fill
    provisional: tuple[str, ...] = ()  # entities it may name though none is stored
    # its opaque id, made by the reader process ahead of the writer (`write.prepare`)
    gid: str | None = field(default=None, compare=False)

    def __reduce__(self) -> tuple[Any, ...]:
        # Batches cross to the importing process pickled: a constructor call per record is
        # several times cheaper to unpickle than the slotted dataclass's default state.
        return Pending, (
            self.entity,
            self.values,
            self.fields,
            self.key,
            self.refs,
            self.duplicate,
            self.merge,
            self.provisional,
            self.gid,
        )

    def value(self, name: str) -> Any:
        values = self.values
        if name in values:
            return values[name]
        return ENTITY_SPECS[self.entity].computed[name](values)

    def ref_key(self, ref: Ref) -> tuple[Any, ...] | None:
        """The key of the record `ref` (one of the entity's `refs`) names, if any."""
        return self.refs[ENTITY_SPECS[self.entity].refs.index(ref)]

    def maps(self, ref: Ref) -> bool:
        return ref.trigger in self.fields


@dataclass(slots=True)
class Item:
    """A source record on its way: its records, or why it is rejected."""

    line: int | None
    path: str | None
    records: list[Pending] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cut_ok: bool = True
    fingerprint: int | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return Item, (
            self.line,
            self.path,
            self.records,
            self.problems,
            self.cut_ok,
            self.fingerprint,
        )

    @property
    def rejected(self) -> bool:
        return bool(self.problems)

    def reject(self, code: str, message: str, field: str | None = None, value: Any = None) -> None:
        self.problems.append(Problem(field, None if value is None else str(value), code, message))


@dataclass(slots=True)
class Validator:
    vocabulary: Vocabulary
    timezone: ZoneInfo
    synonyms: dict[str, dict[str, str]]
    default_force: str | None
    allowed_force: str | None
    context: dict[str, Any] = field(init=False)
    quick: QuickValidator = field(init=False)
    # (entity, fields given) -> the generated check of such records (None: none)
    plans: dict[tuple[str, tuple[str, ...]], Plan | None] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.context = {
            "vocabulary": self.vocabulary,
            "timezone": self.timezone,
            "synonyms": self.synonyms,
        }
        self.quick = QuickValidator(self.context)

    def item(self, source: SourceRecord) -> Item:
        item = Item(source.line, source.path, cut_ok=source.cut_ok, fingerprint=source.fingerprint)
        for error in source.errors:
            item.reject(error.code, error.message, error.field, error.value)
        if item.problems:
            return item
        merges, provisional = source.merges, source.provisional
        for index, (entity, values) in enumerate(source.records):
            pending = self.record(item, entity, values)
            if pending is not None:
                if index < len(merges):
                    pending.merge = merges[index]
                if index < len(provisional):
                    pending.provisional = provisional[index]
                item.records.append(pending)
        if item.problems:
            item.records.clear()
        return item

    def plan(self, entity: str, keys: tuple[str, ...]) -> Plan | None:
        """The generated check of `entity` records giving the fields `keys`, in that order
        (None: none can be made); it answers None for a record it cannot check alone."""
        plans = self.plans
        try:
            return plans[entity, keys]
        except KeyError:
            shape = _SHAPES.get(entity) or _shape(entity)
            plan = record_plan(
                self.quick, entity, keys, self.default_force, Pending, shape.key, shape.refs
            )
            if len(plans) < MAX_PLANS:
                plans[entity, keys] = plan
            return plan

    def owner(self, entity: str) -> str | None:
        """The field of `entity` naming the force that owns a record, when this import may
        load only one force's records (else None: nothing to check)."""
        if self.allowed_force is None:
            return None
        return (_SHAPES.get(entity) or _shape(entity)).owner

    def record(self, item: Item, entity: str, values: dict[str, Any]) -> Pending | None:
        shape = _SHAPES.get(entity) or _shape(entity)
        plan = self.plan(entity, tuple(values))
        if plan is not None:
            pending = plan(values)
            if pending is not None:
                if self.allowed_force is not None and shape.owner is not None:
                    self._check_force(item, pending, shape.owner)
                return pending
        if not shape.names.issuperset(values):  # a custom adapter's graph names
            values = python_values(entity, values)
        values = _with_defaults(entity, values)
        default = self.default_force
        if default is not None:
            for name in shape.force_fields:
                if values.get(name) is None:
                    values[name] = default
        quick = self.quick.validate(entity, values)
        if quick is None:
            try:
                record = RECORDS[entity].model_validate(values, context=self.context)
            except ValidationError as error:
                for problem in error.errors():
                    item.reject(*_problem(entity, problem))
                return None
            quick = dict(record.__dict__), frozenset(record.model_fields_set)
        checked, given = quick
        pending = Pending(entity, checked, given, shape.key(checked), shape.refs(checked))
        if self.allowed_force is not None and shape.owner is not None:
            self._check_force(item, pending, shape.owner)
        return pending

    def _check_force(self, item: Item, pending: Pending, owner: str) -> None:
        value = pending.value(owner)
        if value is not None and value != self.allowed_force:
            allowed = self.allowed_force
            message = f"the record is data of {value}; this import may only load {allowed}"
            item.reject("FORCE_NOT_ALLOWED", message, label(pending.entity, owner), value)


@dataclass(frozen=True, slots=True)
class _Shape:
    """What checking a record of one entity needs, worked out once per entity."""

    names: frozenset[str]  # its fields' Python names
    force_fields: tuple[str, ...]  # fields the import's force fills when empty
    key: Callable[[dict[str, Any]], tuple[Any, ...]]  # its natural key from its values
    refs: Callable[[dict[str, Any]], tuple[tuple[Any, ...] | None, ...]]  # `Pending.refs`
    owner: str | None  # the field naming the force that owns it, if it names one


_SHAPES: dict[str, _Shape] = {}


def _shape(entity: str) -> _Shape:
    spec = ENTITY_SPECS[entity]
    owner = next((name for name in spec.owner if not name.startswith("@")), None)
    key: Callable[[dict[str, Any]], tuple[Any, ...]]
    if spec.computed:

        def computed_key(checked: dict[str, Any]) -> tuple[Any, ...]:
            return tuple(
                checked[name] if name in checked else spec.computed[name](checked)
                for name in spec.key
            )

        key = computed_key
    else:
        key = _compiled(f"({''.join(f'c[{name!r}], ' for name in spec.key)})")
    shape = _Shape(
        _PYTHON_NAMES[entity],
        FORCE_FIELDS.get(entity, ()),
        key,
        _refs_function([ref.fields for ref in spec.refs]),
        owner,
    )
    _SHAPES[entity] = shape
    return shape


def _refs_function(refs: list[tuple[str, ...]]) -> Callable[[dict[str, Any]], Any]:
    """A function of a record's values giving the key each reference names (None if any part
    of it is empty), generated once so that a record pays no loop over its references."""
    lines, parts = [], []
    for index, fields in enumerate(refs):
        if len(fields) == 1:
            lines.append(f"    v{index} = c[{fields[0]!r}]")
            parts.append(f"None if v{index} is None else (v{index},)")
        else:
            values = "".join(f"c[{name!r}], " for name in fields)
            lines.append(f"    v{index} = ({values})")
            parts.append(f"None if None in v{index} else v{index}")
    body = "\n".join([*lines, f"    return ({''.join(f'{part}, ' for part in parts)})"])
    return _compiled_function(body)


def _compiled(expression: str) -> Callable[[dict[str, Any]], Any]:
    return _compiled_function(f"    return {expression}")


def _compiled_function(body: str) -> Callable[[dict[str, Any]], Any]:
    namespace: dict[str, Any] = {}
    exec(f"def generated(c):\n{body}\n", namespace)  # only the models' field names
    function: Callable[[dict[str, Any]], Any] = namespace["generated"]
    return function


# entity -> field -> default (MISSING for a required field)
_DEFAULTS: dict[str, dict[str, Any]] = {
    entity: {
        name: MISSING if info.is_required() else info for name, info in model.model_fields.items()
    }
    for entity, model in RECORDS.items()
}


_PYTHON_NAMES = {entity: frozenset(model.model_fields) for entity, model in RECORDS.items()}


def _with_defaults(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """Empty values: a required field is missing, any other takes its default (or None)."""
    if None not in values.values():
        return dict(values)
    known = _DEFAULTS[entity]
    out: dict[str, Any] = {}
    for name, value in values.items():
        if value is not None:
            out[name] = value
            continue
        info = known.get(name)
        if info is None:
            out[name] = value
        elif info is not MISSING:
            out[name] = info.get_default(call_default_factory=True)
    return out


def _problem(entity: str, error: Any) -> tuple[str, str, str | None, Any]:
    location = [str(part) for part in error.get("loc") or ()]
    if location:
        location[0] = label(entity, location[0])  # a field given by its Python name
    name = ".".join(location) or None
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
