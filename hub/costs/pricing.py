"""Price one tour of duty or one booking under a rate set: pure functions, exact arithmetic.

Hours and multipliers are fractions, hourly costs decimals; a line's amount is rounded to the
penny once, half up, after everything else (docs/costs.md states every rule).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from hub.costs.rates import NationRules, Rates, RateSet

PENNY = Decimal("0.01")


class RateKind(StrEnum):
    """Which rule priced some hours."""

    PLAIN = "PLAIN"
    OVERTIME = "OVERTIME"
    REST_DAY = "REST_DAY"
    PUBLIC_HOLIDAY = "PUBLIC_HOLIDAY"
    CANCELLED_REST_DAY = "CANCELLED_REST_DAY"
    TRAVEL_TIME = "TRAVEL_TIME"


#: When two rules give the same multiplier, the first named here labels the hours.
_PRECEDENCE = (
    RateKind.PUBLIC_HOLIDAY,
    RateKind.REST_DAY,
    RateKind.OVERTIME,
    RateKind.PLAIN,
)


@dataclass(frozen=True, slots=True)
class Hours:
    """Some hours of one officer (or `officers` officers) at one rate."""

    kind: RateKind
    multiplier: Fraction
    hours: Fraction


@dataclass(frozen=True, slots=True)
class Tour:
    """What pricing a deployment needs to know."""

    rank: str
    country: str
    starts_at: datetime
    ends_at: datetime
    rest_day: bool = False
    notice_days: int | None = None
    cancelled: bool = False
    cancellation_notice_days: int | None = None


@dataclass(frozen=True, slots=True)
class Priced:
    """A priced tour or booking: its hours by rate, hourly cost and amount (to the penny)."""

    valid_from: date
    hourly_cost: Decimal | None
    hours: tuple[Hours, ...]
    amount: Decimal


def to_pence(value: Fraction) -> Decimal:
    """An exact amount in pounds rounded to the penny, half up (amounts are never negative)."""
    pence = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(pence).scaleb(-2).quantize(PENNY)


def clear_days(notified: date | None, day: date) -> int | None:
    """Clear days of notice: the days between being told and the duty, neither counted."""
    if notified is None:
        return None
    return max((day - notified).days - 1, 0)


def price_tour(tour: Tour, rates: Rates, memo: dict[Any, Any] | None = None) -> Priced:
    """Price a deployment's tour under the rate set in force on its first local day.

    `memo` (optional) keeps the hours of tours already priced: ranks that share the same
    enhancements (constables and sergeants) differ only in their hourly cost."""
    rate_set = rates.for_day(_local_day(rates, tour.starts_at))
    rules = rate_set.rules_for(tour.country)
    cost = rate_set.hourly(tour.rank)
    enhanced = tour.rank in rules.enhanced_ranks
    key = (rate_set.valid_from, tour.country, enhanced, *_tour_key(tour))
    found = None if memo is None else memo.get(key)
    if found is None:
        if tour.cancelled:
            hours = _cancelled(tour, rules, enhanced)
        else:
            hours = _worked(tour, rate_set, rules, rates, enhanced)
        found = (hours, _weighted(hours))
        if memo is not None:
            memo[key] = found
    hours, weighted = found
    return Priced(rate_set.valid_from, cost, hours, _pence(weighted, cost, 1))


def _tour_key(tour: Tour) -> tuple[Any, ...]:
    """What, besides the rank, decides a tour's hours."""
    return (
        tour.starts_at,
        tour.ends_at,
        tour.rest_day,
        tour.notice_days,
        tour.cancelled,
        tour.cancellation_notice_days,
    )


def _local_day(rates: Rates, moment: datetime) -> date:
    """The day `moment` falls on where the rate sets apply (the first set's time zone)."""
    return moment.astimezone(rates.sets[0].zone).date()


def _cancelled(tour: Tour, rules: NationRules, enhanced: bool) -> tuple[Hours, ...]:
    """A cancelled duty costs nothing, unless it was on a rest day of an officer with rest day
    enhancements and cancelled with fewer clear days' notice than the rules ask: then the
    minimum hours at the rest-day rate of the original notice."""
    notice = tour.cancellation_notice_days
    if not (tour.rest_day and enhanced and notice is not None):
        return ()
    if notice >= rules.cancellation_under_days:
        return ()
    multiplier = rules.rest_day_multiplier(tour.notice_days)
    return (Hours(RateKind.CANCELLED_REST_DAY, multiplier, rules.minimum_hours),)


def _worked(
    tour: Tour, rate_set: RateSet, rules: NationRules, rates: Rates, enhanced: bool
) -> tuple[Hours, ...]:
    zone = rate_set.zone
    step = rate_set.rounding_minutes
    minutes = math.ceil((tour.ends_at - tour.starts_at).total_seconds() / 60 / step) * step
    start = tour.starts_at
    end = start + timedelta(minutes=minutes)
    overtime_from = start + timedelta(seconds=int(rate_set.normal_tour_hours * 3600))
    cuts = {start, end, overtime_from} | set(_midnights(start, end, zone))
    points = sorted(cut for cut in cuts if start <= cut <= end)
    pieces: list[Hours] = []
    rest = rules.rest_day_multiplier(tour.notice_days) if tour.rest_day else None
    for begin, finish in pairwise(points):
        holiday = rates.is_holiday(rules, begin.astimezone(zone).date())
        kind, multiplier = _rule(rules, enhanced, begin >= overtime_from, rest, holiday)
        hours = Fraction(int((finish - begin).total_seconds()), 3600)
        if pieces and pieces[-1].kind is kind and pieces[-1].multiplier == multiplier:
            hours += pieces.pop().hours
        pieces.append(Hours(kind, multiplier, hours))
    return _with_minimum(pieces, rules, enhanced)


