"""A planned operation's daily demand per capability, from the profiles of similar past ones.

A past operation's profile is the officers its requests asked for on each day, per capability,
counted from its first day (days of build-up before it and of wind-down after it included).
Each profile is stretched or squeezed to the planned operation's length (its days before and
after keep their distance from the start and the end), and the estimate of a day is the mean
of the similar operations' values for it, with their lowest and highest as the range.

Similarity is plain and documented: shared words of the name and description (Jaccard),
plus a quarter of the ratio of the shorter duration to the longer. A caller may name the operations
to compare with instead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

_IGNORED = frozenset(
    {"and", "the", "for", "with", "from", "into", "over", "operation", "synthetic", "history"}
)


@dataclass(frozen=True, slots=True)
class Demand:
    """Officers a day that one capability's requests ask for over some days."""

    capability: str
    starts_on: date
    ends_on: date
    officers: int


@dataclass(frozen=True, slots=True)
class PastOperation:
    """An operation, and the demand of its requests (none for a planned one)."""

    code: str
    name: str
    description: str
    starts_on: date
    ends_on: date
    demand: tuple[Demand, ...] = ()

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


@dataclass(frozen=True, slots=True)
class DayEstimate:
    """Officers one capability is likely to need on one day: the mean and the range seen."""

    day: date
    capability: str
    officers: float
    low: int
    high: int


@dataclass(frozen=True, slots=True)
class OperationDemand:
    """The estimate for a planned operation, and the past operations it comes from."""

    operation: PastOperation
    similar: tuple[tuple[PastOperation, float], ...]
    days: tuple[DayEstimate, ...] = field(default=())


def _words(operation: PastOperation) -> set[str]:
    text = f"{operation.name} {operation.description}".lower()
    return {w for w in re.findall(r"[a-z]{3,}", text) if w not in _IGNORED}


def similarity(planned: PastOperation, past: PastOperation) -> float:
    """Shared words (0 to 1) plus a quarter of the ratio of the durations (0 to 0.25)."""
    ours, theirs = _words(planned), _words(past)
    shared = len(ours & theirs) / len(ours | theirs) if ours | theirs else 0.0
    return shared + 0.25 * min(planned.days, past.days) / max(planned.days, past.days)


def _profile(operation: PastOperation) -> dict[str, dict[int, int]]:
    """Officers per capability per day, the day counted from the operation's first."""
    profile: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for demand in operation.demand:
        first = (demand.starts_on - operation.starts_on).days
        for offset in range(first, first + (demand.ends_on - demand.starts_on).days + 1):
            profile[demand.capability][offset] += demand.officers
    return profile


def _source_day(offset: int, planned_days: int, past_days: int) -> int:
    """The past operation's day that the planned operation's day `offset` corresponds to."""
    if offset < 0:
        return offset
    if offset >= planned_days:
        return offset - planned_days + past_days
    if planned_days == 1:
        return 0
    return round(offset * (past_days - 1) / (planned_days - 1))


def _estimate(planned: PastOperation, chosen: Sequence[PastOperation]) -> list[DayEstimate]:
    profiles = [(_profile(op), op.days) for op in chosen]
    before = min((min(days) for p, _ in profiles for days in p.values()), default=0)
    after = max((max(days) - n + 1 for p, n in profiles for days in p.values()), default=0)
    capabilities = sorted({c for p, _ in profiles for c in p})
    estimates = []
    for offset in range(min(before, 0), planned.days + max(after, 0)):
        for capability in capabilities:
            values = [
                p.get(capability, {}).get(_source_day(offset, planned.days, n), 0)
                for p, n in profiles
            ]
            if any(values):
                estimates.append(
                    DayEstimate(
                        planned.starts_on + timedelta(days=offset),
                        capability,
                        sum(values) / len(values),
                        min(values),
                        max(values),
                    )
                )
    return estimates


def estimate_operation(
    planned: PastOperation,
    candidates: Iterable[PastOperation],
    count: int = 3,
    named: Sequence[str] | None = None,
) -> OperationDemand:
    """The daily demand of `planned` from the `count` most similar past operations that have
    requests and ended before it starts (or from the operations `named`)."""
    usable = [op for op in candidates if op.demand and op.code != planned.code]
    if named is not None:
        chosen = [op for op in usable if op.code in set(named)]
    else:
        chosen = [op for op in usable if op.ends_on < planned.starts_on]
    scored = sorted(
        ((op, similarity(planned, op)) for op in chosen),
        key=lambda pair: (-pair[1], -pair[0].starts_on.toordinal(), pair[0].code),
    )
    if named is None:
        scored = scored[:count]
    similar = tuple(scored)
    return OperationDemand(planned, similar, tuple(_estimate(planned, [op for op, _ in similar])))
