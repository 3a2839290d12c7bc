"""Date, time and shift transforms: declared formats, shift codes, shifts past midnight."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from hub.adapters.errors import RecordError
from hub.adapters.map.transforms import Context, Step, per_item
from hub.adapters.model.mapping import Shift
from hub.standard._terms import normalise

ISO = "iso"


def _formats(option: str | list[str]) -> list[str]:
    return [option] if isinstance(option, str) else list(option)


def _parse(value: Any, formats: list[str], kind: str) -> datetime.datetime:
    text = str(value).strip()
    for form in formats:
        try:
            if form == ISO:
                return datetime.datetime.fromisoformat(text)
            return datetime.datetime.strptime(text, form)
        except ValueError:
            continue
    shown = " or ".join(formats)
    raise RecordError(f"BAD_{kind.upper()}", f"not a {kind} in the format {shown}", value=value)


def date(option: str | list[str]) -> Step:
    formats = _formats(option)

    def parse(value: Any) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        return _parse(value, formats, "date").date()

    return per_item(parse)


def moment(option: str | list[str]) -> Step:
    formats = _formats(option)

    def step(value: Any, context: Context) -> Any:
        if value is None or isinstance(value, datetime.datetime):
            return value
        parsed = _parse(value, formats, "datetime")
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=context.timezone)

    return step


def time(option: str | list[str]) -> Step:
    formats = _formats(option)

    def parse(value: Any) -> datetime.time:
        if isinstance(value, datetime.time):
            return value
        if ISO in formats:
            try:
                return datetime.time.fromisoformat(str(value).strip())
            except ValueError:
                pass
        return _parse(value, [f for f in formats if f != ISO] or ["%H:%M"], "time").time()

    return per_item(parse)


def shift(name: str, table: Mapping[str, Shift], part: str) -> Step:
    keyed = {normalise(code): entry for code, entry in table.items()}

    def find(value: Any) -> Any:
        entry = keyed.get(normalise(str(value)))
        if entry is None:
            raise RecordError("UNKNOWN_SHIFT_CODE", f"not in the shift table {name!r}", value=value)
        return getattr(entry, part)

    return per_item(find)


def on_date(date_of: Any, after: str | None) -> Step:
    """Time of day + the date another field source gives; past `after` (a field) if needed."""
    clock_of = time(ISO)

    def step(value: Any, context: Context) -> Any:
        if value is None:
            return None
        day = date_of(context)
        if day is None:
            return None
        if not isinstance(day, datetime.date):
            day = _parse(day, [ISO], "date").date()
        if isinstance(day, datetime.datetime):
            day = day.date()
        clock = value if isinstance(value, datetime.time) else clock_of(value, context)
        naive = datetime.datetime.combine(day, clock)
        result = naive.replace(tzinfo=context.timezone)
        earlier = context.fields.get(after) if after else None
        if isinstance(earlier, datetime.datetime) and result <= earlier:
            result = (naive + datetime.timedelta(days=1)).replace(tzinfo=context.timezone)
        return result

    return step
