"""Subscriptions over a real socket: the npm `graphql-ws` client against `hub serve`, the key
in the `connection_init` payload as a browser must send it (it cannot set headers)."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import DemoHub

CLIENT = Path(__file__).with_name("subscribe.mjs")
ROOT = Path(__file__).resolve().parents[2]
SUBSCRIBE = "subscription { requestEvents { reference requestingForce action toStatus } }"
RAISE = """
mutation($input: RaiseRequestInput!) { raiseRequest(input: $input) { reference status } }
"""
WAIT_S = 20  # the longest to wait for one line from the client before calling it stuck


class Subscriber:
    """A running client: its printed events, one at a time."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def event(self, wait_s: float = WAIT_S) -> dict[str, Any]:
        try:
            line = self.lines.get(timeout=wait_s)
        except queue.Empty:
            pytest.fail(f"the client printed nothing in {wait_s} s")
        event: dict[str, Any] = json.loads(line)
        return event

    def maybe_event(self, wait_s: float) -> dict[str, Any] | None:
        try:
            return dict(json.loads(self.lines.get(timeout=wait_s)))
        except queue.Empty:
            return None


@contextmanager
def subscriber(hub: DemoHub, params: dict[str, Any]) -> Iterator[Subscriber]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed for the graphql-ws client (`make node`)")
    url = hub.url.replace("http://", "ws://") + "/graphql"
    process = subprocess.Popen(
        [node, str(CLIENT), url, json.dumps(params), SUBSCRIBE],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    client = Subscriber(process)
    try:
        yield client
    finally:
        assert process.stdin is not None
        process.stdin.close()  # the client disposes of its socket and ends
        try:
            process.wait(WAIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        client.reader.join(WAIT_S)
        assert process.stdout is not None
        process.stdout.close()


def raise_request(hub: DemoHub) -> str:
    variables = {
        "input": {
            "capability": "PUBLIC_ORDER_L2",
            "quantity": 4,
            "startsOn": "2026-11-01",
            "endsOn": "2026-11-03",
            "description": "raised by the subscription test",
        }
    }
    response = httpx.post(
        hub.url + "/graphql",
        json={"query": RAISE, "variables": variables},
        headers={"authorization": f"Bearer {hub.keys['partner']}"},
    )
    body = response.json()
    assert "errors" not in body, body
    reference: str = body["data"]["raiseRequest"]["reference"]
    return reference


@pytest.mark.parametrize(
    "params",
    [
        pytest.param(lambda key: {"Authorization": f"Bearer {key}"}, id="authorization"),
        pytest.param(lambda key: {"apiKey": key}, id="apiKey"),
    ],
)
def test_a_mutation_reaches_a_subscriber_over_a_real_socket(demo_hub: DemoHub, params: Any) -> None:
    with subscriber(demo_hub, params(demo_hub.keys["stakeholder"])) as client:
        assert client.event() == {"event": "connected"}
        raised: list[str] = []
        event = None
        # The subscription starts a moment after the connection: raise until it reports one.
        while event is None and len(raised) < 5:
            raised.append(raise_request(demo_hub))
            event = client.maybe_event(wait_s=3)
        assert event is not None, "no event arrived"
        assert event["event"] == "next", event
        assert "errors" not in event["payload"], event
        notice = event["payload"]["data"]["requestEvents"]
        assert notice["reference"] in raised
        assert (notice["requestingForce"], notice["action"]) == ("police-scotland", "RAISE")


@pytest.mark.parametrize(
    "params",
    [
        {"Authorization": "Bearer hub_not-a-key"},
        {"apiKey": "hub_not-a-key"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"apiKey": 12},
        {},  # `hub serve` answers no one without a key
    ],
)
def test_a_bad_or_missing_key_closes_the_socket_with_4403(
    demo_hub: DemoHub, params: dict[str, Any]
) -> None:
    with subscriber(demo_hub, params) as client:
        event = client.event()
    assert event == {"event": "closed", "code": 4403, "reason": "Forbidden"}
