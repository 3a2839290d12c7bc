"""The dashboard in headless Chromium, against a served hub: sign-in by role, every chart's
figures against the API's answer to the same document, no names for stakeholders, the
drill-down with a purpose, the live board, CSV export. Screenshots go to
var/test-artefacts/dashboard/."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import Chromium, Visit
from tests.dashboard.conftest import ARTEFACTS, FORMULA_NAME, DashboardHub

DOCUMENTS = Path(__file__).resolve().parents[2] / "dashboard" / "documents"
OPERATION = "COP26"


def _query(hub: DashboardHub, name: str, variables: dict[str, Any], key: str) -> Any:
    """The hub's answer to a dashboard document, asked directly over HTTP."""
    response = httpx.post(
        f"{hub.url}/graphql",
        json={"query": (DOCUMENTS / f"{name}.graphql").read_text(), "variables": variables},
        headers={"authorization": f"Bearer {key}"},
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def _sign_in(visit: Visit, hub: DashboardHub, key: str) -> None:
    visit.page.goto(hub.url + "/")
    visit.page.fill("#api-key", key)
    visit.page.click("#sign-in button[type=submit]")


def _overview(visit: Visit, hub: DashboardHub, key: str) -> None:
    _sign_in(visit, hub, key)
    visit.page.wait_for_selector("body[data-ready=true]")


def _shot(visit: Visit, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=ARTEFACTS / f"{name}.png", full_page=True)


def _column(visit: Visit, chart: str, column: str) -> list[float]:
    """The numbers in one column of a chart's table, as the page shows them."""
    cells: list[str] = visit.page.evaluate(
        """([chart, column]) => {
            const table = document.querySelector(`#${chart} table.data-table`);
            const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
            const index = heads.indexOf(column);
            if (index < 0) throw new Error(`no column ${column} in ${heads}`);
            return [...table.querySelectorAll("tbody tr")].map(
                (tr) => tr.children[index].textContent);
        }""",
        [chart, column],
    )
    return sorted(float(cell.replace(",", "")) for cell in cells)


def _flows(data: Any) -> list[float]:
    return sorted(
        row["officerDutyDays"]
        for row in data["flows"]
        if row["force"]["code"] != row["requestingForce"]["code"]
    )


#: Each chart: its document and variables, the figures of the API's answer, the table column.
CHARTS = [
    (
        "deployed-per-day",
        "DeployedPerDay",
        {"groupBy": ["DAY", "REGION"]},
        lambda d: sorted(r["officers"] for r in d["officerDutyDays"]),
        "Officers",
    ),
    (
        "duty-days-by-force",
        "DutyDaysByForce",
        {},
        lambda d: sorted(r["officerDutyDays"] for r in d["officerDutyDays"]),
        "Duty-days",
    ),
    (
        "requests-by-status",
        "RequestsByStatus",
        {},
        lambda d: sorted(r["requests"] for r in d["requestCounts"]),
        "Requests",
    ),
    (
        "fill-rate-by-capability",
        "FillRates",
        {},
        lambda d: sorted(r["committed"] for r in d["requestFillRates"]),
        "Committed",
    ),
    (
        "mutual-aid-balance",
        "MutualAid",
        {},
        lambda d: sorted(r["received"] for r in d["mutualAidBalance"]),
        "Officer-days received",
    ),
    ("mutual-aid-flows", "MutualAid", {}, _flows, "Officer-days"),
    (
        "accommodation-occupancy",
        "Occupancy",
        {"nights": {"start": "2021-10-30", "end": "2021-11-13"}},
        lambda d: sorted(r["rooms"] for r in d["accommodationOccupancy"]),
        "Rooms booked",
    ),
]


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("coordinator", "National coordinator"),
        ("partner", "Force partner, Police Service of Scotland"),
        ("stakeholder", "Government stakeholder"),
    ],
)
def test_each_role_signs_in_with_its_key(
    chromium: Chromium, dashboard_hub: DashboardHub, role: str, shown: str
) -> None:
    with chromium.visit(dashboard_hub.url) as visit:
        visit.page.set_viewport_size({"width": 1280, "height": 900})
        _overview(visit, dashboard_hub, dashboard_hub.keys[role])
        assert visit.page.text_content("#role") == shown
        states = visit.page.eval_on_selector_all(
            "[data-chart]", "cards => cards.map((card) => card.dataset.state)"
        )
        assert states == ["ready"] * len(CHARTS)
        assert visit.page.locator(".chart svg").count() == len(CHARTS)
        _shot(visit, f"overview-{role}")
        assert visit.page.evaluate("sessionStorage.length") == 1
        assert visit.page.evaluate("localStorage.length") == 0


