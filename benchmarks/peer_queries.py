"""Q1-Q5 for the peer, PostGraphile v5 (amber preset) serving the hub's PostgreSQL tables.

Each asks for the same data as the hub's query of the same name (benchmarks/queries.py), in
PostGraphile's generated schema: relations are named after their foreign keys
(`forceByRequestingForceId`), lists are connections (`nodes`), codes are plain columns
(`rank`). What PostGraphile cannot express from the tables alone comes from the functions of
benchmarks/node/bench_peer.sql (schema `bench_peer`, so their fields start `benchPeer`).
"""

from __future__ import annotations

from typing import Any

from benchmarks.queries import Fixture, variable_sets

Q1 = """query Q1($reference: String!) {
  mutualAidRequestByReference(reference: $reference) {
    reference status quantity startsOn endsOn
    forceByRequestingForceId { code name }
  }
}"""

Q2 = """query Q2 {
  allMutualAidRequests(first: 100, orderBy: REFERENCE_ASC) {
    nodes {
      reference status quantity startsOn endsOn
      forceByRequestingForceId { code name }
      commitmentsByRequestId(orderBy: SEQUENCE_ASC) {
        nodes { status forceByProvidingForceId { code name } }
      }
      deployments(first: 10) {
        nodes {
          dutyDate status
          officerByOfficerId { id detective rank }
          locationByLocationId { code name }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}"""

Q3 = """query Q3 {
  benchPeerOfficerDutyDays {
    nodes { forceCode day officerDutyDays officers }
  }
}"""

Q4 = """query Q4($force: String!, $capability: String!, $after: Cursor) {
  benchPeerOfficersByForceAndCapability(
    forceCode: $force, capabilityCode: $capability, first: 100, after: $after
  ) {
    nodes {
      id detective rank
      forceByForceId { code }
      officerCapabilitiesByOfficerId { nodes { capabilityByCapabilityId { code } } }
    }
    pageInfo { hasNextPage endCursor }
  }
}"""

Q5 = """query Q5($ids: [Int]!) {
  benchPeerOfficersByIds(ids: $ids) {
    nodes { id detective rank forceByForceId { code } }
  }
}"""

PEER_DOCUMENTS = {"Q1": Q1, "Q2": Q2, "Q3": Q3, "Q4": Q4, "Q5": Q5}

# How each differs from the hub's query of the same name (also in docs/performance.md).
DIFFERENCES = {
    "Q1": "same fields; the force is `forceByRequestingForceId`",
    "Q2": "deployments through a computed column (`bench_peer.mutual_aid_request_deployments`); "
    "commitments and deployments are connections; rank is a plain column",
    "Q3": "a set-returning SQL function (no aggregates in PostGraphile without a plugin); "
    "the force as its code, not an object",
    "Q4": "a SQL function filtering by force code and capability code; capabilities through "
    "the officer_capability join table",
    "Q5": "a SQL function taking 100 primary keys (`officer.id`), not 100 global ids",
}


def peer_variable_sets(name: str, fixture: Fixture) -> list[dict[str, Any]]:
    """The variables of the peer's query `name` under load (the hub's, in the peer's terms)."""
    if name == "Q5":
        return [{"ids": list(fixture.officer_rows)}]
    return variable_sets(name, fixture)
