"""Global ids: stable across databases, resolvable through node, nodes and federation."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest
from hub.config import Settings
from hub.demo.fixture import load_fixture
from hub.standard.ids import opaque_id
from hub.store import create_engine, upgrade
from tests.client import Graph, graph_client
from tests.postgres import empty_postgres, postgres_url

# One id of each type of the graph, reached from a root list.
IDS_QUERY = """
{
  regions { id code }
  forces { id code }
  capabilities { id code }
  operations(first: 5) { nodes { id code } }
  locations(first: 100) { nodes { id code } }
  officers(first: 3, orderBy: {field: SERVICE_NUMBER}) { nodes { id serviceNumber } }
  mutualAidRequests(first: 3) { nodes { id reference commitments { id sequence } } }
  planningUnits(first: 3) { nodes { id reference } }
  dutyUnits(first: 3) { nodes { id reference } }
  deployments(first: 3) { nodes { id dutyDate } }
  accommodationBookings(first: 3) { nodes { id checkIn } }
  travelBookings(first: 3) { nodes { id reference } }
}
"""


def _ids(data: Any) -> dict[str, str]:
    """Every `id` in a result, keyed by the record's natural fields next to it."""
    found: dict[str, str] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            if "id" in value:
                label = ",".join(f"{k}={v}" for k, v in sorted(value.items()) if k != "id")
                found[f"{path}[{label}]"] = value["id"]
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, path)

    walk(data, "")
    return found


async def _load(url: str, id_key: str | None = None) -> dict[str, str]:
    settings = Settings(database_url=url, **({"id_key": id_key} if id_key else {}))
    engine = create_engine(settings)
    try:
        await upgrade(engine)
        await load_fixture(engine, requests=6)
    finally:
        await engine.dispose()
    async with graph_client(settings) as graph:
        return _ids(await graph.data(IDS_QUERY))


