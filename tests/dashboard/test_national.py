"""The dashboard's national picture and demand forecast views in headless Chromium, against a
served hub: the figures and the list of forces the API returns for the same documents, the
forecast's history with and without an operation left out, the back-test said plainly, a
partner's own force as the requesting force, and a stakeholder's page with no name in it."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser import Chromium, Visit
from tests.dashboard.conftest import ARTEFACTS, DashboardHub

DOCUMENTS = Path(__file__).resolve().parents[2] / "dashboard" / "documents"
WINDOW = {"startsOn": "2021-10-31", "endsOn": "2021-11-13"}  # the fixture operation's days
SEASON = [2, 3, 4, 6, 8, 9, 8, 6, 4, 3, 2, 2]
HEADER = [
    "Reference",
    "Force",
    "Operation",
    "Capability",
    "Officers",
    "From",
    "To",
    "Status",
    "Raised",
    "Filled By",
]
ADAPTER = ("--adapter", "demo-request-history")
#: Requests of the fixture operation added in its month: leaving COP26 out removes them.
SPIKE = 30
NEED = {
    "requestingForce": "police-scotland",
    "capability": "PUBLIC_ORDER_L2",
    "startsOn": "2021-11-04",
    "endsOn": "2021-11-07",
    "quantity": 1,
    "unit": "SERIAL",
    "includeShort": True,
}


def _history(path: Path) -> Path:
    """40 months of public order requests by Kent (a seasonal pattern on a slow rise), and a
    spike of requests for COP26, as the `demo-request-history` adapter reads them."""
    rows = []
    for index in range(40):
        year, month = divmod(index, 12)
        for n in range(SEASON[month] + index // 12 + index % 3):
            first = date(2021 + year, month + 1, 2 + n)
            rows.append(["kent", "", first])
    rows += [["police-scotland", "COP26", date(2021, 11, 1 + n % 10)] for n in range(SPIKE)]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for n, (force, operation, first) in enumerate(rows):
            raised = f"{first - timedelta(days=14)}T09:00:00Z"
            request = [f"H-{n:05d}", force, operation, "PUBLIC_ORDER_L2", "8", first, first]
            writer.writerow([*request, "COMPLETED", raised, "essex"])
    return path


@pytest.fixture(scope="module")
def planning_hub(
    dashboard_hub: DashboardHub, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DashboardHub]:
    """The served fixture with a history of requests imported through `hub ingest`."""
    path = _history(tmp_path_factory.mktemp("history") / "requests.csv")
    subprocess.run(
        [str(Path(sys.executable).with_name("hub")), "ingest", *ADAPTER, str(path)],
        env={**os.environ, "HUB_DATABASE_URL": f"sqlite+aiosqlite:///{dashboard_hub.database}"},
        check=True,
        capture_output=True,
    )
    # A hub's first forecast imports statsmodels (seconds on a loaded machine): do it here, so
    # that no later request meets the operation timeout because of it.
    warm = {"capability": "PUBLIC_ORDER_L2", "months": 1, "level": 0.8, "excludeOperations": None}
    for _ in range(3):
        answer = _post(dashboard_hub, "DemandForecast", warm, dashboard_hub.keys["coordinator"])
        if "errors" not in answer:
            break
    yield dashboard_hub


def _post(hub: DashboardHub, name: str, variables: dict[str, Any], key: str) -> Any:
    response = httpx.post(
        f"{hub.url}/graphql",
        json={"query": (DOCUMENTS / f"{name}.graphql").read_text(), "variables": variables},
        headers={"authorization": f"Bearer {key}"},
        timeout=30,
    )
    return response.json()


def _query(hub: DashboardHub, name: str, variables: dict[str, Any], key: str) -> Any:
    """The hub's answer to a dashboard document, asked directly over HTTP."""
    body = _post(hub, name, variables, key)
    assert "errors" not in body, body
    return body["data"]


def _open(visit: Visit, hub: DashboardHub, key: str, view: str) -> None:
    """Sign in on the view's own address: it opens first, without the operation overview."""
    visit.page.goto(f"{hub.url}/#/{view}")
    visit.page.fill("#api-key", key)
    visit.page.click("#sign-in button[type=submit]")
    visit.page.wait_for_selector(f"#{view}[data-state=ready]", timeout=30_000)
    assert visit.page.get_attribute(f"#views a[href='#/{view}']", "aria-current") == "page"


