"""The minimum rest of the roster findings follows HUB_ROSTER_MIN_REST_HOURS from one import to
the next in the same process (the check reads the settings once for the same environment)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.config import Settings
from tests.workflow.test_import_rosters import OFFICERS, ROSTER, SETUP, _import

# two 8-hour duties of one officer with 8 hours between them, in units of their own
HEADER = "Unit,Request,Duty,Start,End,Day,Officer\n"


def _rows(officer: str, prefix: str) -> str:
    return HEADER + (
        f"{prefix}1,R1,{prefix}D1,2026-11-02T08:00:00Z,2026-11-02T16:00:00Z,2026-11-02,{officer}\n"
        f"{prefix}2,R1,{prefix}D2,2026-11-03T00:00:00Z,2026-11-03T08:00:00Z,2026-11-03,{officer}\n"
    )


def test_the_minimum_rest_follows_the_setting_between_imports(
    settings: Settings, engine: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    _import(tmp_path, "setup", SETUP, "Request\nR1\n")
    officers = "Number,Availability,From,To\nMET1,,,\nMET2,,,\n"
    assert _import(tmp_path, "officers", OFFICERS, officers)["rejects"] == []
    codes = []
    for hours, officer, prefix in (("11", "MET1", "A"), ("6", "MET2", "B"), ("11", "MET2", "C")):
        monkeypatch.setenv("HUB_ROSTER_MIN_REST_HOURS", hours)
        report = _import(tmp_path, f"roster-{prefix}", ROSTER, _rows(officer, prefix))
        assert report["rejected"] == 0, report["rejects"]
        codes.append(sorted({f["code"] for f in report["findings"]}))
    # 8 hours of rest: short at 11, enough at 6; at 11 again MET2's B duties are short too
    assert codes[0] and not codes[1] and codes[2], codes
