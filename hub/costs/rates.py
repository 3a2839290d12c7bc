"""Charging rate sets and public holidays, read from `standards/rates/` (data, never code).

Each `standards/rates/<valid-from>.yaml` is one rate set, in force from its `valid_from` until
the next set's; `standards/rates/holidays/<calendar>.csv` lists a nation's public holidays.
Money is read as exact decimals and multipliers as fractions; a float anywhere is refused.
"""

from __future__ import annotations

import csv
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from hub.errors import ConfigurationError


def _exact(value: Any) -> str:
    if isinstance(value, float):
        raise ValueError("write money and multipliers as quoted strings, not floats")
    if isinstance(value, int | str):
        return str(value)
    raise ValueError(f"expected a quoted number, got {type(value).__name__}")


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(_exact(value))
    except InvalidOperation as error:
        raise ValueError(f"not an amount: {value!r}") from error
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"an amount is pounds and at most two decimals of pence: {value!r}")
    return amount


def _fraction(value: Any) -> Fraction:
    try:
        result = Fraction(_exact(value))
    except (ValueError, ZeroDivisionError) as error:
        raise ValueError(f"not a multiplier: {value!r}") from error
    if result < 0:
        raise ValueError(f"a multiplier is not negative: {value!r}")
    return result


Money = Annotated[Decimal, BeforeValidator(_money)]
Multiplier = Annotated[Fraction, BeforeValidator(_fraction)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Source(_Strict):
    """A public source a rate set follows, and what it was used for."""

    title: str
    url: str | None = None
    used_for: str


class NoticeBand(_Strict):
    """Rest day duty notified with fewer than `under_days` clear days (None: any notice)."""

    under_days: int | None = None
    multiplier: Multiplier


class NationRules(_Strict):
    """The enhancements of one nation's police regulations."""

    holidays: str
    enhanced_ranks: frozenset[str]
    overtime: Multiplier
    public_holiday: Multiplier
    minimum_hours: Multiplier
    rest_day_notice: tuple[NoticeBand, ...] = Field(min_length=1)
    cancellation_under_days: int

    @model_validator(mode="after")
    def _last_band_is_open(self) -> NationRules:
        if self.rest_day_notice[-1].under_days is not None:
            raise ValueError("the last rest_day_notice band must have no under_days")
        return self

    def rest_day_multiplier(self, notice_days: int | None) -> Fraction:
        """The rest-day multiplier for `notice_days` clear days of notice (None: unknown,
        priced as the shortest notice)."""
        for band in self.rest_day_notice:
            if band.under_days is None or notice_days is None or notice_days < band.under_days:
                return band.multiplier
        raise AssertionError("the last band is open")  # pragma: no cover


class RateSet(_Strict):
    """One charging rate set, as its YAML file holds it."""

    valid_from: date
    title: str
    description: str
    sources: tuple[Source, ...] = Field(min_length=1)
    illustrative: tuple[str, ...] = ()
    time_zone: str
    rounding_minutes: int = Field(gt=0, le=60)
    normal_tour_hours: Multiplier
    hourly_cost: dict[str, Money]
    travel_time_multiplier: Multiplier
    travel_fare_per_seat: dict[str, Money]
    accommodation_per_room_night: Money
    subsistence_per_officer_night: Money
    nations: dict[str, str]
    rules: dict[str, NationRules]

    @model_validator(mode="after")
    def _nations_have_rules(self) -> RateSet:
        missing = sorted(set(self.nations.values()) - set(self.rules))
        if missing:
            raise ValueError(f"nations name rules that are not defined: {missing}")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {self.time_zone!r}") from error
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def rules_for(self, country: str) -> NationRules:
        """The rules of a force's country (the force code list's `country`)."""
        nation = self.nations.get(country)
        if nation is None:
            raise ConfigurationError(
                "UNKNOWN_NATION", f"rate set {self.valid_from} has no rules for {country!r}"
            )
        return self.rules[nation]

    def hourly(self, rank: str) -> Decimal:
        """The hourly cost of a rank."""
        if not rank:  # a provisional officer: named by a roster, HR has not sent the record
            raise ConfigurationError(
                "RANK_NOT_KNOWN",
                "a deployed officer has no rank yet (a provisional officer a roster named): "
                "import the officer's HR record, then price the operation again",
            )
        cost = self.hourly_cost.get(rank)
        if cost is None:
            raise ConfigurationError(
                "UNKNOWN_RANK", f"rate set {self.valid_from} has no hourly cost for {rank!r}"
            )
        return cost


@dataclass(frozen=True)
class Rates:
    """Every rate set (oldest first) and every holiday calendar."""

    sets: tuple[RateSet, ...]
    holidays: dict[str, frozenset[date]]

    def for_day(self, day: date) -> RateSet:
        """The rate set in force on `day`."""
        index = bisect_right([s.valid_from for s in self.sets], day)
        if index == 0:
            raise ConfigurationError("NO_RATE_SET", f"no rate set is in force on {day}")
        return self.sets[index - 1]

    def is_holiday(self, rules: NationRules, day: date) -> bool:
        return day in self.holidays[rules.holidays]


def rates_folder() -> Path:
    """The repository's `standards/rates` folder."""
    return Path(__file__).resolve().parents[2] / "standards" / "rates"


def load_rates(folder: Path | None = None) -> Rates:
    """Every rate set and holiday calendar of `folder` (default: `standards/rates`), checked."""
    folder = folder or rates_folder()
    sets = tuple(sorted((_rate_set(path) for path in folder.glob("*.yaml")), key=_valid_from))
    if not sets:
        raise ConfigurationError("NO_RATE_SET", f"no rate set in {folder}")
    holidays = {path.stem: _holidays(path) for path in (folder / "holidays").glob("*.csv")}
    for rate_set in sets:
        missing = {rules.holidays for rules in rate_set.rules.values()} - set(holidays)
        if missing:
            raise ConfigurationError(
                "UNKNOWN_CALENDAR",
                f"rate set {rate_set.valid_from} names holiday calendars not in "
                f"{folder / 'holidays'}: {sorted(missing)}",
            )
    return Rates(sets, holidays)


@lru_cache(maxsize=1)
def standard_rates() -> Rates:
    """The published rate sets (read once per process)."""
    return load_rates()


def _valid_from(rate_set: RateSet) -> date:
    return rate_set.valid_from


def _rate_set(path: Path) -> RateSet:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        rate_set = RateSet.model_validate(loaded)
    except (yaml.YAMLError, ValidationError) as error:
        raise ConfigurationError("BAD_RATE_SET", str(error), file=str(path)) from error
    if path.stem != rate_set.valid_from.isoformat():
        raise ConfigurationError(
            "BAD_RATE_SET", "the file is named after its valid_from date", file=str(path)
        )
    return rate_set


def _holidays(path: Path) -> frozenset[date]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    try:
        return frozenset(date.fromisoformat(row["date"]) for row in rows)
    except (KeyError, ValueError) as error:
        raise ConfigurationError("BAD_HOLIDAYS", str(error), file=str(path)) from error