def _rows(visit: Visit, table: str) -> list[list[str]]:
    rows: list[list[str]] = visit.page.eval_on_selector_all(
        f"{table} tbody tr", "rows => rows.map((tr) => [...tr.children].map((c) => c.textContent))"
    )
    return rows


def _number(cell: str) -> float | None:
    return None if cell == "\u2013" else float(cell.replace(",", ""))


def _shot(visit: Visit, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=ARTEFACTS / f"{name}.png", full_page=True)


def _find_forces(visit: Visit) -> None:
    page = visit.page
    page.select_option("#who-capability", NEED["capability"])
    page.fill("#who-quantity", str(NEED["quantity"]))
    page.select_option("#who-unit", NEED["unit"])
    page.select_option("#who-force", NEED["requestingForce"])
    page.fill("#who-from", NEED["startsOn"])
    page.fill("#who-to", NEED["endsOn"])
    page.check("#who-short")
    page.click("#who-form button[type=submit]")
    page.wait_for_selector("#who-can-send[data-state=ready]")


def test_the_national_picture_and_who_can_send_show_the_apis_figures(
    chromium: Chromium, planning_hub: DashboardHub
) -> None:
    key = planning_hub.keys["coordinator"]
    picture = _query(planning_hub, "NationalPicture", {**WINDOW, "capabilities": None}, key)
    days = [
        row for row in picture["nationalPicture"] if row["capability"]["code"] == "PUBLIC_ORDER_L2"
    ]
    assert any(row["requested"] for row in days), "the fixture should ask for public order officers"
    providers = _query(planning_hub, "CapacityProviders", {"input": NEED}, key)["capacityProviders"]
    assert len(providers) >= 3 and {p["canSend"] for p in providers} == {True, False}
    with chromium.visit(planning_hub.url) as visit:
        _open(visit, planning_hub, key, "national")
        page = visit.page
        assert page.input_value("#picture-from") == WINDOW["startsOn"]
        # Without a choice, the capabilities with officers or demand in the window, in order.
        busy = [
            row["capability"]["label"]
            for row in picture["nationalPicture"]
            if row["capable"] or row["requested"] or row["committed"] or row["onDuty"]
        ]
        summary = [row[0] for row in _rows(visit, "#picture-summary")]
        assert summary == list(dict.fromkeys(busy)) and "Public order level 2" in summary
        shown = _rows(visit, "#picture-public-order-l2 table")
        assert [row[0] for row in shown] == [row["day"] for row in days]
        fields = (
            "capable",
            "available",
            "requested",
            "committed",
            "onDuty",
            "uncommitted",
            "headroom",
        )
        assert [[_number(c) for c in row[1:]] for row in shown] == [
            [float(row[f]) for f in fields] for row in days
        ]
        _find_forces(visit)
        listed = _rows(visit, "#providers")
        assert [row[0] for row in listed] == [p["force"]["name"] for p in providers]
        assert [_number(row[2]) for row in listed] == sorted(p["distanceKm"] for p in providers)
        assert [row[5] for row in listed] == ["Yes" if p["canSend"] else "No" for p in providers]
        assert [_number(row[8]) for row in listed] == [
            round(p["shareAway"] * 100, 2) for p in providers
        ]
        with page.expect_download() as download:
            page.click("#who-can-send [data-action=csv]")
        lines = Path(download.value.path()).read_bytes().decode("utf-8").split("\r\n")
        assert lines[0].startswith("Force,Region,Distance (km),Officers available,Units available")
        assert len([line for line in lines[1:] if line]) == len(providers)
        _shot(visit, "national-coordinator")
        page.fill("#picture-to", "2021-10-01")  # before the first day: refused on the page
        page.click("#picture-form button[type=submit]")
        assert "on or after the first day" in page.inner_text("#picture [role=alert]")
        assert page.get_attribute("#national", "data-state") == "error"


def _history_of(forecast: dict[str, Any]) -> list[list[Any]]:
    return [[m["month"], m["value"]] for m in forecast["requests"]["history"]]


