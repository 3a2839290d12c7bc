"""The hub's published SDL composes with the example partner's into a supergraph."""

from __future__ import annotations

from pathlib import Path

import graphql

from tests.federation.tooling import HUB_SDL, Subgraph, compose, partner_sdl

HUB = Subgraph("hub", "http://127.0.0.1:8000/graphql", HUB_SDL.read_text())


def test_the_hub_and_the_partner_compose_into_one_supergraph(tmp_path: Path) -> None:
    duty = Subgraph("duty", "http://127.0.0.1:4001/graphql", partner_sdl())
    result = compose([HUB, duty], tmp_path)
    assert result.returncode == 0, result.stderr
    supergraph = graphql.build_schema(
        (tmp_path / "supergraph.graphql").read_text(), assume_valid_sdl=True
    )
    officer = supergraph.get_type("Officer")
    location = supergraph.get_type("Location")
    assert isinstance(officer, graphql.GraphQLObjectType)
    assert isinstance(location, graphql.GraphQLObjectType)
    assert {
        "serviceNumber",
        "force",
        "rotaGroup",
        "availability",
        "restDays",
    } <= officer.fields.keys()
    assert {"name", "postcode", "facilities"} <= location.fields.keys()


def test_a_partner_that_contradicts_the_standard_fails_composition(tmp_path: Path) -> None:
    clash = """
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    type Officer @key(fields: "id") { id: ID! serviceNumber: Int! }
    type Query { me: Officer }
    """
    result = compose([HUB, Subgraph("clash", "http://127.0.0.1:4002/graphql", clash)], tmp_path)
    assert result.returncode == 1
    assert "Officer.serviceNumber" in result.stderr
    assert not (tmp_path / "supergraph.graphql").exists()


def test_a_partner_may_page_with_the_same_relay_page_info(tmp_path: Path) -> None:
    relay = """
    extend schema @link(
      url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"]
    )
    type PageInfo @shareable {
      hasNextPage: Boolean!
      hasPreviousPage: Boolean!
      startCursor: String
      endCursor: String
    }
    type Room { id: ID! }
    type RoomConnection { nodes: [Room!]! pageInfo: PageInfo! }
    type Query { rooms(first: Int, after: String): RoomConnection! }
    """
    result = compose([HUB, Subgraph("hotels", "http://127.0.0.1:4003/graphql", relay)], tmp_path)
    assert result.returncode == 0, result.stderr
