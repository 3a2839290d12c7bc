"""Every published rate set is complete and checked: a new rate set is a new file and these
tests, never a code change."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from hub.costs import Tour, load_rates, price_tour, standard_rates
from hub.errors import ConfigurationError
from hub.standard import load_vocabulary

RATES = standard_rates()


@pytest.mark.parametrize("rate_set", RATES.sets, ids=lambda s: s.valid_from.isoformat())
def test_a_rate_set_prices_every_rank_force_and_mode(rate_set) -> None:  # type: ignore[no-untyped-def]
    vocabulary = load_vocabulary()
    assert {rank.code for rank in vocabulary.ranks} <= set(rate_set.hourly_cost)
    assert {force.country for force in vocabulary.forces} <= set(rate_set.nations)
    assert {mode.code for mode in vocabulary.travel_modes} <= set(rate_set.travel_fare_per_seat)
    assert rate_set.sources and all(source.used_for for source in rate_set.sources)


@pytest.mark.parametrize("rate_set", RATES.sets, ids=lambda s: s.valid_from.isoformat())
def test_holidays_cover_the_rate_set_year(rate_set) -> None:  # type: ignore[no-untyped-def]
    for rules in rate_set.rules.values():
        days = RATES.holidays[rules.holidays]
        year = rate_set.valid_from.year
        assert date(year, 12, 25) in days and any(d.year == year + 1 for d in days)


def test_the_rate_set_in_force_is_the_latest_begun() -> None:
    assert RATES.for_day(date(2021, 11, 18)).valid_from == date(2021, 4, 1)
    assert RATES.for_day(date(2021, 11, 19)).valid_from == date(2021, 11, 19)
    with pytest.raises(ConfigurationError) as refused:
        RATES.for_day(date(2020, 1, 1))
    assert refused.value.code == "NO_RATE_SET"


def test_an_officer_without_a_rank_is_named_as_provisional_not_as_an_unknown_rank() -> None:
    rate_set = RATES.for_day(date(2021, 11, 1))
    with pytest.raises(ConfigurationError) as refused:
        rate_set.hourly("")
    assert refused.value.code == "RANK_NOT_KNOWN"
    assert "provisional" in str(refused.value)
    with pytest.raises(ConfigurationError) as unknown:
        rate_set.hourly("archbishop")
    assert unknown.value.code == "UNKNOWN_RANK"


def test_scottish_notice_periods_changed_on_19_november_2021() -> None:
    def rest_day(day: int, notice: int) -> str:
        starts = datetime(2021, 11, day, 7, tzinfo=UTC)
        tour = Tour("PC", "scotland", starts, starts.replace(hour=15), True, notice)
        return str(price_tour(tour, RATES).amount)

    # 6 clear days: under 15 (time and a half) before, under 8 (double time) after.
    assert (rest_day(18, 6), rest_day(22, 6)) == ("720.00", "960.00")


def _copy(tmp_path: Path, change: tuple[str, str] | None = None) -> Path:
    source = Path(__file__).resolve().parents[2] / "standards" / "rates"
    (tmp_path / "holidays").mkdir()
    for path in source.glob("holidays/*.csv"):
        (tmp_path / "holidays" / path.name).write_text(path.read_text())
    for path in source.glob("*.yaml"):
        text = path.read_text()
        (tmp_path / path.name).write_text(text.replace(*change) if change else text)
    return tmp_path


def test_money_written_as_a_float_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path, ('PC: "60.00"', "PC: 60.00"))
    with pytest.raises(ConfigurationError) as refused:
        load_rates(folder)
    assert refused.value.code == "BAD_RATE_SET"
    assert "quoted strings" in str(refused.value)


def test_a_new_rate_set_is_a_file(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    text = (folder / "2021-11-19.yaml").read_text()
    new = text.replace("valid_from: 2021-11-19", "valid_from: 2022-04-01").replace(
        'PC: "60.00"', 'PC: "66.00"'
    )
    (folder / "2022-04-01.yaml").write_text(new)
    rates = load_rates(folder)
    starts = datetime(2022, 4, 5, 7, tzinfo=UTC)
    tour = Tour("PC", "england", starts, starts.replace(hour=15))
    assert str(price_tour(tour, rates).amount) == "528.00"  # 8 x £66.00
