"""The dashboard's cost recovery view in headless Chromium, against a served hub: the statements
and totals the API returns for the same document, a statement's lines for a coordinator, totals
only and no names for a stakeholder, the printable statement, and CSV export of the lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser import Chromium, Visit
from tests.dashboard.conftest import ARTEFACTS, DashboardHub

DOCUMENTS = Path(__file__).resolve().parents[2] / "dashboard" / "documents"
OPERATION = "COP26"
#: A duty unit's reference a spreadsheet would run as a formula (its tour lines carry it).
FORMULA_REFERENCE = "=1+2"


@pytest.fixture(scope="module")
def costs_hub(dashboard_hub: DashboardHub) -> Iterator[DashboardHub]:
    """The served fixture, the first deployed duty unit renamed as a formula, and one statement
    agreed (`hub costs agree`)."""
    dashboard_hub.rows(
        f"UPDATE duty_unit SET reference = '{FORMULA_REFERENCE}' "
        "WHERE id = (SELECT duty_unit_id FROM deployment ORDER BY id LIMIT 1)"
    )
    agree = ["costs", "agree", "--operation", OPERATION, "--from", "northumbria"]
    subprocess.run(
        [
            str(Path(sys.executable).with_name("hub")),
            *agree,
            "--to",
            "police-scotland",
            "--note",
            "as priced",
        ],
        env={**os.environ, "HUB_DATABASE_URL": f"sqlite+aiosqlite:///{dashboard_hub.database}"},
        check=True,
        capture_output=True,
    )
    yield dashboard_hub


def _query(hub: DashboardHub, name: str, variables: dict[str, Any], key: str) -> Any:
    response = httpx.post(
        f"{hub.url}/graphql",
        json={"query": (DOCUMENTS / f"{name}.graphql").read_text(), "variables": variables},
        headers={"authorization": f"Bearer {key}"},
    )
    return response.json()


def _pounds(amount: str | None) -> str:
    if amount is None:
        return "\u2013"  # an en dash, as the page shows nothing
    whole, _, pence = amount.partition(".")
    return f"{'-' if whole.startswith('-') else ''}£{abs(int(whole)):,}.{pence.ljust(2, '0')}"


def _listed(statement: dict[str, Any]) -> list[str]:
    """A statement's row as the list should show it."""
    agreement = statement["agreement"]
    return [
        statement["providingForce"]["name"],
        statement["requestingForce"]["name"],
        str(statement["deployments"]),
        _pounds(statement["total"]),
        agreement["status"].capitalize() if agreement else "Not yet agreed",
        _pounds(agreement["total"] if agreement else None),
        _pounds(statement["difference"]),
    ]


def _costs(visit: Visit, hub: DashboardHub, key: str) -> None:
    visit.page.goto(hub.url + "/")
    visit.page.fill("#api-key", key)
    visit.page.click("#sign-in button[type=submit]")
    visit.page.wait_for_selector("body[data-ready=true]")
    visit.page.click("#views a[href='#/costs']")
    visit.page.wait_for_selector("#costs[data-state=ready]")


def _rows(visit: Visit, table: str) -> list[list[str]]:
    rows: list[list[str]] = visit.page.eval_on_selector_all(
        f"{table} tbody tr", "rows => rows.map((tr) => [...tr.children].map((c) => c.textContent))"
    )
    return rows


def _open(visit: Visit, index: int) -> None:
    visit.page.click(f"#cost-statements button[data-statement='{index}']")
    visit.page.wait_for_selector("#cost-statement[data-state=ready]")


def _shot(visit: Visit, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=ARTEFACTS / f"{name}.png", full_page=True)


def test_a_coordinator_sees_every_statement_and_its_lines(
    chromium: Chromium, costs_hub: DashboardHub
) -> None:
    key = costs_hub.keys["coordinator"]
    statements = _query(costs_hub, "CostStatements", {"operation": OPERATION}, key)
    assert "errors" not in statements, statements
    expected = [_listed(statement) for statement in statements["data"]["costStatements"]]
    assert len(expected) >= 2, "the fixture should give several statements"
    assert ["Agreed", "£0.00"] in [row[4:7:2] for row in expected]
    with chromium.visit(costs_hub.url) as visit:
        _costs(visit, costs_hub, key)
        assert [row[:7] for row in _rows(visit, "#cost-statements")] == expected
        first = statements["data"]["costStatements"][0]
        _open(visit, 0)
        variables = {
            "operation": OPERATION,
            "providingForce": first["providingForce"]["code"],
            "requestingForce": first["requestingForce"]["code"],
            "first": 100,
            "offset": 0,
        }
        lines = _query(costs_hub, "CostStatementLines", variables, key)["data"]["costStatement"]
        got = [(row[1], row[8]) for row in _rows(visit, "#statement-line-table")]
        assert got == [(line["reference"], _pounds(line["amount"])) for line in lines["lines"]]
        assert got, "the statement should have lines"
        _shot(visit, "costs-coordinator")


