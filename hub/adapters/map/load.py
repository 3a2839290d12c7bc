"""Reading mapping files (YAML), with errors that name the key path of every problem."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from hub.adapters.errors import MappingError
from hub.adapters.map.adapter import MappingAdapter
from hub.adapters.map.compile import compile_mapping
from hub.adapters.map.transforms import Transform
from hub.adapters.model import names
from hub.adapters.model.mapping import Mapping

MAX_MAPPING_BYTES = 1024 * 1024


def key_path(location: Sequence[int | str]) -> str:
    """`records[0].fields.rank` from a pydantic location, leaving out union tags."""
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("column", "xpath", "constant", "template", "lookup") and out.count(".") > 1:
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def parse_mapping(data: Any) -> Mapping:
    """Validate mapping data; a MappingError lists every problem with its key path."""
    try:
        return Mapping.model_validate(data)
    except ValidationError as error:
        problems = [f"{key_path(e['loc']) or '(top)'}: {e['msg']}" for e in error.errors()]
        first = error.errors()[0]
        raise MappingError(
            "MAPPING_INVALID", "; ".join(problems), key=key_path(first["loc"]) or None
        ) from None


def read_mapping(path: Path) -> Mapping:
    """The mapping in a YAML file."""
    if not path.is_file():
        raise MappingError("MAPPING_NOT_FOUND", f"no mapping file at {path}")
    if path.stat().st_size > MAX_MAPPING_BYTES:
        raise MappingError("MAPPING_INVALID", "the mapping file is larger than 1 MiB")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise MappingError("MAPPING_NOT_YAML", f"{path} is not valid YAML: {error}") from None
    return parse_mapping(data)


def load_adapter(path: Path, transforms: Sequence[Transform] = ()) -> MappingAdapter:
    """The adapter a mapping file defines, with any named Python transforms it uses.

    An adapter without Python transforms is compiled once per process and version of its
    file (path, size and modification time), so importing many files costs one compilation
    (and one load of its XSD).
    """
    if transforms:
        return MappingAdapter(compile_mapping(read_mapping(path), path, transforms))
    try:
        stat = path.stat()
    except OSError:
        stat = None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size) if stat else None
    cached = _COMPILED.get(key) if key else None
    if cached is None:
        cached = MappingAdapter(compile_mapping(read_mapping(path), path))
        cached.source_path = path.resolve()
        if key is not None:
            if len(_COMPILED) >= MAX_COMPILED:
                _COMPILED.clear()
            _COMPILED[key] = cached
    return cached


MAX_COMPILED = 64
_COMPILED: dict[tuple[str, int, int], MappingAdapter] = {}


def mapping_schema() -> dict[str, Any]:
    """The JSON Schema of mapping files, for editor completion (adapters/mapping.schema.json)."""
    schema = Mapping.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Mutual aid hub adapter mapping"
    short = [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]
    output = schema["$defs"]["Output"]["properties"]
    output["fields"]["additionalProperties"] = {
        "anyOf": [*short, output["fields"]["additionalProperties"]]
    }
    output["when"] = {"anyOf": [*short, output["when"]], "default": None}
    schema["$defs"]["Output"]["allOf"] = [_field_names(entity) for entity in names.GRAPH]
    repeat = output["repeat"]
    output["repeat"] = {"anyOf": [{"$ref": "#/$defs/Repeat"}, repeat]}
    lookups = schema["properties"]["lookups"]
    lookups["additionalProperties"] = {
        "anyOf": [lookups["additionalProperties"], {"type": "object"}]
    }
    return schema


def _field_names(entity: str) -> dict[str, Any]:
    """An output's field names: the graph's, then the deprecated Python ones."""
    graph = names.GRAPH[entity]
    old = [name for name, new in graph.items() if name != new]
    return {
        "if": {"properties": {"entity": {"const": entity}}},
        "then": {"properties": {"fields": {"propertyNames": {"enum": [*graph.values(), *old]}}}},
    }
