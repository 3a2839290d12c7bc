"""The hub as a Federation v2 subgraph: `_service { sdl }` and `_entities` from every key."""

from __future__ import annotations

from typing import Any

import graphql

from hub.schema.publish_sdl import keys, parse_sdl
from tests.client import Graph
from tests.helpers import count_statements

ENTITIES_QUERY = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ... on Node { id } }
}"""

# One root list per entity type, with the fields of its keys (two operations: the hub
# allows at most 10 root fields in one).
KEYS_QUERIES = (
    """{
      regions { id code }
      forces { id code }
      capabilities { id code }
      operations(first: 3) { nodes { id code } }
      locations(first: 100) { nodes { id code } }
      officers(first: 100) { nodes { id } }
      mutualAidRequests(first: 100) { nodes { id reference commitments { id } } }
    }""",
    """{
      planningUnits(first: 100) { nodes { id reference } }
      dutyUnits(first: 100) { nodes { id reference } }
      deployments(first: 3) { nodes { id } }
      accommodationBookings(first: 3) { nodes { id } }
      travelBookings(first: 3) { nodes { id reference } }
      importBatches(first: 3) { nodes { id } }
    }""",
)

TYPE_OF_LIST = {
    "regions": "Region",
    "forces": "Force",
    "capabilities": "Capability",
    "operations": "Operation",
    "locations": "Location",
    "officers": "Officer",
    "mutualAidRequests": "MutualAidRequest",
    "commitments": "Commitment",
    "planningUnits": "PlanningUnit",
    "dutyUnits": "DutyUnit",
    "deployments": "Deployment",
    "accommodationBookings": "AccommodationBooking",
    "travelBookings": "TravelBooking",
    "importBatches": "ImportBatch",
}


def _records(data: Any, type_name: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every record in a result with its type name, from the list it was found in."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(data, list):
        for item in data:
            found += _records(item, type_name)
    elif isinstance(data, dict):
        if type_name and "id" in data:
            found.append((type_name, {k: v for k, v in data.items() if not isinstance(v, list)}))
        for name, value in data.items():
            found += _records(value, TYPE_OF_LIST.get(name, type_name))
    return found


async def _keyed_records(graph: Graph) -> list[tuple[str, dict[str, Any]]]:
    """Records of every entity type with their keys, as (type name, fields)."""
    return [record for query in KEYS_QUERIES for record in _records(await graph.data(query))]


async def _entities(graph: Graph, representations: list[dict[str, Any]]) -> list[Any]:
    data = await graph.data(ENTITIES_QUERY, {"representations": representations})
    entities: list[Any] = data["_entities"]
    return entities


async def test_the_sdl_declares_federation_v2_and_a_key_on_every_entity(graph: Graph) -> None:
    sdl = (await graph.data("{ _service { sdl } }"))["_service"]["sdl"]
    assert sdl.startswith('schema @link(url: "https://specs.apollo.dev/federation/v2.7"')
    schema = parse_sdl(sdl)
    entity_union = schema.get_type("_Entity")
    assert isinstance(entity_union, graphql.GraphQLUnionType)
    entity_names = {type_.name for type_ in entity_union.types}
    assert entity_names == set(TYPE_OF_LIST.values())
    for name in entity_names:
        assert keys(schema.type_map[name])[0] == "id", name


async def test_every_entity_resolves_from_each_of_its_keys(graph: Graph) -> None:
    schema = parse_sdl((await graph.data("{ _service { sdl } }"))["_service"]["sdl"])
    records = await _keyed_records(graph)
    assert {type_name for type_name, _ in records} == set(TYPE_OF_LIST.values())
    representations: list[dict[str, Any]] = []
    expected: list[str] = []
    for type_name, record in records:
        for key in keys(schema.type_map[type_name]):
            representations.append({"__typename": type_name, key: record[key]})
            expected.append(record["id"])
    entities = await _entities(graph, representations)
    assert [entity["id"] for entity in entities] == expected


async def test_unknown_or_foreign_keys_resolve_to_null(graph: Graph) -> None:
    force_id = (await graph.data('{ force(code: "psni") { id } }'))["force"]["id"]
    representations = [
        {"__typename": "Force", "code": "atlantis"},
        {"__typename": "Officer", "id": force_id},  # a Force id given as an Officer
        {"__typename": "Location", "id": "not an id"},
    ]
    assert await _entities(graph, representations) == [None, None, None]


async def test_a_hundred_representations_cost_a_fixed_number_of_statements(graph: Graph) -> None:
    records = await _keyed_records(graph)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for type_name, record in records:
        by_type.setdefault(type_name, []).append(record)
    officers = [{"__typename": "Officer", "id": r["id"]} for r in by_type["Officer"]]
    forces = [{"__typename": "Force", "code": r["code"]} for r in by_type["Force"]]
    units = [{"__typename": "DutyUnit", "reference": r["reference"]} for r in by_type["DutyUnit"]]
    locations = [{"__typename": "Location", "id": r["id"]} for r in by_type["Location"]]
    requests = [
        {"__typename": "MutualAidRequest", "reference": r["reference"]}
        for r in by_type["MutualAidRequest"]
    ]
    mixed = [*officers[:40], *forces[:20], *units[:20], *locations, *requests][:100]
    assert len(mixed) == 100
    assert len({r["__typename"] for r in mixed}) == 5
    small = [officers[0], forces[0], units[0], locations[0], requests[0]]

    counts = []
    for representations in (small, mixed):
        with count_statements(graph.engine) as log:
            entities = await _entities(graph, representations)
        assert None not in entities
        counts.append(log.count)
    # One statement per entity type, whatever the number of representations.
    assert counts == [5, 5], counts
