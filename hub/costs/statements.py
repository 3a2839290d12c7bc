"""Statements: what each providing force charges each requesting force for an operation.

A statement holds one line per deployment (its tour, priced), one line per rank of a unit's
journey (travel time), and one line each for a journey's fares, a stay's rooms and the
officers' subsistence. Its total is the sum of its lines, each already rounded to the penny.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, NamedTuple

from hub.costs import gather
from hub.costs.pricing import (
    Hours,
    Priced,
    Tour,
    clear_days,
    price_accommodation,
    price_fares,
    price_subsistence,
    price_tour,
    price_travel_time,
)
from hub.costs.rates import Rates
from hub.standard.enums import DeploymentStatus

ZERO = Decimal("0.00")


class LineKind(StrEnum):
    """What a statement line charges for."""

    TOUR = "TOUR"
    TRAVEL_TIME = "TRAVEL_TIME"
    TRAVEL_FARE = "TRAVEL_FARE"
    ACCOMMODATION = "ACCOMMODATION"
    SUBSISTENCE = "SUBSISTENCE"


class Line(NamedTuple):
    """One charge of a statement (a named tuple: an operation has a hundred thousand)."""

    kind: LineKind
    reference: str
    day: date
    rank: str | None
    officers: int
    quantity: int | None
    priced: Priced
    deployment_id: int | None = None
    status: str | None = None

    @property
    def amount(self) -> Decimal:
        return self.priced.amount

    @property
    def hours(self) -> tuple[Hours, ...]:
        return self.priced.hours


@dataclass(repr=False)
class Statement:
    """The charges of one providing force to one requesting force for one operation."""

    operation_id: int
    providing_force_id: int
    requesting_force_id: int
    lines: list[Line] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, int]:
        return (self.providing_force_id, self.requesting_force_id)

    def __repr__(self) -> str:
        # Short: Python 3.11's asyncio.run formats the repr of what a task returns.
        return f"<Statement {self.key}: {len(self.lines)} lines>"

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def deployment_ids(self) -> list[int]:
        return [line.deployment_id for line in self.lines if line.deployment_id is not None]

    def total_of(self, kind: LineKind) -> Decimal:
        return sum((line.amount for line in self.lines if line.kind is kind), ZERO)

    def hours_of(self, kind: LineKind) -> Fraction:
        lines = [line for line in self.lines if line.kind is kind]
        return sum((h.hours * line.officers for line in lines for h in line.hours), Fraction(0))

    @property
    def rate_sets(self) -> list[date]:
        return sorted({line.priced.valid_from for line in self.lines})


@dataclass(frozen=True, repr=False)
class OperationCosts:
    """Every statement of an operation, and the deployments left uncharged as own-force duty."""

    operation_id: int
    statements: list[Statement]
    own_force: list[int]

    def __repr__(self) -> str:
        return f"<OperationCosts {self.operation_id}: {len(self.statements)} statements>"


async def price_operation(
    run: gather.Run, rates: Rates, operation_id: int, forces: Sequence[int] | None = None
) -> OperationCosts:
    """Price the operation's statements (only pairs naming one of `forces`, if given)."""
    statements: dict[tuple[int, int], Statement] = {}
    own: list[int] = []
    # Tours of one duty unit, rank and terms price alike: each combination is priced once.
    cache: dict[tuple[Any, ...], Priced] = {}
    memo: dict[Any, Any] = {}  # a tour's hours, shared by ranks with the same enhancements

    def statement(provider: int, requester: int) -> Statement:
        key = (provider, requester)
        if key not in statements:
            statements[key] = Statement(operation_id, provider, requester)
        return statements[key]

    duties = {row.id: row for row in await run(gather.duty_units(operation_id, forces))}
    for row in await run(gather.deployments(operation_id, forces)):
        if row.providing_force_id == row.requesting_force_id:
            own.append(row.deployment_id)
            continue
        statement(row.providing_force_id, row.requesting_force_id).lines.append(
            _tour_line(row, duties[row.duty_unit_id], rates, cache, memo)
        )
    ranks = _ranks(await run(gather.unit_ranks(operation_id, forces)))
    trips: dict[tuple[Any, ...], Priced] = {}  # a journey's travel time per rank and headcount

    def officers(row: Any) -> int:
        return sum(ranks.get(row.unit_id, {}).values())

    booked: list[tuple[Callable[..., Any], Callable[[Any], list[Line]]]] = [
        (gather.travel, lambda row: _travel_lines(row, ranks.get(row.unit_id, {}), rates, trips)),
        (gather.accommodation, lambda row: _stay_lines(row, officers(row), rates)),
        (gather.officer_travel, lambda row: _travel_lines(row, {row.rank: 1}, rates, trips)),
        (gather.officer_accommodation, lambda row: _stay_lines(row, 1, rates)),
    ]
    for query, lines_of in booked:
        for row in await run(query(operation_id, forces)):
            if row.providing_force_id != row.requesting_force_id:
                lines = lines_of(row)
                statement(row.providing_force_id, row.requesting_force_id).lines.extend(lines)
    ordered = sorted(statements.values(), key=lambda s: s.key)
    return OperationCosts(operation_id, ordered, own)