def test_hub_serve_prints_the_dashboards_url_beside_graphiqls(dashboard_hub: DashboardHub) -> None:
    log = dashboard_hub.log.read_text()
    assert f"GraphiQL: {dashboard_hub.url}/graphql" in log
    assert f"Dashboard: {dashboard_hub.url}/\n" in log


def test_a_wrong_or_ingest_key_is_refused_at_sign_in(
    chromium: Chromium, dashboard_hub: DashboardHub
) -> None:
    with chromium.visit(dashboard_hub.url, allow_errors=True) as visit:
        _sign_in(visit, dashboard_hub, "hub_not-a-key")
        assert "did not accept" in visit.page.text_content("#sign-in-error")
        _shot(visit, "sign-in-refused")
        visit.page.fill("#api-key", dashboard_hub.keys["ingest"])
        visit.page.click("#sign-in button[type=submit]")
        visit.page.wait_for_selector("text=for imports only")
        assert visit.page.evaluate("sessionStorage.length") == 0


def test_each_chart_shows_the_figures_the_api_returns(
    chromium: Chromium, dashboard_hub: DashboardHub
) -> None:
    key = dashboard_hub.keys["coordinator"]
    with chromium.visit(dashboard_hub.url) as visit:
        _overview(visit, dashboard_hub, key)
        for chart, document, variables, figures, column in CHARTS:
            asked = variables if "nights" in variables else {"operation": OPERATION, **variables}
            data = _query(dashboard_hub, document, asked, key)
            expected = figures(data)
            assert expected, f"{chart}: the fixture should give it figures"
            assert _column(visit, chart, column) == expected, chart


def test_stacking_by_force_shows_the_apis_figures(
    chromium: Chromium, dashboard_hub: DashboardHub
) -> None:
    key = dashboard_hub.keys["stakeholder"]
    variables = {"operation": OPERATION, "groupBy": ["DAY", "FORCE"]}
    data = _query(dashboard_hub, "DeployedPerDay", variables, key)
    with chromium.visit(dashboard_hub.url) as visit:
        _overview(visit, dashboard_hub, key)
        visit.page.select_option("#stack-by", "FORCE")
        heading = "#deployed-per-day th:text('Providing force')"
        visit.page.wait_for_selector(heading, state="attached")
        got = _column(visit, "deployed-per-day", "Officers")
        assert got == sorted(row["officers"] for row in data["officerDutyDays"])


def _names(hub: DashboardHub) -> set[str]:
    rows = hub.rows("SELECT given_name, family_name, service_number FROM officer")
    return {str(value) for row in rows for value in row if value}


def test_a_stakeholder_sees_no_name_anywhere(
    chromium: Chromium, dashboard_hub: DashboardHub
) -> None:
    names = _names(dashboard_hub)
    assert len(names) > 20
    with chromium.visit(dashboard_hub.url) as visit:
        _overview(visit, dashboard_hub, dashboard_hub.keys["stakeholder"])
        pages = [visit.page.content()]
        visit.page.click("#duty-days-by-force details summary")
        visit.page.click("#duty-days-by-force table button >> nth=0")
        visit.page.wait_for_selector(".drill .drill-summary")
        assert visit.page.locator("#purpose").count() == 0
        pages.append(visit.page.content())
        _shot(visit, "drill-down-stakeholder")
        visit.page.click("a[href='#/live']")
        visit.page.wait_for_selector("text=Connected: waiting for changes.")
        pages.append(visit.page.content())
    shown = [name for name in names if any(name in page for page in pages)]
    assert shown == []


