"""A field's transforms, run in order; results of the leading pure steps are remembered.

Exports repeat values (the same date, rank or shift code on thousands of rows), so a field
remembers what its built-in transforms made of each text it has seen (up to `MEMO_SIZE`
texts, then it starts again). Named Python transforms and `on_date` (which reads other
fields) are never remembered; errors are not remembered either, so they are raised afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hub.adapters.map import transforms as t

MEMO_SIZE = 4096
MISSING = object()
Source = Callable[[t.Context], Any]
Finish = Callable[[Any, t.Context], Any]


def _empty(value: Any) -> bool:
    return value is None or value == []


def _run(value: Any, steps: Sequence[t.Step], context: t.Context) -> Any:
    for step in steps:
        if value is None or value == []:  # `_empty`, without a call per step
            break
        value = step(value, context)
    return value


def field_evaluator(
    source: Source,
    steps: Sequence[t.Step],
    pure: int,
    default: Any,
    zoned: bool,
    bare_source: bool = False,
) -> Source:
    """The value of a field: `source`, then `steps` (the first `pure` are remembered).

    `zoned`: a remembered step reads the context's time zone, so the zone is part of the key.
    `bare_source`: the source gives a value or None, never an empty list.
    """
    return finished(source, value_finisher(steps, pure, default, zoned, bare_source))


def finished(source: Source, finish: Finish | None) -> Source:
    """`source`, then `finish` on its value."""
    if finish is None:
        return source  # it never gives an empty list: its value is the field's

    def evaluate(context: t.Context) -> Any:
        return finish(source(context), context)

    return evaluate


def value_finisher(
    steps: Sequence[t.Step], pure: int, default: Any, zoned: bool, bare_source: bool = False
) -> Finish | None:
    """What a field does with its source's value (`field_evaluator`); None: nothing."""
    remembered, rest = tuple(steps[:pure]), tuple(steps[pure:])
    if not steps and default is None and bare_source:
        return None
    if not steps:

        def bare(value: Any, _context: t.Context) -> Any:
            return default if value is None or value == [] else value

        return bare
    if not remembered:

        def plain(value: Any, context: t.Context) -> Any:
            value = _run(value, rest, context)
            return default if _empty(value) else value

        return plain
    memo: dict[Any, Any] = {}

    def finish(value: Any, context: t.Context) -> Any:
        if type(value) is str:
            key: Any = (value, context.timezone) if zoned else value
            found = memo.get(key, MISSING)
            if found is MISSING:
                found = _run(value, remembered, context)
                if len(memo) >= MEMO_SIZE:
                    memo.clear()
                memo[key] = found
            value = list(found) if type(found) is list else found
        else:
            value = _run(value, remembered, context)
        value = _run(value, rest, context)
        return default if _empty(value) else value

    return finish
