"""A record's whole check as one generated function, for the records an output gives row after
row: the same fields, every value present and plainly right.

The function does what `Validator.record` does on its quick path (the import's force into
empty force fields, the model's `prepare` hook, each given field's check into a copy of the
template, the rules across fields, the natural key and references) in straight-line code,
made once per entity and set of fields. It answers None whenever a record is anything else
(an empty value, a value that needs pydantic, a hook that adds a field), and the record then
takes the general path, which gives its result or its errors exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hub.adapters.model.records import FORCE_FIELDS, rule_error

if TYPE_CHECKING:
    from hub.adapters.check.quick import QuickValidator
    from hub.adapters.check.validate import Pending

Plan = Callable[[dict[str, Any]], "Pending | None"]


def record_plan(
    quick: QuickValidator,
    entity: str,
    keys: tuple[str, ...],
    default_force: str | None,
    pending: Callable[..., Pending],
    key: Callable[[dict[str, Any]], Any],
    refs: Callable[[dict[str, Any]], Any],
) -> Plan | None:
    """The generated check of `entity` records giving exactly `keys`; None: none can be made."""
    from hub.adapters.check.quick import _plan, _Slow

    compiled = quick.model(entity)
    if not keys:
        return None
    if not compiled.names.issuperset(keys):
        return None
    filled = [
        name
        for name in FORCE_FIELDS.get(entity, ())
        if name not in keys and default_force is not None
    ]
    given = frozenset((*keys, *filled))
    plan = _plan(compiled, given)
    if plan is None:
        return None
    constants: dict[str, Any] = {
        "TEMPLATE": plan.template,
        "GIVEN": given,
        "ENTITY": entity,
        "PENDING": pending,
        "KEY": key,
        "REFS": refs,
        "Slow": _Slow,
        "PREPARE": compiled.model.prepare,
        "VOCABULARY": quick.vocabulary,
        "MODEL": compiled.model,
        "RULE_ERROR": rule_error,
        "DEFAULT_FORCE": default_force,
    }
    lines = [f"    if {' or '.join(f'values[{name!r}] is None' for name in keys)}: return None"]
    lines.append("    data = values.copy()" if filled or compiled.prepares else "    data = values")
    lines += [f"    data[{name!r}] = DEFAULT_FORCE" for name in filled]
    if compiled.prepares:
        lines.append("    data = PREPARE(data, VOCABULARY)")
        lines.append("    if data.keys() != GIVEN: return None")
    lines.append("    out = TEMPLATE.copy()")
    for index, (name, check, nullable) in enumerate(plan.given):
        lines.append(f"    v = data[{name!r}]")
        if check is None:
            lines.append("    if v is not None: return None")
            continue
        constants[f"C{index}"] = check
        lines.append("    if v is None:")
        lines.append("        pass" if nullable else "        return None")
        lines.append("    else:")
        lines.append(f"        out[{name!r}] = C{index}(v)")
    for index, (name, factory) in enumerate(plan.factories):
        constants[f"F{index}"] = factory
        lines.append(f"    out[{name!r}] = F{index}()")
    if compiled.rules:
        lines.append("    if RULE_ERROR(MODEL, out) is not None: return None")
    lines.append("    return PENDING(ENTITY, out, GIVEN, KEY(out), REFS(out))")
    body = "\n".join("    " + line for line in lines)
    source = f"def run(values):\n    try:\n{body}\n    except Slow:\n        return None\n"
    exec(compile(source, f"<check {entity}>", "exec"), constants)  # field names only
    function: Plan = constants["run"]
    return function