async def test_the_same_record_gets_the_same_id_on_sqlite_and_postgresql(tmp_path: Path) -> None:
    url = postgres_url()
    try:
        await empty_postgres(url)
    except OSError as error:
        if os.environ.get("HUB_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip(f"PostgreSQL unreachable: {error}")
    on_sqlite = await _load(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    on_postgres = await _load(url)
    again = await _load(f"sqlite+aiosqlite:///{tmp_path / 'b.db'}")
    assert len(on_sqlite) > 48 + 12
    assert on_sqlite == on_postgres == again


async def test_every_id_resolves_to_its_record_through_node_and_nodes(graph: Graph) -> None:
    ids = _ids(await graph.data(IDS_QUERY))
    query = "query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
    with_unknown = [*ids.values(), "bm90LWFuLWlk", "Rm9yY2U6bm93aGVyZQ"]
    found = []
    for start in range(0, len(with_unknown), 50):  # within the cap on ids a call may name
        chunk = with_unknown[start : start + 50]
        found += (await graph.data(query, {"ids": chunk}))["nodes"]
    assert [node["id"] for node in found[: len(ids)]] == list(ids.values())
    assert found[len(ids) :] == [None, None]
    typenames = {node["__typename"] for node in found[: len(ids)]}
    assert typenames == {
        "Region",
        "Force",
        "Capability",
        "Operation",
        "Location",
        "Officer",
        "MutualAidRequest",
        "Commitment",
        "PlanningUnit",
        "DutyUnit",
        "Deployment",
        "AccommodationBooking",
        "TravelBooking",
    }
    one = await graph.data(
        "query ($id: ID!) { node(id: $id) { ... on Officer { serviceNumber force { code } } } }",
        {"id": next(v for k, v in ids.items() if k.startswith(".officers"))},
    )
    assert one["node"]["force"]["code"] in {"metropolitan", "west-yorkshire", "greater-manchester"}


async def test_look_ups_by_natural_key(graph: Graph) -> None:
    data = await graph.data(
        """{
          force(code: "greater-manchester") { name onsPfaCode region { code } }
          nowhere: force(code: "atlantis") { name }
          operation(code: "COP26") { leadForce { code } requests(first: 2) { reference } }
          location(code: "SEC") { type name }
          mutualAidRequest(reference: "COP26-MA-0002") {
            quantity
            providingForce: commitments { providingForce { code } }
          }
          officer(force: "greater-manchester", serviceNumber: "0002101") { rank { code } }
          ranks { code seniority }
        }"""
    )
    assert data["force"] == {
        "name": "Greater Manchester Police",
        "onsPfaCode": "E23000005",
        "region": {"code": "north-west"},
    }
    assert data["nowhere"] is None
    assert data["operation"]["leadForce"]["code"] == "police-scotland"
    assert len(data["operation"]["requests"]) == 2
    assert data["location"] == {"type": "VENUE", "name": "Scottish Event Campus"}
    assert data["mutualAidRequest"]["providingForce"] == [
        {"providingForce": {"code": "greater-manchester"}}
    ]
    assert data["officer"] == {"rank": {"code": "INSP"}}
    seniority = [rank["seniority"] for rank in data["ranks"]]
    assert seniority == sorted(seniority) and data["ranks"][0]["code"] == "PC"


async def test_federation_resolves_entities_in_batches(graph: Graph) -> None:
    ids = _ids(await graph.data(IDS_QUERY))
    officer_ids = [v for k, v in ids.items() if k.startswith(".officers")]
    representations = [
        *({"__typename": "Officer", "id": officer_id} for officer_id in officer_ids),
        {"__typename": "Force", "code": "psni"},
        {"__typename": "MutualAidRequest", "reference": "COP26-MA-0001"},
        {"__typename": "Location", "id": "nonsense"},
    ]
    query = """
    query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        __typename
        ... on Officer { id }
        ... on Force { name }
        ... on MutualAidRequest { reference }
        ... on Location { code }
      }
    }"""
    entities = (await graph.data(query, {"representations": representations}))["_entities"]
    assert [e["id"] for e in entities[:3]] == officer_ids
    assert entities[3] == {"__typename": "Force", "name": "Police Service of Northern Ireland"}
    assert entities[4] == {"__typename": "MutualAidRequest", "reference": "COP26-MA-0001"}
    assert entities[5] is None
    sdl = (await graph.data("{ _service { sdl } }"))["_service"]["sdl"]
    assert 'type Officer implements Node @key(fields: "id")' in sdl
    assert '@link(url: "https://specs.apollo.dev/federation/v2' in sdl


OFFICERS_CSV = Path(__file__).resolve().parents[2] / "adapters" / "hr-officers" / "officers.csv"
PERSONAL = (".officers", ".deployments", ".accommodationBookings", ".travelBookings")


async def test_personal_ids_are_the_same_on_hubs_that_share_the_id_key_only(
    tmp_path: Path,
) -> None:
    shared = await _load(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}", "k" * 40)
    partner = await _load(f"sqlite+aiosqlite:///{tmp_path / 'b.db'}", "k" * 40)
    stranger = await _load(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", "s" * 40)
    assert shared == partner
    personal = {label for label in shared if label.startswith(PERSONAL)}
    assert {label.split(".")[1] for label in personal} == {kind[1:] for kind in PERSONAL}
    for label, id_ in shared.items():
        assert (stranger[label] != id_) == (label in personal), label


async def test_an_officers_id_survives_re_imports(settings: Settings, engine: AsyncEngine) -> None:
    officers = OFFICERS_CSV
    query = "{ officers(first: 50) { nodes { id serviceNumber force { code } } } }"
    await ingest(engine, "hr-officers", [officers])
    async with graph_client(settings) as graph:
        first = (await graph.data(query))["officers"]["nodes"]
    (report,) = await ingest(engine, "hr-officers", [officers])
    assert (report.inserted, report.updated) == (0, 0)
    async with graph_client(settings) as graph:
        again = (await graph.data(query))["officers"]["nodes"]
    assert again == first and len(first) > 3
    key = settings.id_key_bytes()
    for officer in first:
        made = opaque_id(key, "Officer", officer["force"]["code"], officer["serviceNumber"])
        assert officer["id"] == made