def test_a_coordinator_drills_down_and_gives_a_purpose_for_names(
    chromium: Chromium, dashboard_hub: DashboardHub
) -> None:
    key = dashboard_hub.keys["coordinator"]
    purpose = "OP URRAM: checking who is on duty on the first day"
    with chromium.visit(dashboard_hub.url) as visit:
        _overview(visit, dashboard_hub, key)
        visit.page.click("#deployed-per-day details summary")
        visit.page.click("#deployed-per-day table button >> nth=0")
        summary = visit.page.wait_for_selector(".drill .drill-summary").text_content()
        title = visit.page.text_content("#drill-title")
        assert "Showing 1 to" in (summary or "")
        before = visit.page.content()
        visit.page.fill("#purpose", purpose)
        visit.page.click(".purpose-form button")
        visit.page.wait_for_selector(".drill th:text('Service number')")
        after = visit.page.content()
        _shot(visit, "drill-down-coordinator")
    names = _names(dashboard_hub)
    assert not any(name in before for name in names)
    assert any(name in after for name in names)
    audited = dashboard_hub.rows("SELECT purpose, operation_name FROM audit_log")
    assert (purpose, "DeploymentListPersonal") in audited
    assert title and "Deployments on" in title


def test_a_partner_sees_names_of_its_own_officers_only(
    chromium: Chromium, dashboard_hub: DashboardHub
) -> None:
    """A donor force's partner key: its own officers' names, others' withheld."""
    with chromium.visit(dashboard_hub.url) as visit:
        _overview(visit, dashboard_hub, dashboard_hub.keys["donor"])
        pages = {}
        visit.page.click("#duty-days-by-force details summary")
        for force in ("Metropolitan Police Service", "West Yorkshire Police"):
            visit.page.click(f"#duty-days-by-force button[aria-label*='from {force},']")
            visit.page.fill("#purpose", "Checking our officers' duties")
            visit.page.click(".purpose-form button")
            visit.page.wait_for_selector(".drill th:text('Service number')")
            pages[force] = visit.page.inner_text(".drill table")
            visit.page.click(".drill .close")
    assert "withheld" not in pages["Metropolitan Police Service"]
    assert pages["West Yorkshire Police"].count("withheld") >= 2
    names = _names(dashboard_hub)
    assert any(name in pages["Metropolitan Police Service"] for name in names)
    assert not any(name in pages["West Yorkshire Police"] for name in names)


@pytest.mark.parametrize("role", ["coordinator", "stakeholder", None])
def test_the_live_board_shows_a_change_as_it_happens(
    chromium: Chromium, dashboard_hub: DashboardHub, role: str | None
) -> None:
    key = dashboard_hub.keys["coordinator"]
    found = httpx.post(
        f"{dashboard_hub.url}/graphql",
        json={
            "query": "{ mutualAidRequests(first: 1, filter: {statuses: [FILLED]}) "
            "{ edges { node { id reference version } } } }"
        },
        headers={"authorization": f"Bearer {key}"},
    ).json()["data"]["mutualAidRequests"]["edges"][0]["node"]
    with chromium.visit(dashboard_hub.url) as visit:
        # The key goes in connection_init; with none, the hub serves the page as a stakeholder
        # (the demo's setting).
        _overview(visit, dashboard_hub, dashboard_hub.keys[role] if role else "")
        visit.page.click("a[href='#/live']")
        visit.page.wait_for_selector("text=Connected: waiting for changes.")
        cancelled = httpx.post(
            f"{dashboard_hub.url}/graphql",
            json={
                "query": "mutation($input: CancelRequestInput!) { cancelRequest(input: $input) "
                "{ status } }",
                "variables": {
                    "input": {
                        "id": found["id"],
                        "expectedVersion": found["version"],
                        "reason": "browser test",
                    }
                },
            },
            headers={"authorization": f"Bearer {key}"},
        ).json()
        assert cancelled["data"]["cancelRequest"]["status"] == "CANCELLED", cancelled
        row = visit.page.wait_for_selector(f"#live-events tr:has-text('{found['reference']}')")
        assert "Cancelled" in (row.text_content() or "")
        _shot(visit, "live-board")


def test_csv_export_neutralises_formula_cells(
    chromium: Chromium, dashboard_hub: DashboardHub
) -> None:
    with chromium.visit(dashboard_hub.url) as visit:
        _overview(visit, dashboard_hub, dashboard_hub.keys["stakeholder"])
        with visit.page.expect_download() as download:
            visit.page.click("#accommodation-occupancy [data-action=csv]")
        text = Path(download.value.path()).read_bytes().decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "Location,Night,Rooms booked,Bookings,Capacity,Occupancy (%)"
    escaped = "\"'" + FORMULA_NAME.replace('"', '""') + '"'
    assert any(line.startswith(escaped + ",") for line in lines), lines[:3]
    assert not any(line.startswith("=") for line in lines)


