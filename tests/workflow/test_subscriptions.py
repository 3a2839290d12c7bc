"""`requestEvents` over graphql-transport-ws: a request's events arrive in order, and a
stakeholder's stream carries no personal data."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.exceptions import StarletteDeprecationWarning
from starlette.websockets import WebSocketDisconnect

from hub.app import create_app
from hub.config import Settings
from hub.security.keys import create_api_key
from tests.workflow.conftest import CALLERS, MUTATIONS, offer, raise_input, step

# Starlette 1.10 asks for `httpx2` in its test client and warns about httpx; the client still
# works with httpx, and only it speaks WebSocket to an ASGI app in-process.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

SUBSCRIBE = """
subscription($filter: RequestEventFilter) {
  requestEvents(filter: $filter) {
    request reference requestingForce sequence action fromStatus toStatus commitment
    actorRole actorForce actorName changes { field from to }
  }
}
"""


@pytest.fixture
async def keys(engine: AsyncEngine) -> dict[str, str]:
    made = {}
    for name, (role, force) in {**CALLERS, "ingest": ("ingest", "metropolitan")}.items():
        made[name] = await create_api_key(
            engine, role=role, name=f"test {name}", force=force, allowed_operations=None
        )
    return made


class Client:
    def __init__(self, http: TestClient, keys: dict[str, str]) -> None:
        self.http = http
        self.keys = keys

    def ok(self, caller: str, name: str, input: dict[str, Any]) -> dict[str, Any]:
        input_type, fields = MUTATIONS[name]
        query = f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {fields} }} }}"
        response = self.http.post(
            "/graphql",
            json={"query": query, "variables": {"input": input}},
            headers={"authorization": f"Bearer {self.keys[caller]}"},
        )
        body = response.json()
        assert "errors" not in body, body
        record: dict[str, Any] = body["data"][name]
        return record

    @contextmanager
    def socket(self, caller: str | None) -> Iterator[Any]:
        headers = {} if caller is None else {"authorization": f"Bearer {self.keys[caller]}"}
        with self.http.websocket_connect(
            "/graphql", subprotocols=["graphql-transport-ws"], headers=headers
        ) as socket:
            socket.send_json({"type": "connection_init"})
            yield socket


@pytest.fixture
def client(settings: Settings, keys: dict[str, str]) -> Iterator[Client]:
    with TestClient(create_app(settings)) as http:
        yield Client(http, keys)


def _events(socket: Any, count: int) -> list[dict[str, Any]]:
    events = []
    while len(events) < count:
        message = socket.receive_json()
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        events.append(message["payload"]["data"]["requestEvents"])
    return events


def test_events_arrive_in_order_and_stakeholders_see_no_one(client: Client) -> None:
    with client.socket("donor") as donor, client.socket("stakeholder") as stakeholder:
        for socket in (donor, stakeholder):
            assert socket.receive_json()["type"] == "connection_ack"
        filter = {"requestingForces": ["police-scotland"]}
        for socket in (donor, stakeholder):
            subscribe = {"query": SUBSCRIBE, "variables": {"filter": filter}}
            socket.send_json({"id": "1", "type": "subscribe", "payload": subscribe})
        client.ok("donor2", "raiseRequest", raise_input(4))  # another force's: filtered out
        request = client.ok("host", "raiseRequest", raise_input(4))
        request = client.ok("host", "submitRequest", step(request))
        commitment = client.ok("donor", "offerCommitment", offer(request, 4))
        client.ok("host", "acceptCommitment", step(commitment))
        seen = {
            name: _events(socket, 4)
            for name, socket in [("donor", donor), ("stakeholder", stakeholder)]
        }

    for events in seen.values():
        assert [e["action"] for e in events] == ["RAISE", "SUBMIT", "OFFER", "ACCEPT"]
        assert [e["sequence"] for e in events] == [1, 2, 3, 4]
        assert {e["request"] for e in events} == {request["id"]}
        assert events[3]["commitment"] == commitment["id"]
        assert (events[3]["fromStatus"], events[3]["toStatus"]) == ("SUBMITTED", "FILLED")
    assert seen["donor"][0]["actorName"] == "test host"
    assert all(e["actorName"] is None for e in seen["stakeholder"])
    assert "test host" not in str(seen["stakeholder"])
    assert [e["actorRole"] for e in seen["stakeholder"]] == ["partner"] * 4


def test_subscribe_with_a_request_filter(client: Client) -> None:
    request = client.ok("host", "raiseRequest", raise_input(4))
    with client.socket("coordinator") as socket:
        assert socket.receive_json()["type"] == "connection_ack"
        payload = {"query": SUBSCRIBE, "variables": {"filter": {"requests": [request["id"]]}}}
        socket.send_json({"id": "1", "type": "subscribe", "payload": payload})
        client.ok("host", "raiseRequest", raise_input(2))
        client.ok("host", "updateRequest", {**step(request), "quantity": 6})
        (event,) = _events(socket, 1)
    assert event["action"] == "UPDATE"
    assert event["changes"] == [{"field": "quantity", "from": "4", "to": "6"}]


def test_what_the_socket_refuses(client: Client) -> None:
    with pytest.raises(WebSocketDisconnect) as closed, client.socket(None) as socket:
        socket.receive_json()
    assert closed.value.code == 4403
    with client.socket("host") as socket:
        assert socket.receive_json()["type"] == "connection_ack"
        mutation = {
            "query": 'mutation { submitRequest(input: {id: "x", expectedVersion: 1}) { id } }'
        }
        socket.send_json({"id": "1", "type": "subscribe", "payload": mutation})
        message = socket.receive_json()
        assert message["type"] == "error"
        assert message["payload"][0]["extensions"]["code"] == "BAD_REQUEST"
    with client.socket("ingest") as socket:
        assert socket.receive_json()["type"] == "connection_ack"
        socket.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
        message = socket.receive_json()
        assert message["type"] == "error", message
        assert message["payload"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_subscription_over_http_is_refused(client: Client) -> None:
    response = client.http.post(
        "/graphql",
        json={"query": SUBSCRIBE},
        headers={"authorization": f"Bearer {client.keys['stakeholder']}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body.get("data") is None, body
    assert body["errors"][0]["extensions"]["code"] != "INTERNAL_SERVER_ERROR", body
