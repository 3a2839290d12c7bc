"""End to end: two hub processes and the partner subgraph behind Hive Gateway, on loopback.

The module starts, once: two `hub serve` processes on one database (PostgreSQL when it answers),
a round-robin balancer in front of them (tests/federation/balancer.py, which also records what
the gateway forwards), the example duty system behind a second recording balancer, and Hive
Gateway on a supergraph composed from the hub's published SDL and the partner's.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.exc import DBAPIError

from hub.config import Settings
from hub.demo.fixture import load_fixture
from hub.security.keys import create_api_key
from hub.store import create_engine, upgrade
from hub.store import models as m
from tests.federation.processes import Server, free_port, start
from tests.federation.tooling import (
    GATEWAY_CONFIG,
    HIVE_GATEWAY,
    HUB_SDL,
    Subgraph,
    compose,
    node,
    partner_env,
    partner_sdl,
)
from tests.postgres import empty_postgres, postgres_url

HUB_COMMAND = str(Path(sys.executable).with_name("hub"))
PURPOSE = "Federation end-to-end test of the national graph"

CROSS_QUERY = """
query Crossing($first: Int!) {
  deployments(first: $first) {
    nodes {
      dutyDate
      officer {
        id
        serviceNumber
        force { code }
        rotaGroup { code }
        availability(start: "2021-10-31", days: 3) { date status shift }
      }
      location { code name facilities { kind capacity } }
    }
  }
}"""

PARTNER_QUERY = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Officer {
      id
      rotaGroup { code }
      availability(start: "2021-10-31", days: 3) { date status shift }
    }
  }
}"""