def test_a_stakeholder_sees_totals_and_no_lines_or_names(
    chromium: Chromium, costs_hub: DashboardHub
) -> None:
    key = costs_hub.keys["stakeholder"]
    refused = _query(
        costs_hub,
        "CostStatementLines",
        {
            "operation": OPERATION,
            "providingForce": "x",
            "requestingForce": "y",
            "first": 1,
            "offset": 0,
        },
        key,
    )
    assert refused["data"]["costStatement"] is None
    statements = _query(costs_hub, "CostStatements", {"operation": OPERATION}, key)
    totals = [_pounds(s["total"]) for s in statements["data"]["costStatements"]]
    rows = costs_hub.rows("SELECT given_name, family_name, service_number FROM officer")
    names = {str(value) for row in rows for value in row if value}
    sent: list[str] = []
    with chromium.visit(costs_hub.url) as visit:
        visit.page.on(
            "request",
            lambda request: (
                sent.append(json.loads(request.post_data or "{}").get("operationName", ""))
                if request.url.endswith("/graphql")
                else None
            ),
        )
        _costs(visit, costs_hub, key)
        assert [row[3] for row in _rows(visit, "#cost-statements")] == totals
        _open(visit, 0)
        assert visit.page.locator("#statement-totals").is_visible()
        assert visit.page.locator("#no-lines").is_visible()
        assert visit.page.locator("#statement-line-table").count() == 0
        text = visit.page.inner_text("body")
        _shot(visit, "costs-stakeholder")
    assert "CostStatements" in sent
    assert "CostStatementLines" not in sent
    assert not [name for name in names if name in text]


def test_the_statement_prints_without_the_list_or_controls(
    chromium: Chromium, costs_hub: DashboardHub
) -> None:
    with chromium.visit(costs_hub.url) as visit:
        _costs(visit, costs_hub, costs_hub.keys["partner"])
        _open(visit, 0)
        visit.page.emulate_media(media="print")
        assert visit.page.locator("#statement-title").is_visible()
        assert visit.page.locator("#statement-line-table").is_visible()
        for hidden in ("#cost-list", "#print-statement", "#views", "#cost-operation"):
            assert visit.page.locator(hidden).is_hidden(), hidden
        _shot(visit, "costs-print")
        assert len(visit.page.pdf(format="A4")) > 1000


def test_csv_of_the_lines_neutralises_formula_cells(
    chromium: Chromium, costs_hub: DashboardHub
) -> None:
    key = costs_hub.keys["coordinator"]
    statements = _query(costs_hub, "CostStatements", {"operation": OPERATION}, key)
    with chromium.visit(costs_hub.url) as visit:
        _costs(visit, costs_hub, key)
        for index in range(len(statements["data"]["costStatements"])):
            _open(visit, index)
            if visit.page.locator(
                f"#statement-line-table td:text-is('{FORMULA_REFERENCE}')"
            ).count():
                break
        else:
            pytest.fail("no statement shows the renamed duty unit on its first page")
        with visit.page.expect_download() as download:
            visit.page.click("#statement-lines [data-action=csv]")
        text = Path(download.value.path()).read_bytes().decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == (
        "Kind,Reference,Date,Rank,Officers,Status,Hours by rate,Hourly cost,Amount,Classification"
    )
    assert all(line.endswith(",OFFICIAL") for line in lines[1:] if line), lines[:3]
    assert any(line.startswith(f"Tour,'{FORMULA_REFERENCE},") for line in lines), lines[:3]
    assert not any(f",{FORMULA_REFERENCE}," in line for line in lines)


def test_a_marked_operations_statement_is_stamped_top_and_bottom(
    chromium: Chromium, costs_hub: DashboardHub
) -> None:
    key = costs_hub.keys["coordinator"]
    headers = {"authorization": f"Bearer {key}"}
    found = httpx.post(
        f"{costs_hub.url}/graphql",
        json={"query": "{ operations(first: 20) { nodes { id code } } }"},
        headers=headers,
    ).json()
    operation = next(
        op["id"] for op in found["data"]["operations"]["nodes"] if op["code"] == OPERATION
    )
    mark = (
        "mutation($id: ID!, $c: Classification!) "
        "{ markClassification(id: $id, classification: $c) { classification } }"
    )

    def marked(classification: str) -> None:
        answer = httpx.post(
            f"{costs_hub.url}/graphql",
            json={"query": mark, "variables": {"id": operation, "c": classification}},
            headers=headers,
        ).json()
        assert answer["data"]["markClassification"]["classification"] == classification, answer

    marked("OFFICIAL_SENSITIVE")
    try:
        with chromium.visit(costs_hub.url) as visit:
            _costs(visit, costs_hub, key)
            assert visit.page.inner_text("#cost-list-marking") == "OFFICIAL-SENSITIVE"
            _open(visit, 0)
            assert visit.page.inner_text("#statement-marking") == "OFFICIAL-SENSITIVE"
            assert visit.page.inner_text("#statement-marking-foot") == "OFFICIAL-SENSITIVE"
            with visit.page.expect_download() as download:
                visit.page.click("#cost-list [data-action=csv]")
            text = Path(download.value.path()).read_bytes().decode("utf-8")
        rows = [line for line in text.split("\r\n")[1:] if line]
        assert rows and all(line.endswith(",OFFICIAL-SENSITIVE") for line in rows), rows[:2]
    finally:
        marked("OFFICIAL")
