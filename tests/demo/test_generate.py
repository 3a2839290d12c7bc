"""`hub generate`: the synthetic operation and its exports."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hub.demo.exports import write_exports
from hub.demo.generate import generate
from hub.demo.model import HOST, TEMPLATES


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    write_exports(generate("small", seed=7), tmp_path / "a")
    write_exports(generate("small", seed=7), tmp_path / "b")
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first.keys() == second.keys()
    assert "manifest.json" in first
    for name, data in first.items():
        assert second[name] == data, name


def test_another_seed_writes_other_data(tmp_path: Path) -> None:
    write_exports(generate("small", seed=7), tmp_path / "a")
    write_exports(generate("small", seed=8), tmp_path / "b")
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert any(second.get(name) != data for name, data in first.items())


def test_the_host_provides_about_45_percent_of_officers() -> None:
    operation = generate("small")
    host = sum(1 for officer in operation.officers if officer.force == HOST)
    assert abs(host / len(operation.officers) - 0.45) < 0.01
    days = [officer.busy.bit_count() for officer in operation.officers]
    assert 5 <= sum(days) / len(days) <= 9


def test_units_follow_their_templates_and_psus_are_full_where_officers_allow() -> None:
    operation = generate("small")
    psu = next(t for t in TEMPLATES if t.kind == "PSU")
    assert psu.size == 25
    assert Counter(rank for rank, _, count in psu.slots for _ in range(count)) == {
        "INSP": 1,
        "SGT": 3,
        "PC": 21,
    }
    psus = [unit for unit in operation.units if unit.template.kind == "PSU"]
    full = [
        u for u in psus if Counter(o.rank for o, _ in u.members) == {"INSP": 1, "SGT": 3, "PC": 21}
    ]
    assert full
    for unit in operation.units:
        assert 1 <= len(unit.members) <= unit.template.size
        assert len({officer.service_number for officer, _ in unit.members}) == len(unit.members)
        assert 1 <= len(unit.duty_units) <= 2


def test_no_officer_is_in_two_units_on_one_day() -> None:
    operation = generate("small")
    seen: set[tuple[str, str, int]] = set()
    for unit in operation.units:
        for duty in unit.duty_units:
            for officer, _ in unit.members:
                key = (officer.force, officer.service_number, duty.day)
                assert key not in seen
                seen.add(key)


def test_the_exports_carry_rows_meant_to_be_rejected(tmp_path: Path) -> None:
    operation = generate("small")
    write_exports(operation, tmp_path)
    codes = {bad.code for bad in operation.bad_rows}
    assert {"UNKNOWN_CODE", "MISSING_VALUE", "BAD_DATE", "BAD_RANGE"} <= codes
