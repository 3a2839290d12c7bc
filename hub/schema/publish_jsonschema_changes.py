"""What changed between two sets of record schemas, sorted as breaking or dangerous.

Records travel both ways (a force's file into the hub, the hub's records out to a force), so a
change is breaking when a record valid before may now be refused, or a reader may miss what it
relied on: a record type or field removed, a field added as required, a field's requiredness,
type or format changed, a code removed, a limit tightened. Adding a record type or an optional
field, or loosening a limit, is compatible; adding a code is compatible but dangerous (a reader
with its own enum may not know it), and so is a field that may now be null.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from hub.schema.publish_versions import Changes

Schemas = Mapping[str, Mapping[str, Any]]
LOWER_BOUNDS = ("minLength", "minimum", "exclusiveMinimum", "minItems")
UPPER_BOUNDS = ("maxLength", "maximum", "exclusiveMaximum", "maxItems")


def compare_records(old: Schemas, new: Schemas) -> Changes:
    """Breaking and dangerous changes from the `old` record schemas to the `new` ones."""
    breaking: list[str] = []
    dangerous: list[str] = []
    for name, old_schema in old.items():
        if name not in new:
            breaking.append(f"RECORD_REMOVED: {name} was removed")
            continue
        for kind, change in _record_changes(name, old_schema, new[name]):
            (breaking if kind == "breaking" else dangerous).append(change)
    return Changes(breaking=breaking, dangerous=dangerous)


def _record_changes(
    name: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> Iterator[tuple[str, str]]:
    title = str(new.get("title") or name)
    old_fields, new_fields = old.get("properties", {}), new.get("properties", {})
    old_required, new_required = set(old.get("required", ())), set(new.get("required", ()))
    for field in old_fields:
        where = f"{title}.{field}"
        if field not in new_fields:
            yield "breaking", f"FIELD_REMOVED: {where} was removed"
        elif (field in old_required) != (field in new_required):
            now = "required" if field in new_required else "optional"
            yield "breaking", f"FIELD_REQUIREDNESS_CHANGED: {where} is now {now}"
    for field in new_fields:
        if field not in old_fields and field in new_required:
            yield "breaking", f"REQUIRED_FIELD_ADDED: {title}.{field} was added as required"
    for field in old_fields.keys() & new_fields.keys():
        before = facts(old_fields[field], old.get("$defs", {}))
        after = facts(new_fields[field], new.get("$defs", {}))
        yield from _value_changes(f"{title}.{field}", before, after)


def facts(spec: Mapping[str, Any], defs: Mapping[str, Any]) -> dict[str, Any]:
    """What a property accepts, with `$ref`s to code lists and `anyOf` with null resolved."""
    found: dict[str, Any] = {"types": set()}
    for option in spec.get("anyOf", [spec]):
        option = _resolve(option, defs)
        types = option.get("type", [])
        found["types"].update([types] if isinstance(types, str) else types)
        for key, value in option.items():
            if key in ("format", "enum", *LOWER_BOUNDS, *UPPER_BOUNDS):
                found[key] = set(value) if key == "enum" else value
            elif key == "items":
                found[key] = facts(value, defs)
    return found


def _resolve(spec: Mapping[str, Any], defs: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = spec.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
        return spec
    return {**defs.get(ref.removeprefix("#/$defs/"), {}), **spec}


def _value_changes(
    where: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> Iterator[tuple[str, str]]:
    lost = sorted(before["types"] - after["types"] - {"null"})
    if lost or (before["types"] - {"null"} and not after["types"] - {"null"}):
        yield "breaking", f"FIELD_TYPE_CHANGED: {where} no longer takes {', '.join(lost)}"
    if "null" in before["types"] and "null" not in after["types"]:
        yield "breaking", f"FIELD_TYPE_CHANGED: {where} no longer takes null"
    if "null" in after["types"] and "null" not in before["types"]:
        yield "dangerous", f"FIELD_NULLABLE: {where} may now be null"
    if before.get("format") != after.get("format"):
        yield "breaking", f"FIELD_FORMAT_CHANGED: {where} format {after.get('format')}"
    yield from _enum_changes(where, before.get("enum"), after.get("enum"))
    yield from _limit_changes(where, before, after)
    if "items" in before and "items" in after:
        yield from _value_changes(f"{where}[]", before["items"], after["items"])


def _enum_changes(
    where: str, before: set[Any] | None, after: set[Any] | None
) -> Iterator[tuple[str, str]]:
    if after is None:
        return
    if before is None:
        yield "breaking", f"FIELD_TYPE_CHANGED: {where} now takes only codes"
        return
    for code in sorted(before - after, key=str):
        yield "breaking", f"CODE_REMOVED: {where} no longer takes {code}"
    for code in sorted(after - before, key=str):
        yield "dangerous", f"CODE_ADDED: {where} takes {code}"


def _limit_changes(
    where: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> Iterator[tuple[str, str]]:
    for key in (*LOWER_BOUNDS, *UPPER_BOUNDS):
        old, new = before.get(key), after.get(key)
        if new is None or old == new:
            continue
        tighter = old is None or (new > old if key in LOWER_BOUNDS else new < old)
        if tighter:
            yield "breaking", f"LIMIT_TIGHTENED: {where} {key} {old} -> {new}"
