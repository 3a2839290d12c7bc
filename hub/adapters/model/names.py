"""One naming: record fields go by their graph names (camelCase) wherever people write or read
them: mapping files, custom adapters' records, reports, the test kit. Inside the pipeline they
keep their Python names. The Python names are accepted for one release, with a warning."""

from __future__ import annotations

from typing import Any

from hub.adapters.model.records import RECORDS, graph_name

REMOVAL = "the next minor release of the standard"

# entity -> Python name -> graph name
GRAPH: dict[str, dict[str, str]] = {
    entity: {name: graph_name(name) for name in model.model_fields}
    for entity, model in RECORDS.items()
}
# entity -> a name as written -> (Python name, whether the name is a deprecated one)
_WRITTEN: dict[str, dict[str, tuple[str, bool]]] = {
    entity: {
        **{name: (name, True) for name in names if names[name] != name},
        **{graph: (name, False) for name, graph in names.items()},
    }
    for entity, names in GRAPH.items()
}


def field_of(entity: str, written: str) -> tuple[str, bool] | None:
    """The Python name of the field `written` names, and whether `written` is deprecated."""
    return _WRITTEN[entity].get(written)


def label(entity: str, name: str) -> str:
    """The graph name of a field given its Python name (itself if it is no field)."""
    return GRAPH[entity].get(name, name)


def deprecation(entity: str, old: str) -> str:
    """The warning for a deprecated field name."""
    new = GRAPH[entity][old]
    return f"{entity} field {old!r} is now {new!r}; {old!r} is accepted until {REMOVAL}"


def python_values(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """A custom adapter's record with its fields under their Python names."""
    written = _WRITTEN[entity]
    return {written[key][0] if key in written else key: value for key, value in values.items()}