def test_the_forecast_shows_history_band_and_backtest_and_leaves_an_operation_out(
    chromium: Chromium, planning_hub: DashboardHub
) -> None:
    key = planning_hub.keys["partner"]
    asked = {"capability": "PUBLIC_ORDER_L2", "months": 12, "level": 0.8}
    whole = _query(planning_hub, "DemandForecast", {**asked, "excludeOperations": None}, key)
    left_out = _query(
        planning_hub, "DemandForecast", {**asked, "excludeOperations": ["COP26"]}, key
    )
    whole, left_out = whole["demandForecast"], left_out["demandForecast"]
    november = [m["value"] for m in whole["requests"]["history"] if m["month"] == "2021-11-01"]
    assert november[0] - SPIKE >= 0
    assert _history_of(whole) != _history_of(left_out)
    with chromium.visit(planning_hub.url) as visit:
        _open(visit, planning_hub, key, "forecast")
        page = visit.page
        shown = _rows(visit, "#forecast-requests table")
        history = [[row[0], _number(row[2])] for row in shown if row[1] == "History"]
        assert history == _history_of(whole)
        ahead = [[_number(cell) for cell in row[2:]] for row in shown if row[1] == "Forecast"]
        assert ahead == [
            [round(p[k], 1) for k in ("value", "lower", "upper")]
            for p in whole["requests"]["forecast"]
        ]
        assert len(ahead) == 12
        test = whole["requests"]["backtest"]
        assert (
            page.get_attribute("#forecast-requests-backtest", "data-beats")
            == str(test["beatsBaseline"]).lower()
        )
        verdict = page.inner_text("#forecast-requests-backtest [data-role=verdict]")
        plain = "beats" if test["beatsBaseline"] else "does not beat"
        assert verdict.startswith(f"The model {plain} the seasonal-naive baseline"), verdict
        # The band: the interval's width stacked on an invisible lower line, drawn as an area.
        assert page.locator("#forecast-requests svg path").count() > 3
        _shot(visit, "forecast-partner")
        page.check("#forecast-exclude input[value=COP26]")
        page.click("#forecast-form button[type=submit]")
        page.wait_for_selector("#forecast[data-state=ready]")
        shown = _rows(visit, "#forecast-requests table")
        assert [[r[0], _number(r[2])] for r in shown if r[1] == "History"] == _history_of(left_out)
        assert "leaving out COP26" in page.inner_text("#forecast-facts")
        # A partner asks who can send for its own force by default.
        page.click("#views a[href='#/national']")
        page.wait_for_selector("#national[data-state=ready]")
        assert page.input_value("#who-force") == "police-scotland"


def test_a_stakeholder_reads_both_views_and_no_name(
    chromium: Chromium, planning_hub: DashboardHub
) -> None:
    rows = planning_hub.rows("SELECT given_name, family_name, service_number FROM officer")
    names = {str(value) for row in rows for value in row if value}
    sent: list[str] = []
    with chromium.visit(planning_hub.url) as visit:
        page = visit.page
        page.on(
            "request",
            lambda request: (
                sent.append(json.loads(request.post_data or "{}").get("operationName", ""))
                if request.url.endswith("/graphql")
                else None
            ),
        )
        _open(visit, planning_hub, planning_hub.keys["stakeholder"], "national")
        _find_forces(visit)
        assert _rows(visit, "#providers")
        text = page.inner_text("body")
        page.click("#views a[href='#/forecast']")
        page.wait_for_selector("#forecast[data-state=ready]")
        text += page.inner_text("body")
        page.select_option("#forecast-capability", "MOUNTED")  # no history at all
        page.click("#forecast-form button[type=submit]")
        page.wait_for_selector("#forecast[data-state=error]")
        assert "Not enough history" in page.inner_text("#forecast-result [role=alert]")
        _shot(visit, "forecast-stakeholder")
    assert not [name for name in names if name in text]
    # Signed in on the view itself: the documents of these views and of the sign-in, no other.
    assert set(sent) == {
        "Viewer",
        "Operations",
        "CodeLists",
        "NationalPicture",
        "CapacityProviders",
        "DemandForecast",
    }
