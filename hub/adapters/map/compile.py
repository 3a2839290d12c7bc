"""Compiling a mapping file: every field becomes a function of the source record.

Everything that can be checked before reading data is checked here (fields of the standard,
transforms, lookup and shift tables, XPaths, record paths), with the key path of the problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import etree

from hub.adapters.check import CheckRule, compile_check
from hub.adapters.errors import MappingError
from hub.adapters.map import repeat as r
from hub.adapters.map import timing as timing
from hub.adapters.map import transforms as t
from hub.adapters.map.chain import Finish, finished, value_finisher
from hub.adapters.map.plan import generated_values
from hub.adapters.map.xpath import compile_xpath, simple_path, xpath_value
from hub.adapters.model import names
from hub.adapters.model.mapping import (
    Check,
    ColumnField,
    ConstantField,
    ItemField,
    LookupField,
    Output,
    Repeat,
    TemplateField,
    XPathField,
    expand_field,
)
from hub.adapters.model.mapping import (
    Mapping as MappingFile,
)
from hub.adapters.model.records import FORCE_FIELDS, RECORDS
from hub.adapters.read import RecordPath, record_path
from hub.standard._terms import normalise

Evaluator = Callable[[t.Context], Any]
SIMPLE_WITHOUT_OPTION = (*t.SIMPLE, "first")
# Built-in steps whose result depends on the value alone (`datetime` also on the time zone).
PURE = frozenset(
    (*t.SIMPLE, "first", "split", "join", "null_if", "regex", "replace", "map", "lookup", "date")
) | {"datetime", "time", "shift"}
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
VARIABLE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True, slots=True)
class FieldPlan:
    """A field's evaluator, and its parts for generated code: the source, how to read that
    source inline (None: call it), and what to do with its value (None: nothing)."""

    evaluate: Evaluator
    source: Evaluator
    inline: tuple[Any, ...] | None
    finish: Finish | None


@dataclass(frozen=True, slots=True)
class CompiledField:
    name: str  # the Python name
    evaluate: Evaluator
    label: str = ""  # the graph name, for reports
    plan: FieldPlan | None = None


@dataclass(frozen=True, slots=True)
class CompiledOutput:
    index: int
    entity: str
    fields: tuple[CompiledField, ...]
    when: Evaluator | None
    repeats: tuple[r.CompiledRepeat, ...] = ()
    checks: tuple[CheckRule, ...] = ()
    merge: str = "update"
    provisional: tuple[str, ...] = ()
    # The fields' values in one generated function (no repeat): raises on any problem, and
    # the fields are then evaluated one by one for the errors (`hub.adapters.map.plan`).
    values: Callable[[Any, t.Context], dict[str, Any]] | None = None


@dataclass(slots=True)
class CompiledMapping:
    """A mapping ready to run: its file, outputs, and what the readers need."""

    mapping: MappingFile
    path: Path | None
    outputs: tuple[CompiledOutput, ...]
    timezone: ZoneInfo
    synonyms: dict[str, dict[str, str]]
    columns: set[str] = field(default_factory=set)
    record_paths: tuple[RecordPath, ...] = ()
    warnings: tuple[str, ...] = ()  # deprecated names the mapping uses

    @property
    def name(self) -> str:
        return self.mapping.adapter


class _Compiler:
    def __init__(self, mapping: MappingFile, extras: Mapping[str, t.Transform]) -> None:
        self.mapping = mapping
        self.extras = extras
        self.xml = mapping.source.type == "xml"
        self.namespaces = getattr(mapping.source, "namespaces", {})
        self.columns: set[str] = set()
        self.items: dict[str, Repeat] = {}  # the repeats of the output being compiled
        self.warnings: list[str] = []
        self.entity = ""  # the entity of the output being compiled

    def error(self, key: str, message: str, code: str = "MAPPING_INVALID") -> MappingError:
        return MappingError(code, message, key=key)

    def output(self, index: int, output: Output) -> CompiledOutput:
        key = f"records[{index}]"
        self.entity = output.entity
        self.items = {}
        repeats = tuple(
            self.repeat(f"{key}.repeat[{i}]", repeat) for i, repeat in enumerate(output.repeat)
        )
        fields: list[CompiledField] = []
        for written, spec in output.fields.items():
            name = self.field_name(f"{key}.fields.{written}", output.entity, written)
            if any(done.name == name for done in fields):
                raise self.error(
                    f"{key}.fields.{written}",
                    f"{names.label(output.entity, name)!r} is mapped twice (once by its old name)",
                )
            plan = self.field_plan(f"{key}.fields.{written}", spec)
            label = names.label(output.entity, name)
            fields.append(CompiledField(name, plan.evaluate, label, plan))
        mapped = {done.name for done in fields}
        self._check_required(key, output, mapped)
        when = self.field(f"{key}.when", output.when) if output.when is not None else None
        checks = tuple(
            self.check(f"{key}.checks[{i}]", output, mapped, c) for i, c in enumerate(output.checks)
        )
        return CompiledOutput(
            index,
            output.entity,
            tuple(fields),
            when,
            repeats,
            checks,
            output.merge,
            tuple(output.provisional),
            None if repeats else generated_values(fields),
        )

    def repeat(self, key: str, repeat: Repeat) -> r.CompiledRepeat:
        if repeat.name in self.items or repeat.name == "record":
            raise self.error(f"{key}.as", f"{repeat.name!r} is taken: name the repeat otherwise")
        if repeat.columns is not None:
            if self.xml:
                raise self.error(key, "an XML source has no columns: repeat over an xpath")
            try:
                items = r.columns_items(repeat.columns)
            except re.error as error:
                raise self.error(f"{key}.columns", f"bad regular expression: {error}") from None
        elif repeat.column is not None:
            self.column(key, repeat.column)
            items = r.column_items(repeat.column, repeat.split)
        else:
            items = r.xpath_items(self.raw_xpath(f"{key}.xpath", repeat.xpath or ""), repeat.split)
        self.items[repeat.name] = repeat
        return r.CompiledRepeat(repeat.name, items)

    def field_name(self, key: str, entity: str, written: str) -> str:
        """The Python name of the field `written` names; a deprecated name is noted."""
        found = names.field_of(entity, written)
        if found is None:
            known = ", ".join(names.GRAPH[entity].values())
            raise self.error(
                key, f"{entity} has no field {written!r} (fields: {known})", "UNKNOWN_FIELD"
            )
        name, deprecated = found
        if deprecated:
            self.warnings.append(f"{key}: {names.deprecation(entity, name)}")
        return name

    def check(self, key: str, output: Output, mapped: set[str], check: Check) -> CheckRule:
        known = mapped | set(FORCE_FIELDS.get(output.entity, ()))
        chosen: dict[str, str | None] = {}
        for part in ("field", "after", "not_before"):
            written = getattr(check, part)
            if written is None:
                chosen[part] = None
                continue
            found = names.field_of(output.entity, written)
            if found is None or found[0] not in known:
                raise self.error(
                    key,
                    f"the check names {written!r}, which the output does not map",
                    "UNKNOWN_FIELD",
                )
            chosen[part] = self.field_name(f"{key}.{part}", output.entity, written)
        if check.pattern is not None:
            try:
                re.compile(check.pattern)
            except re.error as error:
                raise self.error(f"{key}.pattern", f"bad regular expression: {error}") from None
        labels = names.GRAPH[output.entity]
        return compile_check(check.model_copy(update=chosen), labels)

    def raw_xpath(self, key: str, expression: str) -> Any:
        """An XPath giving lxml's own result (nodes stay nodes); `$name` is a repeat's item."""
        if not self.xml:
            raise self.error(key, "a CSV source has no XPaths: use column")
        self._check_variables(key, expression)
        try:
            return etree.XPath(expression, namespaces=self.namespaces, smart_strings=False)
        except etree.XPathSyntaxError as error:
            raise self.error(key, f"bad XPath {expression!r}: {error}", "BAD_XPATH") from None

    def _check_variables(self, key: str, expression: str) -> None:
        for name in VARIABLE.findall(expression):
            if name not in self.items and name != "record":
                raise self.error(
                    key, f"${name} is no item of this output's repeat (declare it with `as`)"
                )

    def item(self, key: str, spec: ItemField) -> Evaluator:
        repeat = self.items.get(spec.item)
        if repeat is None:
            raise self.error(key, f"{spec.item!r} is no item of this output's repeat")
        if spec.part == "header" and repeat.columns is None:
            raise self.error(key, "only an item of `columns` has a header")
        return r.item_value(spec.item, spec.part)

    def _check_required(self, key: str, output: Output, mapped: set[str]) -> None:
        model = RECORDS[output.entity]
        for name, info in model.model_fields.items():
            defaulted = name in FORCE_FIELDS.get(output.entity, ())
            if info.is_required() and name not in mapped and not defaulted:
                label = names.label(output.entity, name)
                raise self.error(
                    f"{key}.fields",
                    f"{output.entity} needs the field {label!r}, which the mapping does not map",
                    "MISSING_FIELD",
                )

    def field(self, key: str, spec: Any) -> Evaluator:
        return self.field_plan(key, spec).evaluate

    def field_plan(self, key: str, spec: Any) -> FieldPlan:
        """How a field gets its value: its source (and how to inline it), then its steps."""
        source = self.source(key, spec)
        names = [_step_name(item) for item in spec.transforms]
        steps = [
            self.step(f"{key}.transforms[{i}]", item) for i, item in enumerate(spec.transforms)
        ]
        pure = 0
        while pure < len(names) and names[pure] in PURE and names[pure] not in self.extras:
            pure += 1
        zoned = "datetime" in names[:pure]
        bare = isinstance(spec, ColumnField | XPathField)
        finish = value_finisher(steps, pure, spec.default, zoned, bare)
        return FieldPlan(finished(source, finish), source, self._inline(spec), finish)

    def _inline(self, spec: Any) -> tuple[Any, ...] | None:
        """A source the output's generated code reads itself (see `hub.adapters.map.plan`)."""
        if isinstance(spec, ConstantField):
            return ("constant", spec.constant)
        if isinstance(spec, ColumnField):
            return ("column", spec.column)
        if isinstance(spec, XPathField) and "$" not in spec.xpath:
            found = simple_path(spec.xpath, self.namespaces)
            return None if found is None else ("xpath", *found)
        return None

    def source(self, key: str, spec: Any) -> Evaluator:
        if isinstance(spec, ConstantField):
            constant = spec.constant
            return lambda _context: constant
        if isinstance(spec, ColumnField):
            return self.column(key, spec.column)
        if isinstance(spec, XPathField):
            return self.xpath(key, spec.xpath)
        if isinstance(spec, TemplateField):
            return self.template(key, spec.template)
        if isinstance(spec, ItemField):
            return self.item(key, spec)
        assert isinstance(spec, LookupField)
        table = self.mapping.lookups.get(spec.lookup)
        if table is None:
            raise self.error(key, f"no lookup table {spec.lookup!r}", "UNKNOWN_LOOKUP_TABLE")
        inner = self.source(key, _lookup_key(spec))
        find = t.lookup(spec.lookup, table.values, table.default)
        return lambda context: find(inner(context), context)

    def column(self, key: str, name: str) -> Evaluator:
        if self.xml:
            raise self.error(key, "an XML source has no columns: use xpath")
        self.columns.add(name)

        def value(context: t.Context) -> Any:
            found = context.record.data.get(name)
            if isinstance(found, str) and not found.strip():
                return None
            return found

        return value

    def xpath(self, key: str, expression: str) -> Evaluator:
        if not self.xml:
            raise self.error(key, "a CSV source has no XPaths: use column")
        if "$" in expression:
            compiled = self.raw_xpath(key, expression)

            def variables(context: t.Context) -> Any:
                element = context.record.data
                return xpath_value(compiled(element, record=element, **context.items))

            return variables
        try:
            return compile_xpath(expression, self.namespaces, of_context=True)
        except etree.XPathSyntaxError as error:
            raise self.error(key, f"bad XPath {expression!r}: {error}", "BAD_XPATH") from None

    def template(self, key: str, template: str) -> Evaluator:
        parts: list[tuple[str, Evaluator | None]] = []
        position = 0
        for match in PLACEHOLDER.finditer(template):
            parts.append((template[position : match.start()], None))
            name = match.group(1).strip()
            getter = self._placeholder(key, name)
            parts.append(("", getter))
            position = match.end()
        parts.append((template[position:], None))
        if not any(getter for _literal, getter in parts):
            raise self.error(key, "a template needs at least one {placeholder}")

        def evaluate(context: t.Context) -> str | None:
            out = []
            for literal, getter in parts:
                if getter is None:
                    out.append(literal)
                    continue
                value = getter(context)
                if value is None or value == []:
                    return None
                out.append(str(value))
            return "".join(out)

        return evaluate

    def _placeholder(self, key: str, name: str) -> Evaluator:
        """`{Column}`, `{xpath}`, or a repeat's item: `{$day}`, `{$day.header}` (CSV)."""
        if not self.xml and name.startswith("$"):
            item, _, part = name[1:].partition(".")
            if part not in ("", "value", "header"):
                raise self.error(key, f"{{{name}}}: an item's part is value or header")
            return self.item(key, ItemField(item=item, part="header" if part else "value"))
        return self.xpath(key, name) if self.xml else self.column(key, name)

    def step(self, key: str, item: Any) -> t.Step:
        name = _step_name(item)
        option = None if isinstance(item, str) else item[name]
        try:
            return self._step(key, name, option)
        except MappingError:
            raise
        except (ValueError, TypeError, KeyError) as error:
            raise self.error(key, f"bad option for {name!r}: {error}") from None

    def _step(self, key: str, name: str, option: Any) -> t.Step:
        if name in self.extras:
            return self.extras[name].step(option)
        if name in t.SIMPLE:
            return t.per_item(t.SIMPLE[name])
        builders: dict[str, Callable[[], t.Step]] = {
            "first": lambda: t.first,
            "split": lambda: t.split(str(option)),
            "join": lambda: t.join(str(option)),
            "null_if": lambda: t.null_if(list(option)),
            "regex": lambda: t.regex(str(option)),
            "replace": lambda: t.replace(dict(option)),
            "map": lambda: t.value_map(dict(option)),
            "lookup": lambda: self._lookup(key, str(option)),
            "date": lambda: timing.date(option),
            "datetime": lambda: timing.moment(option),
            "time": lambda: timing.time(option),
            "shift": lambda: self._shift(key, option),
            "on_date": lambda: self._on_date(key, option),
        }
        if name not in builders:
            known = ", ".join(sorted((*builders, *t.SIMPLE, *self.extras)))
            raise self.error(
                key, f"unknown transform {name!r} (known: {known})", "UNKNOWN_TRANSFORM"
            )
        if option is None and name not in SIMPLE_WITHOUT_OPTION:
            raise self.error(key, f"the transform {name!r} needs an option")
        return builders[name]()

    def _lookup(self, key: str, name: str) -> t.Step:
        table = self.mapping.lookups.get(name)
        if table is None:
            raise self.error(key, f"no lookup table {name!r}", "UNKNOWN_LOOKUP_TABLE")
        return t.lookup(name, table.values, table.default)

    def _shift(self, key: str, option: Any) -> t.Step:
        name, part = (
            (option, "start")
            if isinstance(option, str)
            else (option["table"], option.get("part", "start"))
        )
        if name not in self.mapping.shifts:
            raise self.error(key, f"no shift table {name!r}", "UNKNOWN_SHIFT_TABLE")
        if part not in ("start", "end", "type"):
            raise self.error(key, "a shift's part is start, end or type")
        return timing.shift(name, self.mapping.shifts[name], part)

    def _on_date(self, key: str, option: Any) -> t.Step:
        kind = "xpath" if self.xml else "column"
        spec = option.get("date") if isinstance(option, dict) else option
        from pydantic import TypeAdapter

        from hub.adapters.model.mapping import FieldSpec

        parsed = TypeAdapter(FieldSpec).validate_python(expand_field(spec, kind))
        date_of = self.field(f"{key}.date", parsed)
        after = option.get("after") if isinstance(option, dict) else None
        if after is not None:
            after = self.field_name(f"{key}.after", self.entity, str(after))
        return timing.on_date(date_of, after)


