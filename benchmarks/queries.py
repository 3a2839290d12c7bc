"""The benchmark's five GraphQL operations and, for each, the raw SQL that fetches the same data.

The raw SQL is the floor: what a hand-written client of the same SQLite file would run, one
statement per level, with no GraphQL, HTTP, authentication or rate limiting.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.rawdb import RawDB

Q1 = """query Q1($reference: String!) {
  mutualAidRequest(reference: $reference) {
    reference status quantity startsOn endsOn
    requestingForce { code name }
  }
}"""

Q2 = """query Q2 {
  mutualAidRequests(first: 100) {
    nodes {
      reference status quantity startsOn endsOn
      requestingForce { code name }
      commitments { status providingForce { code name } }
      deployments(first: 10) {
        dutyDate status
        officer { id detective rank { code } }
        location { code name }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}"""

Q3 = """query Q3 {
  officerDutyDays(groupBy: [FORCE, DAY]) {
    force { code } day officerDutyDays officers
  }
}"""

Q4 = """query Q4($force: String!, $capability: String!, $after: String) {
  officers(filter: {forces: [$force], capabilities: [$capability]}, first: 100, after: $after) {
    nodes { id detective rank { code } force { code } capabilities { code } }
    pageInfo { hasNextPage endCursor }
  }
}"""

Q5 = """query Q5($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Officer { id detective rank { code } force { code } }
  }
}"""

DESCRIPTIONS = {
    "Q1": "one request by reference, with its requesting force",
    "Q2": "page of 100 requests, both forces, up to 10 deployments each with officer and location",
    "Q3": "officer duty-days by force and day, whole event (aggregate)",
    "Q4": "officers by capability and force, pages of 100",
    "Q5": "_entities for 100 officers",
}


@dataclass(frozen=True)
class Fixture:
    """Keys into the benchmark's database, read once before the runs."""

    references: list[str]
    force: str
    capability: str
    officer_rows: list[int]
    officer_ids: list[str]


def read_fixture(db: RawDB) -> Fixture:
    """Request references, the force and capability with the most officers, 100 officers."""
    officers = db.fetch("SELECT o.id, o.gid FROM officer o ORDER BY o.id LIMIT 100")
    officer_ids = [gid for _, gid in officers]  # opaque ids, as stored
    references = [r for (r,) in db.fetch("SELECT reference FROM mutual_aid_request ORDER BY id")]
    force, capability = db.fetch(
        "SELECT f.code, c.code FROM officer_capability oc JOIN officer o ON o.id = oc.officer_id "
        "JOIN force f ON f.id = o.force_id JOIN capability c ON c.id = oc.capability_id "
        "GROUP BY f.code, c.code ORDER BY count(*) DESC LIMIT 1"
    )[0]
    return Fixture(references, force, capability, [row[0] for row in officers], officer_ids)


def variables(name: str, fixture: Fixture, rng: random.Random) -> dict[str, Any]:
    """The variables of one request of query `name`."""
    if name == "Q1":
        return {"reference": rng.choice(fixture.references)}
    if name == "Q4":
        return {"force": fixture.force, "capability": fixture.capability}
    if name == "Q5":
        return {
            "representations": [{"__typename": "Officer", "id": i} for i in fixture.officer_ids]
        }
    return {}


def variable_sets(name: str, fixture: Fixture) -> list[dict[str, Any]]:
    """The variables of query `name` under load, one set picked at random per request: every
    request reference for Q1, the one fixed set of Q4 and Q5, none for Q2 and Q3."""
    if name == "Q1":
        return [{"reference": reference} for reference in fixture.references]
    sample = variables(name, fixture, random.Random(0))
    return [sample] if sample else []


DOCUMENTS = {"Q1": Q1, "Q2": Q2, "Q3": Q3, "Q4": Q4, "Q5": Q5}

# --- the floor: raw SQL for the same data -------------------------------------------------------


def _floor_q1(db: RawDB, fixture: Fixture, rng: random.Random) -> list[Any]:
    return db.fetch(
        "SELECT r.reference, r.status, r.quantity, r.starts_on, r.ends_on, f.code, f.name "
        "FROM mutual_aid_request r JOIN force f ON f.id = r.requesting_force_id "
        "WHERE r.reference = ?",
        (rng.choice(fixture.references),),
    )


def _floor_q2(db: RawDB, _fixture: Fixture, _rng: random.Random) -> list[Any]:
    requests = db.fetch(
        "SELECT r.id, r.reference, r.status, r.quantity, r.starts_on, r.ends_on, f.code, f.name "
        "FROM mutual_aid_request r JOIN force f ON f.id = r.requesting_force_id "
        "ORDER BY r.reference LIMIT 101"
    )
    ids = [row[0] for row in requests[:100]]
    marks = ", ".join("?" * len(ids))
    commitments = db.fetch(
        "SELECT c.request_id, c.status, f.code, f.name FROM commitment c "
        f"JOIN force f ON f.id = c.providing_force_id WHERE c.request_id IN ({marks})",
        ids,
    )
    deployments = db.fetch(
        "SELECT * FROM (SELECT c.request_id, d.duty_date, d.status, o.id, o.detective, o.rank, "
        "l.code, l.name, row_number() OVER (PARTITION BY c.request_id ORDER BY d.id) AS n "
        "FROM deployment d JOIN duty_unit du ON du.id = d.duty_unit_id "
        "JOIN planning_unit pu ON pu.id = du.planning_unit_id "
        "JOIN commitment c ON c.id = pu.commitment_id JOIN officer o ON o.id = d.officer_id "
        f"LEFT JOIN location l ON l.id = d.location_id WHERE c.request_id IN ({marks})) "
        "AS numbered WHERE n <= 10",
        ids,
    )
    return [requests, commitments, deployments]


def _floor_q3(db: RawDB, _fixture: Fixture, _rng: random.Random) -> list[Any]:
    return db.fetch(
        "SELECT f.code, d.duty_date, count(*), count(DISTINCT d.officer_id) FROM deployment d "
        "JOIN officer o ON o.id = d.officer_id JOIN force f ON f.id = o.force_id "
        "WHERE d.status != 'CANCELLED' GROUP BY f.code, d.duty_date"
    )


def _floor_q4(db: RawDB, fixture: Fixture, _rng: random.Random) -> list[Any]:
    officers = db.fetch(
        "SELECT o.id, o.detective, o.rank, f.code FROM officer o JOIN force f ON f.id = o.force_id "
        "WHERE f.code = ? AND EXISTS (SELECT 1 FROM officer_capability oc "
        "JOIN capability c ON c.id = oc.capability_id WHERE oc.officer_id = o.id AND c.code = ?) "
        "ORDER BY o.service_number LIMIT 101",
        (fixture.force, fixture.capability),
    )
    ids = [row[0] for row in officers[:100]]
    marks = ", ".join("?" * len(ids))
    capabilities = db.fetch(
        "SELECT oc.officer_id, c.code FROM officer_capability oc "
        f"JOIN capability c ON c.id = oc.capability_id WHERE oc.officer_id IN ({marks})",
        ids,
    )
    return [officers, capabilities]


def _floor_q5(db: RawDB, fixture: Fixture, _rng: random.Random) -> list[Any]:
    ids = fixture.officer_rows
    marks = ", ".join("?" * len(ids))
    return db.fetch(
        "SELECT o.id, o.detective, o.rank, f.code FROM officer o "
        f"JOIN force f ON f.id = o.force_id WHERE o.id IN ({marks})",
        ids,
    )


FLOORS: dict[str, Callable[[RawDB, Fixture, random.Random], list[Any]]] = {
    "Q1": _floor_q1,
    "Q2": _floor_q2,
    "Q3": _floor_q3,
    "Q4": _floor_q4,
    "Q5": _floor_q5,
}
