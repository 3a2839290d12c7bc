"""Every role against every kind of operation, over HTTP, as DESIGN.md section 5 says.

Each row of MATRIX is an operation; each column a caller (see CALLERS in conftest). A cell
names the outcome: the data as asked (`ok`), personal fields seen (`seen`) or masked
(`masked`), a record found or not (`found`, `null`), or a refusal with a code. An audit
record must follow every operation that discloses personal data (or searches it) to a key
allowed to see some, and no other: a read whose personal values were all masked leaves none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hub.security.policy import MASKED_VALUE
from hub.store import models as m
from tests.client import auth_headers
from tests.security.conftest import CALLERS, Hub

NAMES = """
query Names($forces: [String!]) {
  officers(first: 20, filter: {forces: $forces}) {
    nodes { serviceNumber givenName familyName rank { code } }
  }
}"""
BY_ID = "query ($id: ID!) { node(id: $id) { ... on Officer { rank { code } } } }"


@dataclass(frozen=True)
class Operation:
    query: str
    variables: dict[str, Any] | None = None
    personal: bool = False


OPERATIONS: dict[str, Operation] = {
    "read requests": Operation(
        "{ mutualAidRequests(first: 3) { totalCount nodes { reference } } }"
    ),
    "read officers' ranks": Operation(
        '{ officers(filter: {forces: ["greater-manchester"]}) { nodes { rank { code } } } }'
    ),
    "names, own or sent force": Operation(NAMES, {"forces": ["metropolitan"]}, personal=True),
    "names, another force": Operation(NAMES, {"forces": ["greater-manchester"]}, personal=True),
    "names through deployments": Operation(
        "{ deployments(first: 10) { nodes { officer { familyName force { code } } } } }",
        personal=True,
    ),
    "officer of another force by id": Operation(BY_ID),
    "officer id that does not exist": Operation(BY_ID),
    "import batches": Operation("{ importBatches { nodes { fileName force { code } } } }"),
    "mutation": Operation('mutation { raiseRequest(reference: "X") { id } }'),
    "audit log": Operation("{ auditLog { totalCount } }"),
    # A search matches names and service numbers: a consultation of personal data itself.
    "search officers by name": Operation(
        '{ officers(filter: {search: "a"}) { totalCount } }', personal=True
    ),
    # A list's order tells how its records sort by the field: reading it too.
    "sort officers by name": Operation(
        "{ officers(orderBy: {field: FAMILY_NAME}) { totalCount nodes { id } } }"
    ),
}

COLUMNS = ("coordinator", "partner-host", "partner-donor", "ingest", "stakeholder")
# fmt: off
MATRIX: dict[str, tuple[str, ...]] = {
    "read requests":                  ("ok", "ok", "ok", "FORBIDDEN", "ok"),
    "read officers' ranks":           ("ok", "ok", "ok", "FORBIDDEN", "ok"),
    "names, own or sent force":       ("seen", "seen", "seen", "FORBIDDEN", "masked"),
    "names, another force":           ("seen", "seen", "masked", "FORBIDDEN", "masked"),
    "names through deployments":      ("seen", "seen", "mixed", "FORBIDDEN", "masked"),
    "officer of another force by id": ("found", "found", "null", "FORBIDDEN", "null"),
    "officer id that does not exist": ("null", "null", "null", "FORBIDDEN", "null"),
    "import batches":                 ("2", "2", "2", "1", "2"),
    "mutation": (
        "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_VALIDATION_FAILED",
        "FORBIDDEN", "FORBIDDEN",
    ),
    "audit log":                      ("ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
    "search officers by name":        ("ok", "ok", "ok", "FORBIDDEN", "FORBIDDEN_FIELD"),
    "sort officers by name":          ("ok", "ok", "ok", "FORBIDDEN", "FORBIDDEN_FIELD"),
}
# fmt: on


def _personal_values(data: Any) -> list[str | None]:
    found: list[str | None] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("serviceNumber", "givenName", "familyName"):
                found.append(value)
            else:
                found.extend(_personal_values(value))
    elif isinstance(data, list):
        for item in data:
            found.extend(_personal_values(item))
    return found


def _codes(body: dict[str, Any]) -> set[str]:
    return {error["extensions"]["code"] for error in body.get("errors", [])}


def _first(data: dict[str, Any]) -> Any:
    return next(iter(data.values()))


def check(outcome: str, body: dict[str, Any]) -> str | None:
    """None when the response matches the outcome, else what is wrong."""
    data, codes = body.get("data"), _codes(body)
    values = _personal_values(data)
    masked = [value for value in values if value is MASKED_VALUE]
    checks: dict[str, Callable[[], bool]] = {
        "ok": lambda: not codes and data is not None,
        "seen": lambda: not codes and bool(values) and not masked,
        "masked": lambda: (
            codes == {"FORBIDDEN_FIELD"}
            and len(body["errors"]) == len(values) == len(masked) > 0
            and all(error.get("path") for error in body["errors"])
        ),
        "mixed": lambda: codes == {"FORBIDDEN_FIELD"} and 0 < len(masked) < len(values),
        "found": lambda: not codes and data is not None and _first(data) is not None,
        "null": lambda: not codes and data is not None and _first(data) is None,
    }
    if outcome in checks:
        return None if checks[outcome]() else f"expected {outcome}"
    if outcome.isdigit():
        nodes = (data or {}).get("importBatches", {}).get("nodes", [])
        return None if not codes and len(nodes) == int(outcome) else f"expected {outcome} batches"
    return None if outcome in codes and not _personal_values(data) else f"expected {outcome}"


async def _variables(hub: Hub, name: str, operation: Operation) -> dict[str, Any] | None:
    if name == "officer of another force by id":
        response = await hub.post(
            "coordinator",
            '{ officers(first: 1, filter: {forces: ["greater-manchester"]}) { nodes { id } } }',
        )
        return {"id": response.json()["data"]["officers"]["nodes"][0]["id"]}
    if name == "officer id that does not exist":
        return {"id": "T2ZmaWNlcjpncmVhdGVyLW1hbmNoZXN0ZXI6bm9uZQ"}
    return operation.variables


@pytest.mark.parametrize("caller", COLUMNS)
async def test_each_role_gets_what_design_section_5_says(hub: Hub, caller: str) -> None:
    column = COLUMNS.index(caller)
    wrong: list[str] = []
    for name, operation in OPERATIONS.items():
        variables = await _variables(hub, name, operation)
        before = await hub.audit_rows()
        response = await hub.post(caller, operation.query, variables)
        body = response.json()
        problem = check(MATRIX[name][column], body)
        audited = await hub.audit_rows() - before
        role = CALLERS[caller][0]
        # Audited: personal data went out (masked reads leave no record).
        outcome = MATRIX[name][column]
        should_audit = operation.personal and role in ("coordinator", "partner")
        should_audit = should_audit and outcome != "masked"
        if audited != int(should_audit):
            problem = (problem or "") + f" audit records added: {audited}"
        if problem:
            wrong.append(f"{name}: {problem}: {body}")
    assert not wrong, "\n".join(wrong)


async def test_another_forces_officer_looks_exactly_like_a_missing_one(hub: Hub) -> None:
    variables = await _variables(hub, "officer of another force by id", OPERATIONS["mutation"])
    assert variables is not None
    hidden = await hub.post("partner-donor", BY_ID, variables)
    missing = await hub.post("partner-donor", BY_ID, {"id": "T2ZmaWNlcjpubzpvbmU"})
    assert hidden.status_code == missing.status_code == 200
    assert hidden.content == missing.content == b'{"data":{"node":null}}'
    entities = await hub.post(
        "partner-donor",
        "query ($r: [_Any!]!) { _entities(representations: $r) { ... on Officer { id } } }",
        {"r": [{"__typename": "Officer", "id": variables["id"]}]},
    )
    assert entities.json() == {"data": {"_entities": [None]}}


async def test_the_audit_record_says_who_what_how_many_and_why(hub: Hub) -> None:
    response = await hub.post(
        "partner-donor", NAMES, {"forces": ["metropolitan"]}, purpose="OP-URRAM briefing"
    )
    officers = response.json()["data"]["officers"]["nodes"]
    async with hub.graph.engine.connect() as connection:
        record = (await connection.execute(select(m.AuditRecord))).one()
    assert record.key_name == "test partner metropolitan"
    assert (record.role, record.force_code) == ("partner", "metropolitan")
    assert (record.operation_type, record.operation_name) == ("query", "Names")
    assert len(record.document_hash) == 64
    assert record.purpose == "OP-URRAM briefing"
    assert record.fields == "Officer.familyName,Officer.givenName,Officer.serviceNumber"
    assert record.record_count == len(officers) == 5


UPLOAD = Path(__file__).resolve().parents[2] / "adapters" / "hr-officers" / "officers.csv"
# Upload the Met's file (own force for the ingest key), or name Greater Manchester.
# fmt: off
UPLOADS: dict[str, tuple[str, ...]] = {
    "upload, own force":     ("ok", "FORBIDDEN", "FORBIDDEN", "ok", "FORBIDDEN"),
    "upload, another force": ("ok", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"),
}
# fmt: on


@pytest.mark.parametrize("caller", COLUMNS)
async def test_each_role_uploads_what_design_section_5_says(hub: Hub, caller: str) -> None:
    column = COLUMNS.index(caller)
    for name, force in (
        ("upload, own force", "metropolitan"),
        ("upload, another force", "greater-manchester"),
    ):
        expected = UPLOADS[name][column]
        params = {"adapter": "hr-officers-shared", "filename": "officers.csv", "force": force}
        if caller == "ingest" and name == "upload, own force":
            del params["force"]  # an ingest key's own force is the default
        response = await hub.graph.http.post(
            "/ingest",
            params=params,
            content=UPLOAD.read_bytes(),
            headers=auth_headers(hub.keys[caller], None),
        )
        body = response.json()
        if expected == "ok":
            assert response.status_code == 200, (name, body)
            (report,) = body["reports"]
            assert report["read"] == report["inserted"] + report["rejected"] > 0, report
        else:
            assert response.status_code == 403, (name, body)
            assert body["errors"][0]["extensions"]["code"] == expected
