"""Repeats: one source record giving one record per item of a list, of nested elements, of columns.

An output with `repeat` is produced once per item; with several repeats, once per combination
(members x shifts), each later repeat seeing the items chosen by the earlier ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from hub.adapters.map import transforms as t
from hub.adapters.map.xpath import xpath_value

Items = Callable[[t.Context], list[Any]]


@dataclass(frozen=True, slots=True)
class ColumnItem:
    """One cell of a group of columns (a wide rota's day): its header and its text."""

    header: str
    value: str


@dataclass(frozen=True, slots=True)
class CompiledRepeat:
    name: str
    items: Items


def combinations(repeats: Sequence[CompiledRepeat], context: t.Context) -> Iterator[dict[str, Any]]:
    """Every combination of the repeats' items, as {name: item}; none if any repeat is empty."""
    if not repeats:
        yield dict(context.items)
        return
    first, rest = repeats[0], repeats[1:]
    outer = dict(context.items)
    for item in first.items(context):
        chosen = {**outer, first.name: item}
        context.items = chosen
        yield from combinations(rest, context)
        context.items = outer


def split_items(text: Any, separator: str | None) -> list[Any]:
    """A text (or texts) split into trimmed, non-empty items."""
    values = text if isinstance(text, list) else [text]
    out: list[Any] = []
    for value in values:
        if value is None:
            continue
        if separator is None or not isinstance(value, str):
            if not isinstance(value, str) or value.strip():
                out.append(value)
            continue
        out.extend(part.strip() for part in value.split(separator) if part.strip())
    return out


def column_items(name: str, separator: str | None) -> Items:
    def items(context: t.Context) -> list[Any]:
        return split_items(context.record.data.get(name), separator)

    return items


def xpath_items(compiled: Any, separator: str | None) -> Items:
    """Nodes stay elements (for `$item/...` XPaths); attributes and texts become text."""

    def items(context: t.Context) -> list[Any]:
        element = context.record.data
        result = compiled(element, record=element, **context.items)
        nodes = result if isinstance(result, list) else [result]
        out: list[Any] = []
        for node in nodes:
            if hasattr(node, "iterchildren") and separator is None:
                out.append(node)
            else:
                out.extend(split_items(xpath_value([node]), separator))
        return out

    return items


def columns_items(pattern: str) -> Items:
    """The non-blank cells of every column whose header matches `pattern`, in file order."""
    matcher = re.compile(pattern)
    chosen: dict[tuple[str, ...], tuple[str, ...]] = {}

    def items(context: t.Context) -> list[Any]:
        cells: dict[str, str] = context.record.data
        header = tuple(cells)
        names = chosen.get(header)
        if names is None:
            names = chosen[header] = tuple(name for name in header if matcher.search(name))
        return [
            ColumnItem(name, cells[name].strip()) for name in names if (cells[name] or "").strip()
        ]

    return items


def item_value(name: str, part: str) -> Callable[[t.Context], Any]:
    """A field source: the current item of repeat `name` (its header, for a column group)."""

    def value(context: t.Context) -> Any:
        item = context.items.get(name)
        if isinstance(item, ColumnItem):
            return item.header if part == "header" else item.value
        if item is not None and hasattr(item, "iterchildren"):
            return xpath_value([item])
        return item

    return value
