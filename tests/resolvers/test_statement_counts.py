"""Each query costs a fixed number of SQL statements, whatever the page size (no N+1)."""

from __future__ import annotations

import pytest

from tests.client import Graph
from tests.helpers import count_statements

DEEP_PAGE = """
query Deep($first: Int!) {
  mutualAidRequests(first: $first) {
    totalCount
    nodes {
      reference
      requestingForce { code region { code } }
      operation { code leadForce { code } }
      capability { code }
      location { code }
      commitments {
        sequence
        providingForce { code }
        planningUnits {
          reference
          force { code }
          members { role officer { serviceNumber force { code } } }
          dutyUnits {
            reference
            location { code }
            deployments {
              dutyDate
              officer { serviceNumber rank { code } capabilities { code } }
              location { name }
            }
          }
          accommodation { nights location { code } }
          travel { mode origin { code } destination { code } }
        }
      }
      deployments(first: 10) { id dutyDate officer { id } location { code } }
    }
  }
}
"""


async def _statements(graph: Graph, first: int) -> tuple[int, dict[str, object]]:
    with count_statements(graph.engine) as log:
        data = await graph.data(DEEP_PAGE, {"first": first})
    return log.count, data


async def test_a_deep_page_costs_the_same_statements_for_10_and_100_requests(
    graph: Graph,
) -> None:
    small, small_data = await _statements(graph, 10)
    large, large_data = await _statements(graph, 100)
    small_page = small_data["mutualAidRequests"]
    large_page = large_data["mutualAidRequests"]
    assert isinstance(small_page, dict) and isinstance(large_page, dict)
    assert len(small_page["nodes"]) == 10
    assert len(large_page["nodes"]) == large_page["totalCount"] == 30
    deployments = [
        d
        for request in large_page["nodes"]
        for c in request["commitments"]
        for u in c["planningUnits"]
        for duty in u["dutyUnits"]
        for d in duty["deployments"]
    ]
    assert len(deployments) == 30 * 15 + 10 * 15  # every third request has two units
    assert small == large, (small, large)
    # One statement for the page, one for its count, then one per relationship and level.
    assert small <= 24, small


@pytest.mark.parametrize("first", [1, 50])
async def test_officers_page_with_relationships_is_bounded(graph: Graph, first: int) -> None:
    # The general path's prefetching (this document also compiles to one statement).
    graph.headers = {**graph.headers, "x-hub-plan": "general"}
    query = """
    query ($first: Int!) {
      officers(first: $first) { nodes { id force { code } capabilities { code }
        planningUnits { reference } deployments(first: 2) { dutyDate } } }
    }"""
    with count_statements(graph.engine) as log:
        data = await graph.data(query, {"first": first})
    assert len(data["officers"]["nodes"]) == first
    assert log.count == 5, log.statements