@dataclass
class NationalGraph:
    """The running services, and the credentials a caller sends."""

    gateway: Server
    hub_balancer: Server
    partner_balancer: Server
    partner: Server
    hubs: list[Server]
    database_url: str
    headers: dict[str, str]

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST a GraphQL request to the gateway with `headers` (by default, the credentials)."""
        body = {"query": query, "variables": variables or {}}
        sent = self.headers if headers is None else headers
        return httpx.post(self.gateway.url + "/graphql", json=body, headers=sent, timeout=30)

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.post(query, variables)
        assert response.status_code == 200, response.text
        result = response.json()
        assert "errors" not in result, result["errors"]
        data: dict[str, Any] = result["data"]
        return data

    def forwarded(self, balancer: Server) -> dict[str, Any]:
        """What a balancer has seen since it was last reset."""
        report: dict[str, Any] = httpx.get(balancer.url + "/_balancer", timeout=5).json()
        return report

    def reset(self) -> None:
        for balancer in (self.hub_balancer, self.partner_balancer):
            httpx.delete(balancer.url + "/_balancer", timeout=5)


def _database_url(tmp: Path) -> str:
    """PostgreSQL (emptied) when it answers or is required; otherwise a SQLite file."""
    url = postgres_url()
    try:
        asyncio.run(empty_postgres(url))
    except (OSError, DBAPIError):
        if os.environ.get("HUB_REQUIRE_POSTGRES") == "1":
            raise
        return f"sqlite+aiosqlite:///{tmp / 'hub.db'}"
    return url


async def _prepare(url: str) -> str:
    """Migrate once, load the fixture operation, and create a coordinator's API key."""
    engine = create_engine(Settings(database_url=url))
    try:
        await upgrade(engine)
        await load_fixture(engine, requests=12)
        return await create_api_key(engine, role="coordinator", name="federation-e2e")
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def national_graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NationalGraph]:
    """The hub twice, the partner and the gateway, started once for the module."""
    node()
    tmp = tmp_path_factory.mktemp("federation")
    url = _database_url(tmp)
    api_key = asyncio.run(_prepare(url))
    hub_env = {"HUB_DATABASE_URL": url}
    with contextlib.ExitStack() as stack:

        def started(name: str, argv: list[str], port: int, ready: str, **env: str) -> Server:
            server = start(name, argv, port=port, ready_path=ready, log_dir=tmp, env=env or None)
            stack.callback(server.stop)
            return server

        hubs = []
        for index in (1, 2):
            port = free_port()
            argv = [HUB_COMMAND, "serve", "--host", "127.0.0.1", "--port", str(port)]
            hubs.append(
                started(f"hub-{index}", [*argv, "--no-migrate"], port, "/healthz", **hub_env)
            )
        partner_port = free_port()
        partner = started(
            "partner",
            [sys.executable, "-m", "force_duty", "serve", "--port", str(partner_port)],
            partner_port,
            "/healthz",
            **partner_env(),
        )
        balancer = [sys.executable, "-m", "tests.federation.balancer", "--port"]
        port = free_port()
        hub_balancer = started(
            "hub-balancer", [*balancer, str(port), *(hub.url for hub in hubs)], port, "/_balancer"
        )
        port = free_port()
        partner_balancer = started(
            "partner-balancer", [*balancer, str(port), partner.url], port, "/_balancer"
        )
        composed = compose(
            [
                Subgraph("hub", hub_balancer.url + "/graphql", HUB_SDL.read_text()),
                Subgraph("duty", partner_balancer.url + "/graphql", partner_sdl()),
            ],
            tmp,
        )
        assert composed.returncode == 0, composed.stderr
        port = free_port()
        gateway_argv = [
            str(HIVE_GATEWAY),
            "supergraph",
            str(tmp / "supergraph.graphql"),
            "--config-path",
            str(GATEWAY_CONFIG),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
        gateway = started("gateway", gateway_argv, port, "/readiness")
        headers = {"Authorization": f"Bearer {api_key}", "X-Purpose": PURPOSE}
        yield NationalGraph(gateway, hub_balancer, partner_balancer, partner, hubs, url, headers)


def test_a_query_crosses_the_hub_and_the_duty_system(national_graph: NationalGraph) -> None:
    nodes = national_graph.data(CROSS_QUERY, {"first": 20})["deployments"]["nodes"]
    assert len(nodes) == 20
    officers = {node["officer"]["id"]: node["officer"] for node in nodes}
    representations = [{"__typename": "Officer", "id": officer_id} for officer_id in officers]
    direct = httpx.post(
        national_graph.partner.url + "/graphql",
        json={"query": PARTNER_QUERY, "variables": {"representations": representations}},
        timeout=10,
    ).json()["data"]["_entities"]
    for expected in direct:
        officer = officers[expected["id"]]
        assert officer["rotaGroup"] == expected["rotaGroup"]
        assert officer["availability"] == expected["availability"]
        assert officer["serviceNumber"] and officer["force"]["code"]
    facilities = {node["location"]["code"]: node["location"]["facilities"] for node in nodes}
    assert facilities, "the fixture's deployments have locations"
    for code, kinds in facilities.items():
        assert kinds, f"the sample data lists facilities at {code}"


def test_the_gateway_forwards_credentials_to_the_hub_only(national_graph: NationalGraph) -> None:
    national_graph.reset()
    national_graph.data(CROSS_QUERY, {"first": 2})
    to_hub = national_graph.forwarded(national_graph.hub_balancer)["headers"]
    to_partner = national_graph.forwarded(national_graph.partner_balancer)["headers"]
    assert to_hub and to_partner
    expected = {k.lower(): v for k, v in national_graph.headers.items()}
    for headers in to_hub:
        assert {k: headers.get(k) for k in expected} == expected
    for headers in to_partner:
        assert "authorization" not in headers and "x-purpose" not in headers


def _codes(result: dict[str, Any]) -> list[tuple[str, str | None]]:
    """Each error's code and the subgraph it came from, as the gateway reports them."""
    return [
        (error["extensions"]["code"], error["extensions"].get("serviceName"))
        for error in result.get("errors", [])
    ]


def test_a_request_without_a_key_gets_the_hubs_refusal(national_graph: NationalGraph) -> None:
    national_graph.reset()
    response = national_graph.post('{ location(code: "SEC") { name } }', headers={})
    result = response.json()
    assert _codes(result) == [("UNAUTHENTICATED", "hub")]
    assert result["data"] == {"location": None}
    sent = national_graph.forwarded(national_graph.hub_balancer)["headers"]
    assert sent and all("authorization" not in headers for headers in sent)


def test_personal_data_needs_the_callers_purpose(national_graph: NationalGraph) -> None:
    query = '{ officer(force: "metropolitan", serviceNumber: "0001101") { serviceNumber } }'
    without = {"Authorization": national_graph.headers["Authorization"]}
    refused = national_graph.post(query, headers=without).json()
    assert _codes(refused) == [("PURPOSE_REQUIRED", "hub")]
    answered = national_graph.data(query)
    assert answered == {"officer": {"serviceNumber": "0001101"}}


def test_two_hub_processes_give_the_same_answers(national_graph: NationalGraph) -> None:
    national_graph.reset()
    answers = [national_graph.data(CROSS_QUERY, {"first": 10}) for _ in range(6)]
    assert all(answer == answers[0] for answer in answers)
    served = national_graph.forwarded(national_graph.hub_balancer)["served"]
    assert sorted(served) == sorted(hub.url for hub in national_graph.hubs)
    assert min(served.values()) >= 3, served


def test_a_change_in_the_database_reaches_every_hub_process(
    national_graph: NationalGraph,
) -> None:
    query = '{ location(code: "SEC") { name facilities { kind } } }'
    before = national_graph.data(query)["location"]
    asyncio.run(_rename_location(national_graph.database_url, "SEC", "SEC (renamed)"))
    try:
        national_graph.reset()
        after = [national_graph.data(query)["location"] for _ in range(4)]
        served = national_graph.forwarded(national_graph.hub_balancer)["served"]
    finally:
        asyncio.run(_rename_location(national_graph.database_url, "SEC", before["name"]))
    assert len(served) == 2
    assert after == [{**before, "name": "SEC (renamed)"}] * 4


async def _rename_location(url: str, code: str, name: str) -> None:
    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.begin() as connection:
            stmt = update(m.Location).where(m.Location.code == code).values(name=name)
            await connection.execute(stmt)
    finally:
        await engine.dispose()
