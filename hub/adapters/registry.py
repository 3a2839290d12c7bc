"""Finding adapters: a mapping file by path, an example in `adapters/`, or an entry point.

Adapters published by other packages are registered under the entry-point group
`hub.adapters`; an entry point may name an `Adapter` (instance or class) or a mapping file.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from hub.adapters.errors import MappingError
from hub.adapters.map import Adapter, load_adapter, read_mapping

GROUP = "hub.adapters"
MAPPING_NAME = "mapping.yaml"


def examples_folder() -> Path:
    """The repository's `adapters/` folder of example mappings."""
    return Path(__file__).resolve().parents[2] / "adapters"


@dataclass(frozen=True, slots=True)
class AdapterInfo:
    name: str
    origin: str
    description: str


def _examples() -> dict[str, Path]:
    folder = examples_folder()
    if not folder.is_dir():
        return {}
    return {path.parent.name: path for path in sorted(folder.glob(f"*/{MAPPING_NAME}"))}


def _entry_points() -> dict[str, Any]:
    return {point.name: point for point in entry_points(group=GROUP)}


def list_adapters() -> list[AdapterInfo]:
    """Every adapter `--adapter NAME` accepts."""
    found = []
    for name, path in _examples().items():
        try:
            description = read_mapping(path).description
        except MappingError as error:
            description = f"(invalid: {error.code})"
        found.append(
            AdapterInfo(
                name, str(path), description.strip().splitlines()[0] if description.strip() else ""
            )
        )
    for name, point in _entry_points().items():
        found.append(AdapterInfo(name, f"entry point {point.value}", ""))
    return sorted(found, key=lambda info: info.name)


def resolve_adapter(adapter: str | Path | Adapter) -> Adapter:
    """The adapter named by a mapping file path, an example's name or an entry point's name."""
    if isinstance(adapter, Adapter):
        return adapter
    path = Path(adapter)
    if isinstance(adapter, Path) or path.suffix in (".yaml", ".yml") or path.is_file():
        return load_adapter(path)
    name = str(adapter)
    examples = _examples()
    if name in examples:
        return load_adapter(examples[name])
    points = _entry_points()
    if name in points:
        return _from_entry_point(name, points[name].load())
    known = ", ".join(sorted({*examples, *points})) or "none"
    raise MappingError("ADAPTER_NOT_FOUND", f"no adapter or mapping file {name!r} (known: {known})")


def _from_entry_point(name: str, target: Any) -> Adapter:
    if isinstance(target, type) and issubclass(target, Adapter):
        target = target()
    if isinstance(target, Adapter):
        return target
    if isinstance(target, str | Path):
        return load_adapter(Path(target))
    raise MappingError(
        "ADAPTER_NOT_FOUND",
        f"the entry point {name!r} names neither an Adapter nor a mapping file",
    )
