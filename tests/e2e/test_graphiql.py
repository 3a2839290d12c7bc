"""GraphiQL in headless Chromium with every outside host blocked: the page loads from the hub
alone, a user pastes a key, reads the docs and runs an example query (item 5 of issue 12)."""

from __future__ import annotations

from tests.browser import Chromium
from tests.e2e.conftest import DemoHub

WAIT = 20_000  # ms: GraphiQL's script is 3 MB, parsed on a shared two-core machine


def test_a_pasted_key_shows_the_docs_and_runs_an_example(
    chromium: Chromium, demo_hub: DemoHub
) -> None:
    from playwright.sync_api import expect

    key = demo_hub.keys["coordinator"]
    with chromium.visit(demo_hub.url, allow_errors=True) as visit:
        page = visit.page
        sent: list[tuple[str | None, str]] = []
        page.on(
            "request",
            lambda request: (
                sent.append((request.headers.get("authorization"), request.post_data))
                if request.method == "POST"
                else None
            ),
        )
        page.goto(demo_hub.url + "/graphql")
        expect(page.locator("#hub-key-status")).to_contain_text("No key", timeout=WAIT)
        page.locator(".graphiql-execute-button").click()  # `hub serve` wants a key
        expect(page.locator(".graphiql-response")).to_contain_text("UNAUTHENTICATED", timeout=WAIT)
        assert [auth for auth, _ in sent] == [None]  # no schema asked for without a key

        page.fill("#hub-key-input", key)
        page.get_by_role("button", name="Use key").click()
        expect(page.locator("#hub-key-status")).to_contain_text("Using key", timeout=WAIT)

        page.locator('button[aria-label="Show Documentation Explorer"]').click()
        docs = page.locator(".graphiql-doc-explorer")
        expect(docs).to_contain_text("Query", timeout=WAIT)
        docs.get_by_text("Query", exact=True).click()
        expect(docs).to_contain_text("mutualAidRequests", timeout=WAIT)

        page.locator(".graphiql-tab-button", has_text="ForcesByRegion").click()
        # GraphiQL takes the tab's operation name a moment after the switch (a debounced parse).
        page.wait_for_function(
            "() => sessionStorage['graphiql:operationName'] === 'ForcesByRegion'"
        )
        page.locator(".graphiql-execute-button").click()
        result = page.locator(".graphiql-response")
        # CodeMirror draws only the lines in view: the first region and its first force.
        expect(result).to_contain_text('"regions": [', timeout=WAIT)
        expect(result).to_contain_text('"name": "Derbyshire Constabulary"')

        assert {auth for auth, _ in sent[1:]} == {f"Bearer {key}"}
        assert any("__schema" in (body or "") for _, body in sent[1:])
        assert page.evaluate("sessionStorage.getItem('hub.apiKey')") == key
        stored = page.evaluate("JSON.stringify(Object.entries(localStorage))")
        assert key not in stored

        page.get_by_role("button", name="Forget key").click()
        expect(page.locator("#hub-key-status")).to_contain_text("No key")
        assert page.evaluate("sessionStorage.getItem('hub.apiKey')") is None
    # The one error the page may report is the browser's note of the refused anonymous request.
    assert all("401 (Unauthorized)" in error for error in visit.errors), visit.errors


def test_a_subscription_in_graphiql_receives_events_over_the_socket(
    chromium: Chromium, demo_hub: DemoHub
) -> None:
    from playwright.sync_api import expect

    from tests.e2e.test_subscriptions import raise_request

    with chromium.visit(demo_hub.url) as visit:
        page = visit.page
        sockets: list[str] = []
        page.on("websocket", lambda socket: sockets.append(socket.url))
        page.goto(demo_hub.url + "/graphql")
        page.fill("#hub-key-input", demo_hub.keys["stakeholder"])
        page.get_by_role("button", name="Use key").click()
        page.locator('button[aria-label="Add tab"]').click()
        page.locator(".graphiql-query-editor .CodeMirror").click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text("subscription Watch { requestEvents { reference action } }")
        page.wait_for_function("() => sessionStorage['graphiql:operationName'] === 'Watch'")
        page.locator(".graphiql-execute-button").click()
        result = page.locator(".graphiql-response")
        raised: list[str] = []
        shown = False
        # The subscription starts a moment after the socket opens: raise until one shows.
        while not shown and len(raised) < 5:
            raised.append(raise_request(demo_hub))
            try:
                expect(result).to_contain_text('"action": "RAISE"', timeout=3_000)
                shown = True
            except AssertionError:
                continue
        assert shown, result.inner_text()
        assert any(reference in result.inner_text() for reference in raised)
    assert sockets == [demo_hub.url.replace("http://", "ws://") + "/graphql"]
