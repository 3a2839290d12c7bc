"""`node` and `nodes` on the compiled path: the same answers as the general path (the referee)."""

from __future__ import annotations

from hub.standard.ids import encode_id
from tests.client import Graph, auth_headers
from tests.compiled.harness import both

SELECTION = """__typename id
  ... on MutualAidRequest { reference status requestingForce { code } }
  ... on Force { code name }
  ... on Officer { detective rank { code } force { code } }
  ... on Deployment { dutyDate officer { id } }"""
NODE = "query N($id: ID!) { node(id: $id) { " + SELECTION + " } }"
NODES = "query N($ids: [ID!]!) { nodes(ids: $ids) { " + SELECTION + " } }"
#: Ids that name nothing: not base64, an unknown type, a missing key, a readable officer id.
NOTHING = [
    "not an id",
    encode_id("Spaceship", "x"),
    encode_id("Force", "no-such-force"),
    encode_id("MutualAidRequest", "a", "b"),
    "T2ZmaWNlcjptZXRyb3BvbGl0YW46MTIz",
]


async def _ids(graph: Graph) -> dict[str, str]:
    data = await graph.data(
        """{ mutualAidRequests(first: 1) { nodes { id requestingForce { id }
        deployments(first: 1) { id officer { id } location { id } } } } }"""
    )
    request = data["mutualAidRequests"]["nodes"][0]
    deployment = request["deployments"][0]
    return {
        "request": request["id"],
        "force": request["requestingForce"]["id"],
        "deployment": deployment["id"],
        "officer": deployment["officer"]["id"],
        "location": deployment["location"]["id"],
    }


async def test_node_by_id_of_each_type_and_of_nothing(graph: Graph) -> None:
    ids = await _ids(graph)
    for global_id in [*ids.values(), *NOTHING]:
        result = await both(graph, NODE, {"id": global_id})
        assert result.compiled == result.general, global_id
        assert result.compiled_bytes == result.general_bytes, global_id
        assert result.compiled_path, global_id
    constant = '{ node(id: "' + ids["force"] + '") { id ... on Force { code } } }'
    result = await both(graph, constant)
    assert result.compiled == result.general
    assert result.compiled["data"]["node"]["code"]
    assert result.compiled_path
    # A record of another type than the fragments name is an empty object.
    document = "query N($id: ID!) { node(id: $id) { ... on Force { code } } }"
    result = await both(graph, document, {"id": ids["request"]})
    assert result.compiled == result.general == {"data": {"node": {}}}
    assert result.compiled_path


async def test_nodes_keep_order_duplicates_and_nulls_for_each_role(graph: Graph) -> None:
    ids = await _ids(graph)
    lists: list[list[str]] = [
        [],
        [ids["request"]],
        [ids["officer"], *NOTHING, ids["request"], ids["officer"], ids["location"]],
        [ids["force"], ids["deployment"], ids["force"]],
    ]
    for value in lists:
        result = await both(graph, NODES, {"ids": value})
        assert result.compiled == result.general, value
        assert result.compiled_path, value
    for count in (101, 1001):
        too_many = await both(graph, NODES, {"ids": [ids["force"]] * count})
        assert too_many.compiled == too_many.general
        assert too_many.compiled["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    roles = [
        auth_headers(await graph.key("partner", "metropolitan")),
        auth_headers(await graph.key("partner", "police-scotland")),
        auth_headers(await graph.key("stakeholder")),
    ]
    for headers in roles:
        for global_id in ids.values():
            result = await both(graph, NODE, {"id": global_id}, headers=headers)
            assert result.compiled == result.general, global_id
            assert result.compiled_bytes == result.general_bytes, global_id
            assert result.compiled_audit == result.general_audit
            # Officers this key may not see look like missing ones: the general path decides.
            assert result.compiled_path is (global_id != ids["officer"]), global_id
        result = await both(graph, NODES, {"ids": list(ids.values())}, headers=headers)
        assert result.compiled == result.general
        assert result.compiled_audit == result.general_audit
