"""The read-access audit log: append-only, required, and readable by coordinators only."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.client import auth_headers
from tests.security.conftest import Hub

NAMES = """query Names {
  officers(first: 3, filter: {forces: ["metropolitan"]}) { nodes { familyName } }
}"""


async def test_the_log_refuses_changes_and_deletions(hub: Hub) -> None:
    await hub.post("coordinator", NAMES)
    assert await hub.audit_rows() == 1
    for statement in ("UPDATE audit_log SET purpose = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with hub.graph.engine.begin() as connection:
                await connection.execute(text(statement))
    assert await hub.audit_rows() == 1


async def test_no_personal_data_leaves_when_the_audit_write_fails(hub: Hub) -> None:
    async with hub.graph.engine.begin() as connection:
        await connection.execute(text("DROP TABLE audit_subject"))
        await connection.execute(text("DROP TABLE audit_log"))
    response = await hub.post("coordinator", NAMES)
    assert response.status_code == 503
    assert response.json() == {
        "errors": [
            {
                "message": "the access could not be recorded, so nothing is returned",
                "extensions": {"code": "AUDIT_UNAVAILABLE"},
            }
        ]
    }
    # Reads without personal data do not need the log.
    assert (await hub.post("coordinator", "{ ranks { code } }")).status_code == 200


async def test_coordinators_read_the_log_newest_first_a_page_at_a_time(hub: Hub) -> None:
    for purpose in ("first", "second", "third"):
        await hub.post("partner-donor", NAMES, purpose=purpose)
    query = """
    query ($after: String) {
      auditLog(first: 2, after: $after, filter: {forces: ["metropolitan"]}) {
        totalCount
        nodes { purpose keyName role forceCode operationName fields recordCount }
        pageInfo { hasNextPage endCursor }
      }
    }"""
    first = (await hub.post("coordinator", query)).json()["data"]["auditLog"]
    assert first["totalCount"] == 3
    assert [node["purpose"] for node in first["nodes"]] == ["third", "second"]
    assert first["nodes"][0]["fields"] == ["Officer.familyName"]
    assert first["nodes"][0]["keyName"] == "test partner metropolitan"
    assert first["nodes"][0]["operationName"] == "Names"
    after = {"after": first["pageInfo"]["endCursor"]}
    rest = (await hub.post("coordinator", query, after)).json()["data"]["auditLog"]
    assert [node["purpose"] for node in rest["nodes"]] == ["first"]
    assert not rest["pageInfo"]["hasNextPage"]
    bad = (await hub.post("coordinator", query, {"after": "nonsense"})).json()
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_the_purpose_is_asked_for_only_when_personal_data_is(hub: Hub) -> None:
    key = hub.keys["coordinator"]
    plain = await hub.graph.post("{ ranks { code } }", headers=auth_headers(key, None))
    personal = await hub.graph.post(NAMES, headers=auth_headers(key, None))
    assert plain.status_code == 200 and "errors" not in plain.json()
    assert personal.json()["errors"][0]["extensions"]["code"] == "PURPOSE_REQUIRED"
    assert "data" not in personal.json()
    assert await hub.audit_rows() == 0