def _rule(
    rules: NationRules, enhanced: bool, overtime: bool, rest: Fraction | None, holiday: bool
) -> tuple[RateKind, Fraction]:
    """The highest multiplier of the rules that apply (never compounded)."""
    if not enhanced:
        return RateKind.PLAIN, Fraction(1)
    applies = {RateKind.PLAIN: Fraction(1)}
    if overtime:
        applies[RateKind.OVERTIME] = rules.overtime
    if rest is not None:
        applies[RateKind.REST_DAY] = rest
    if holiday:
        applies[RateKind.PUBLIC_HOLIDAY] = rules.public_holiday
    best = max(applies.values())
    kind = next(kind for kind in _PRECEDENCE if applies.get(kind) == best)
    return kind, best


def _with_minimum(pieces: list[Hours], rules: NationRules, enhanced: bool) -> tuple[Hours, ...]:
    """Duty on a rest day or a public holiday counts at least the minimum hours: the shortfall
    is added to the last hours so enhanced."""
    special = (RateKind.REST_DAY, RateKind.PUBLIC_HOLIDAY)
    total = sum((piece.hours for piece in pieces), Fraction(0))
    if not enhanced or total >= rules.minimum_hours:
        return tuple(pieces)
    for index in range(len(pieces) - 1, -1, -1):
        if pieces[index].kind in special:
            piece = pieces[index]
            extra = rules.minimum_hours - total
            pieces[index] = Hours(piece.kind, piece.multiplier, piece.hours + extra)
            break
    return tuple(pieces)


def _midnights(start: datetime, end: datetime, zone: ZoneInfo) -> list[datetime]:
    """The local midnights strictly inside (start, end), as aware datetimes."""
    day = start.astimezone(zone).date() + timedelta(days=1)
    found: list[datetime] = []
    while True:
        midnight = datetime.combine(day, time(0), tzinfo=zone)
        if midnight >= end:
            return found
        found.append(midnight)
        day += timedelta(days=1)


def _weighted(hours: tuple[Hours, ...]) -> Fraction:
    """Hours times their multipliers, added up: what the hourly cost is multiplied by."""
    return sum((h.hours * h.multiplier for h in hours), Fraction(0))


def _amount(cost: Decimal, hours: tuple[Hours, ...], officers: int) -> Decimal:
    return _pence(_weighted(hours), cost, officers)


@lru_cache(maxsize=4096)
def _pence(weighted: Fraction, cost: Decimal, officers: int) -> Decimal:
    """Weighted hours x hourly cost x officers, to the penny (most tours share a few)."""
    return to_pence(weighted * _fraction(cost) * officers)


@lru_cache(maxsize=256)
def _fraction(amount: Decimal) -> Fraction:
    """An amount as a fraction (converting a decimal is slow; there are few amounts)."""
    return Fraction(amount)


def price_travel_time(
    rates: Rates, rank: str, officers: int, departs: datetime, arrives: datetime
) -> Priced:
    """The officers' hours travelling on a booked journey (rounded up like a tour)."""
    rate_set = rates.for_day(_local_day(rates, departs))
    step = rate_set.rounding_minutes
    minutes = math.ceil((arrives - departs).total_seconds() / 60 / step) * step
    cost = rate_set.hourly(rank)
    hours = (Hours(RateKind.TRAVEL_TIME, rate_set.travel_time_multiplier, Fraction(minutes, 60)),)
    return Priced(rate_set.valid_from, cost, hours, _amount(cost, hours, officers))


def price_fares(rates: Rates, mode: str, seats: int, departs: datetime) -> Priced:
    """Seats booked on a journey at the rate set's fare for the mode."""
    rate_set = rates.for_day(_local_day(rates, departs))
    fare = rate_set.travel_fare_per_seat.get(mode, rate_set.travel_fare_per_seat.get("OTHER"))
    if fare is None:
        fare = Decimal(0)
    return Priced(rate_set.valid_from, None, (), to_pence(_fraction(fare) * seats))


def price_accommodation(rates: Rates, rooms: int, check_in: date, check_out: date) -> Priced:
    """Rooms times nights at the rate set's room-night rate."""
    rate_set = rates.for_day(check_in)
    nights = (check_out - check_in).days
    amount = to_pence(_fraction(rate_set.accommodation_per_room_night) * rooms * nights)
    return Priced(rate_set.valid_from, None, (), amount)


def price_subsistence(rates: Rates, officers: int, check_in: date, check_out: date) -> Priced:
    """Officers times nights away at the rate set's subsistence rate."""
    rate_set = rates.for_day(check_in)
    nights = (check_out - check_in).days
    amount = to_pence(_fraction(rate_set.subsistence_per_officer_night) * officers * nights)
    return Priced(rate_set.valid_from, None, (), amount)
