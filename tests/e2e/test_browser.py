"""The browser harness itself: a page on the hub reaches the hub, and nothing else."""

from __future__ import annotations

import pytest

from tests.browser import Chromium
from tests.e2e.conftest import DemoHub


def test_a_page_reaches_its_own_origin(chromium: Chromium, demo_hub: DemoHub) -> None:
    with chromium.visit(demo_hub.url) as visit:
        visit.page.goto(demo_hub.url + "/healthz")
        status = visit.page.evaluate("fetch('/readyz').then((r) => r.json())")
    assert status == {"status": "ok", "database": "up"}


@pytest.mark.parametrize(
    "target",
    ["http://example.org/x.js", "http://localhost:1/", "ws://example.org/graphql"],
)
def test_a_request_to_another_host_fails_the_visit(
    chromium: Chromium, demo_hub: DemoHub, target: str
) -> None:
    reach = (
        "new Promise((done) => { const s = new WebSocket(url); s.onclose = s.onerror = done; })"
        if target.startswith("ws")
        else "fetch(url).catch(() => null)"
    )
    with (
        pytest.raises(AssertionError, match="reached for other hosts"),
        chromium.visit(demo_hub.url, allow_errors=True) as visit,
    ):
        visit.page.goto(demo_hub.url + "/healthz")
        visit.page.evaluate(f"(url) => {reach}", target)
    assert visit.blocked == [target]
