"""The roster findings of an import (hub.adapters.write.findings) are those of the roster rules
over every duty of the file's officers, though the check reads only the duties near another."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hub.adapters.write import findings
from hub.config import Settings
from hub.domain.roster import Availability, Duty, conflicts
from tests.workflow.test_import_rosters import OFFICERS, ROSTER, SETUP, _import

DAY0 = datetime(2026, 11, 1)
WINDOWS: dict[str, tuple[str, str, str] | None] = {f"MET{n}": None for n in range(1, 9)}
WINDOWS["MET9"] = ("UNAVAILABLE", "2026-11-03", "2026-11-03")


def _roster(seed: int) -> tuple[str, list[tuple[int, Duty]]]:
    """Random duties of three officers over five days, some exactly a rest apart; the CSV
    rows and each row's line with its duty."""
    rng = random.Random(seed)
    lines = ["Unit,Request,Duty,Start,End,Day,Officer"]
    duties: list[tuple[int, Duty]] = []
    ids = {name: number for number, name in enumerate(WINDOWS)}
    starts: list[datetime] = []
    for number in range(30):
        if starts and rng.random() < 0.3:  # a start 11 hours after an earlier duty's end
            start = rng.choice(starts) + timedelta(hours=8 + 11)
        else:
            start = DAY0 + timedelta(hours=rng.randrange(0, 4 * 24))
        starts.append(start)
        end = start + timedelta(hours=8)
        officer = rng.choice(list(WINDOWS))
        stamp = "%Y-%m-%dT%H:%M:%SZ"
        lines.append(
            f"U{number},R1,DU{number},{start.strftime(stamp)},{end.strftime(stamp)},"
            f"{start.date().isoformat()},{officer}"
        )
        duties.append((len(lines), Duty(ids[officer], number, f"DU{number}", start, end)))
    return "\n".join(lines) + "\n", duties


def _expected(duties: list[tuple[int, Duty]]) -> list[tuple[int, str, str, str]]:
    """The roster rules over every duty (all this file's): line, code, value, message."""
    windows: dict[int, Availability] = {}
    for number, window in enumerate(WINDOWS.values()):
        if window is not None:
            status, start, end = window
            windows[number] = Availability(
                status, datetime.fromisoformat(start).date(), datetime.fromisoformat(end).date()
            )
    line = {duty: at for at, duty in duties}
    return sorted(
        (line[found.duty], found.code, found.duty.reference, found.message())
        for found in conflicts([duty for _, duty in duties], windows, timedelta(hours=11))
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_an_imports_roster_findings_are_those_of_every_duty_and_read_only_the_near_ones(
    settings: Settings,
    engine: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("HUB_ROSTER_MIN_REST_HOURS", "11")
    judged: list[int] = []
    rule = findings.row_conflicts

    def counted(duty_rows: Any, window_rows: Any, min_rest: timedelta) -> Any:
        rows = list(duty_rows)
        judged.append(len(rows))
        return rule(rows, window_rows, min_rest)

    monkeypatch.setattr(findings, "row_conflicts", counted)
    _import(tmp_path, "setup", SETUP, "Request\nR1\n")
    officers = "Number,Availability,From,To\n" + "".join(
        f"{name},{','.join(window or ('', '', ''))}\n" for name, window in WINDOWS.items()
    )
    assert _import(tmp_path, "officers", OFFICERS, officers)["rejects"] == []
    rows, duties = _roster(seed)
    report = _import(tmp_path, "roster", ROSTER, rows)
    assert report["rejected"] == 0, [
        (r["line"], r["code"], r["message"]) for r in report["rejects"]
    ]
    got = sorted((f["line"], f["code"], f["value"], f["message"]) for f in report["findings"])
    expected = _expected(duties)
    assert got == expected and expected
    # the check judged only duties near another (or of the officer with a window), not all
    near = {
        duty
        for _, duty in duties
        for _, other in duties
        if other.officer == duty.officer
        and other.duty_unit != duty.duty_unit
        and other.starts_at < duty.ends_at + timedelta(hours=11, seconds=1)
        and duty.starts_at < other.ends_at + timedelta(hours=11, seconds=1)
    }
    windowed = {duty for _, duty in duties if duty.officer == len(WINDOWS) - 1}
    assert judged == [len(near | windowed)] and judged[0] < len(duties)