def _step_name(item: Any) -> str:
    return item if isinstance(item, str) else str(next(iter(item)))


def _lookup_key(spec: LookupField) -> Any:
    if spec.column is not None:
        return ColumnField(column=spec.column)
    if spec.xpath is not None:
        return XPathField(xpath=spec.xpath)
    return TemplateField(template=spec.template or "")


def compile_mapping(
    mapping: MappingFile, path: Path | None = None, extras: Sequence[t.Transform] = ()
) -> CompiledMapping:
    """Check `mapping` through and make it runnable; raises MappingError."""
    compiler = _Compiler(mapping, {extra.name: extra for extra in extras})
    outputs = tuple(compiler.output(i, output) for i, output in enumerate(mapping.records))
    try:
        zone = ZoneInfo(mapping.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise compiler.error("timezone", f"unknown time zone {mapping.timezone!r}") from None
    synonyms = {
        name: {normalise(text): code for text, code in table.items()}
        for name, table in mapping.synonyms.items()
    }
    compiled = CompiledMapping(mapping, path, outputs, zone, synonyms, compiler.columns)
    compiled.warnings = tuple(compiler.warnings)
    if compiler.xml:
        compiled.record_paths = _record_paths(compiler, mapping)
    return compiled


def _record_paths(compiler: _Compiler, mapping: MappingFile) -> tuple[RecordPath, ...]:
    default = getattr(mapping.source, "record", None)
    for index, text in enumerate(getattr(mapping.source, "keep", ())):
        try:
            record_path(text, compiler.namespaces)
        except ValueError as error:
            raise compiler.error(f"source.keep[{index}]", str(error), "BAD_RECORD_PATH") from None
    paths = []
    for index, output in enumerate(mapping.records):
        text = output.record or default
        key = f"records[{index}].record"
        if text is None:
            raise compiler.error(key, "an XML output needs a record path (here or under source)")
        try:
            paths.append(record_path(text, compiler.namespaces))
        except ValueError as error:
            raise compiler.error(key, str(error), "BAD_RECORD_PATH") from None
    return tuple(paths)
