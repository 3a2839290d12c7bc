"""Map: a mapping file compiled once, then applied to each raw record (fields, transforms,
repeats, declared checks), giving a `SourceRecord` of records of the standard, or errors."""

from hub.adapters.map.adapter import Adapter, MappingAdapter, map_record
from hub.adapters.map.compile import CompiledMapping, compile_mapping
from hub.adapters.map.load import load_adapter, mapping_schema, parse_mapping, read_mapping
from hub.adapters.map.transforms import Transform, transform

__all__ = [
    "Adapter",
    "CompiledMapping",
    "MappingAdapter",
    "Transform",
    "compile_mapping",
    "load_adapter",
    "map_record",
    "mapping_schema",
    "parse_mapping",
    "read_mapping",
    "transform",
]