def test_the_overview_works_on_a_tablet_and_prints(
    chromium: Chromium, dashboard_hub: DashboardHub
) -> None:
    with chromium.visit(dashboard_hub.url) as visit:
        visit.page.set_viewport_size({"width": 768, "height": 1024})
        _overview(visit, dashboard_hub, dashboard_hub.keys["stakeholder"])
        width = visit.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 768
        _shot(visit, "overview-tablet")
        visit.page.emulate_media(media="print")
        assert visit.page.locator("#print").is_hidden()
        _shot(visit, "overview-print")


def test_keyboard_users_reach_a_list_without_a_mouse(
    chromium: Chromium, dashboard_hub: DashboardHub
) -> None:
    with chromium.visit(dashboard_hub.url) as visit:
        _overview(visit, dashboard_hub, dashboard_hub.keys["stakeholder"])
        visit.page.focus("#requests-by-status details summary")
        visit.page.keyboard.press("Enter")
        visit.page.keyboard.press("Tab")
        focused = visit.page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert focused.startswith("Show list: Requests with status")
        visit.page.keyboard.press("Enter")
        visit.page.wait_for_selector(".drill .drill-summary")
        assert visit.page.evaluate("document.activeElement.id") == "drill-title"
        visit.page.keyboard.press("Escape")
        assert visit.page.locator(".drill").is_hidden()
        assert json.loads(visit.page.evaluate("JSON.stringify(document.activeElement.ariaLabel)"))


def test_documents_go_by_hash_alone_once_the_hub_knows_them(
    chromium: Chromium, dashboard_hub: DashboardHub
) -> None:
    hashes = {
        path.stem: hashlib.sha256(path.read_text().rstrip("\n").encode()).hexdigest()
        for path in DOCUMENTS.glob("*.graphql")
    }
    with chromium.visit(dashboard_hub.url) as visit:
        _overview(visit, dashboard_hub, dashboard_hub.keys["stakeholder"])
        sent: list[dict[str, Any]] = []
        visit.page.on(
            "request",
            lambda request: (
                sent.append(json.loads(request.post_data or "{}"))
                if request.url.endswith("/graphql")
                else None
            ),
        )
        visit.page.reload()
        visit.page.wait_for_selector("body[data-ready=true]")
        assert visit.page.locator("[data-state=ready]").count() == len(CHARTS)
    assert len(sent) >= 7
    for body in sent:
        assert "query" not in body, body
        assert body["extensions"]["persistedQuery"] == {
            "version": 1,
            "sha256Hash": hashes[body["operationName"]],
        }


def test_a_click_on_a_bar_opens_the_list_behind_it(
    chromium: Chromium, dashboard_hub: DashboardHub
) -> None:
    key = dashboard_hub.keys["stakeholder"]
    with chromium.visit(dashboard_hub.url) as visit:
        _overview(visit, dashboard_hub, key)
        label = visit.page.get_attribute("#requests-by-status .chart", "aria-label")
        assert label == "Requests by status: chart. The figures are in the table below it."
        counts = _query(dashboard_hub, "RequestsByStatus", {"operation": OPERATION}, key)
        # One bar per state, in the first colour, in the order of a request's life.
        bars = visit.page.locator("#requests-by-status .chart svg path[fill='#1d70b8']")
        assert bars.count() == len(counts["requestCounts"])
        # Click where the first bar is, as a user does. Not through the locator: pointing at
        # a bar highlights it in another colour, so `path[fill=...]` then names another bar
        # (the cause of this test's occasional failures). A bar that does not answer is
        # clicked again, twice at most.
        bars.first.scroll_into_view_if_needed()
        box = bars.first.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        heading = None
        for _attempt in range(3):
            visit.page.mouse.click(x, y)
            try:
                heading = visit.page.wait_for_selector(
                    "#drill-title:has-text('Requests with status')", timeout=5_000
                )
                break
            except PlaywrightTimeout:
                continue
        assert heading is not None, "three clicks on the bar opened no drill"
        title = heading.text_content()
        summary = visit.page.text_content(".drill .drill-summary") or ""
    filled = next(row for row in counts["requestCounts"] if row["status"] == "FILLED")
    assert title == "Requests with status Filled"
    assert summary.endswith(f"of {filled['requests']}.")