def _tour_line(
    row: Any,
    duty: Any,
    rates: Rates,
    cache: dict[tuple[Any, ...], Priced],
    memo: dict[Any, Any],
) -> Line:
    cancelled = row.status == _CANCELLED
    key = (
        row.duty_unit_id,
        row.rank,
        row.country,
        row.duty_date,
        row.rest_day,
        row.notified_on,
        cancelled,
        row.cancelled_on,
    )
    priced = cache.get(key)
    if priced is None:
        tour = Tour(
            rank=row.rank,
            country=row.country,
            starts_at=duty.starts_at,
            ends_at=duty.ends_at,
            rest_day=bool(row.rest_day),
            notice_days=clear_days(row.notified_on, row.duty_date),
            cancelled=cancelled,
            cancellation_notice_days=clear_days(row.cancelled_on, row.duty_date),
        )
        priced = cache[key] = price_tour(tour, rates, memo)
    return Line(
        LineKind.TOUR,
        duty.reference,
        row.duty_date,
        row.rank,
        1,
        None,
        priced,
        row.deployment_id,
        row.status,
    )


_CANCELLED = DeploymentStatus.CANCELLED.value


def _ranks(rows: Iterable[Any]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        found[row.unit_id][row.rank] = int(row.officers)
    return found


def _travel_lines(
    row: Any, ranks: dict[str, int], rates: Rates, journeys: dict[tuple[Any, ...], Priced]
) -> list[Line]:
    day = row.departs_at.astimezone(rates.sets[0].zone).date()
    fares = price_fares(rates, row.mode, row.seats, row.departs_at)
    lines = [Line(LineKind.TRAVEL_FARE, row.reference, day, None, 0, row.seats, fares)]
    for rank, officers in sorted(ranks.items()):
        key = (rank, officers, row.departs_at, row.arrives_at)
        priced = journeys.get(key)
        if priced is None:
            priced = journeys[key] = price_travel_time(
                rates, rank, officers, row.departs_at, row.arrives_at
            )
        lines.append(Line(LineKind.TRAVEL_TIME, row.reference, day, rank, officers, None, priced))
    return lines


def _stay_lines(row: Any, officers: int, rates: Rates) -> list[Line]:
    nights = (row.check_out - row.check_in).days
    rooms = price_accommodation(rates, row.rooms, row.check_in, row.check_out)
    food = price_subsistence(rates, officers, row.check_in, row.check_out)
    return [
        Line(LineKind.ACCOMMODATION, row.unit, row.check_in, None, 0, row.rooms * nights, rooms),
        Line(LineKind.SUBSISTENCE, row.unit, row.check_in, None, officers, officers * nights, food),
    ]
