"""Raw records straight to checked items, for the common record: map and check in one step.

`map_record` then `Validator.item` build a `SourceRecord`, a context per output and look up
the generated check of each record by its fields. Most records of a mapping file's outputs
(no repeat, no `when`, every value present and plainly right) need none of that: their
output's generated values (`hub.adapters.map.plan`) go straight into the generated check of
its entity and fields (`hub.adapters.check.plan`), both found once per output. A record that
is anything else (a field that fails, a declared check or a force it may not name, a value
the generated check declines) is made again from its raw record by `map_record` and
`Validator.item`, which give its records or its rejects exactly as before.

Only for a mapping file's adapter without Python transforms (a field is then evaluated twice
only when its record takes the general path, and built-in transforms give the same again).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from hub.adapters.check import Item, Pending, Validator
from hub.adapters.map import transforms as t
from hub.adapters.map.adapter import Adapter, MappingAdapter, map_record
from hub.adapters.map.compile import CompiledOutput
from hub.adapters.read import RawRecord

# One output's record from a raw record's data and the output's context; None: general path.
Direct = Callable[[Any, t.Context], Pending | None]


def items(adapter: Adapter, raws: Iterator[RawRecord], validator: Validator) -> Iterator[Item]:
    """The checked item of each raw record of a mapping file's adapter, in order."""
    assert isinstance(adapter, MappingAdapter)
    outputs = adapter.compiled.outputs
    timezone = adapter.timezone
    directs = [_direct(output, validator) for output in outputs]
    try:
        yield from _items(raws, outputs, directs, timezone, validator)
    finally:
        close = getattr(raws, "close", None)
        if close is not None:
            close()


def _items(
    raws: Iterator[RawRecord],
    outputs: tuple[CompiledOutput, ...],
    directs: list[Direct | None],
    timezone: Any,
    validator: Validator,
) -> Iterator[Item]:
    contexts = [t.Context(None, {}, timezone) for _ in outputs]
    every = tuple(range(len(outputs)))
    for raw in raws:
        records: list[Pending] | None = [] if raw.error is None else None
        data = raw.data
        for index in every if raw.outputs is None else raw.outputs:
            direct = directs[index]
            if direct is None or records is None:
                records = None
                break
            context = contexts[index]
            context.record = raw
            context.fields = {}
            pending = direct(data, context)
            if pending is None:
                records = None
                break
            records.append(pending)
        if records is None:
            yield validator.item(map_record(raw, outputs, timezone))
        else:
            fingerprint = hash(tuple(data.values())) if isinstance(data, dict) else None
            yield Item(raw.line, raw.path, records, [], raw.cut_ok, fingerprint)


def direct_adapter(adapter: Adapter) -> bool:
    """The adapter's records can take the direct path (a mapping file's, no Python)."""
    return isinstance(adapter, MappingAdapter) and adapter.source_path is not None


def checked(adapter: Adapter, raws: Iterator[RawRecord], validator: Validator) -> Iterator[Item]:
    """The checked items of the adapter's raw records: `items` when the adapter can take the
    direct path, else each mapped and checked the general way."""
    if direct_adapter(adapter):
        return items(adapter, raws, validator)
    assert isinstance(adapter, MappingAdapter)
    return map(validator.item, map(adapter.map, raws))


def _direct(output: CompiledOutput, validator: Validator) -> Direct | None:
    """The direct path of one output, or None when its records always take the general path."""
    values = output.values
    if values is None or output.when is not None or output.repeats:
        return None
    keys = tuple(field.name for field in output.fields)
    plan = validator.plan(output.entity, keys)
    if plan is None:
        return None
    checks = output.checks
    owner = validator.owner(output.entity)
    allowed = validator.allowed_force
    merge, provisional = output.merge, output.provisional

    def direct(data: Any, context: t.Context) -> Pending | None:
        try:
            fields = values(data, context)
        except Exception:
            return None
        for rule in checks:
            if rule(fields) is not None:
                return None
        pending = plan(fields)
        if pending is None:
            return None
        if owner is not None:
            value = pending.value(owner)
            if value is not None and value != allowed:
                return None
        if merge != "update":
            pending.merge = merge
        if provisional:
            pending.provisional = provisional
        return pending

    return direct
