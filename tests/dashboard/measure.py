"""Time the dashboard in headless Chromium with the browser's Performance API (not a test).

    .venv/bin/python -m tests.dashboard.measure http://127.0.0.1:8000/ KEY --runs 3

Prints, per run, the first contentful paint, when every chart was drawn (`overview-ready`) and
each chart's request time; then each chart document's request alone, one after another
(docs/performance.md, "The dashboard on the COP26 demo").
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser import chromium_path

DOCUMENTS = Path(__file__).resolve().parents[2] / "dashboard" / "documents"
OVERVIEW = """() => ({
  firstContentfulPaint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
  overviewReady: performance.getEntriesByName("overview-ready")[0]?.startTime,
  charts: Object.fromEntries([...document.querySelectorAll("[data-chart]")].map(
    (card) => [card.dataset.chart, Number(card.dataset.ms)])),
})"""
ALONE = """async ([key, query, variables]) => {
  performance.clearResourceTimings();
  const response = await fetch("graphql", {method: "POST", body: JSON.stringify({query, variables}),
    headers: {"content-type": "application/json", authorization: `Bearer ${key}`}});
  await response.json();
  return performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/graphql"))
    .pop().duration;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("key")
    parser.add_argument("--operation", default="COP26")
    parser.add_argument("--nights", default="2021-10-30:2021-11-13", help="START:END")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    start, end = args.nights.split(":")
    alone = {
        "DeployedPerDay": {"operation": args.operation, "groupBy": ["DAY", "REGION"]},
        "DutyDaysByForce": {"operation": args.operation},
        "RequestsByStatus": {"operation": args.operation},
        "FillRates": {"operation": args.operation},
        "MutualAid": {"operation": args.operation},
        "Occupancy": {"nights": {"start": start, "end": end}},
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(args.url)
        page.evaluate("(key) => sessionStorage.setItem('hub.dashboard.key', key)", args.key)
        for _ in range(args.runs):
            page.goto(f"{args.url}#/overview/{args.operation}")
            page.reload()
            page.wait_for_selector("body[data-ready=true]", timeout=120_000)
            print("overview", json.dumps(page.evaluate(OVERVIEW)))
        for _ in range(args.runs):
            times = {
                name: round(
                    page.evaluate(ALONE, [args.key, (DOCUMENTS / f"{name}.graphql").read_text(), v])
                )
                for name, v in alone.items()
            }
            print("alone", json.dumps(times))
        browser.close()


if __name__ == "__main__":
    main()
