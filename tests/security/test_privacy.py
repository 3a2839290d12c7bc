"""No personal data through side doors: ids, cursors, searches, import rejects, the audit log.

Each test calls the hub over HTTP as a coordinator, the host force's partner (Police Scotland,
which received officers), a partner of another force (the Met, whose officers the fixture
holds) or a stakeholder, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import pytest
from sqlalchemy import insert, select, update
from typer.testing import CliRunner

from hub.cli import app
from hub.config import Settings
from hub.standard.ids import OPAQUE_TYPES, encode_id, opaque_id
from hub.store import models as m
from hub.store.models.security import AuditSubject
from tests.client import DEFAULT_PURPOSE
from tests.security.conftest import Hub

OFFICERS = """
query ($after: String, $order: OfficerOrderField!) {
  officers(first: 4, after: $after, orderBy: {field: $order, direction: ASC}) {
    edges { cursor node { id serviceNumber givenName familyName force { code } } }
    pageInfo { endCursor }
  }
}"""
PERSONAL_IDS = """
{
  deployments(first: 5) { edges { cursor node { id officer { id } } } }
  accommodationBookings(first: 3) { edges { cursor node { id } } }
  travelBookings(first: 3) { edges { cursor node { id } } }
}"""
SEARCH = "query ($text: String!) { officers(filter: {search: $text}) { totalCount nodes { id } } }"
REJECTS = """
{
  importBatches { nodes { id force { code } rejects(first: 10) { field value message code } } }
}"""


def _readable(text: str) -> str:
    """What an id or cursor says to anyone who decodes it: the type of an opaque id (the rest
    is a keyed hash, checked to be exactly that), or a cursor's JSON."""
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    if raw.startswith("["):
        field, descending, pk = json.loads(raw)
        assert isinstance(field, str) and isinstance(descending, bool) and isinstance(pk, int)
        return raw
    type_name, _, digest = raw.partition(":#")
    assert type_name in OPAQUE_TYPES
    assert len(base64.urlsafe_b64decode(digest + "=")) == 32  # an HMAC-SHA-256, nothing more
    return type_name


async def _people(hub: Hub) -> list[dict[str, Any]]:
    """Every officer of the fixture, with their names, as the coordinator reads them."""
    data = (
        await hub.post(
            "coordinator",
            "{ officers(first: 100) { nodes { id serviceNumber givenName familyName "
            "force { code } } } }",
        )
    ).json()
    nodes: list[dict[str, Any]] = data["data"]["officers"]["nodes"]
    assert len(nodes) > 20
    return nodes


def _personal_words(people: list[dict[str, Any]]) -> set[str]:
    words = set()
    for person in people:
        for name in ("serviceNumber", "givenName", "familyName"):
            if len(person[name]) >= 3:
                words.add(person[name].lower())
    return words


@pytest.mark.parametrize("caller", ["coordinator", "partner-donor", "partner-host", "stakeholder"])
async def test_ids_and_cursors_decode_to_nothing_personal(hub: Hub, caller: str) -> None:
    words = _personal_words(await _people(hub))
    texts: list[str] = []
    # Sorting by personal data is for keys that may read it (tests/security/test_ordering.py).
    sorts = caller in ("coordinator", "partner-donor")
    for order in ("SERVICE_NUMBER", "FAMILY_NAME") if sorts else ("ID", "RANK"):
        body = (await hub.post(caller, OFFICERS, {"order": order, "after": None})).json()
        page = body["data"]["officers"]
        texts += [edge["cursor"] for edge in page["edges"]]
        texts += [edge["node"]["id"] for edge in page["edges"]]
        follow = {"order": order, "after": page["pageInfo"]["endCursor"]}
        texts += [
            e["cursor"]
            for e in (await hub.post(caller, OFFICERS, follow)).json()["data"]["officers"]["edges"]
        ]
    body = (await hub.post(caller, PERSONAL_IDS)).json()
    for connection in body["data"].values():
        for edge in connection["edges"]:
            texts += [edge["cursor"], edge["node"]["id"]]
            texts += [edge["node"]["officer"]["id"]] if "officer" in edge["node"] else []
    assert len(texts) > 30
    leaks = [
        (text, word)
        for text in texts
        for word in words
        if word in _readable(text).lower() or (len(word) > 4 and word in text.lower())
    ]
    assert not leaks


async def test_an_officers_id_is_the_keyed_hash_of_force_and_service_number(
    hub: Hub, settings: Settings
) -> None:
    person = (await _people(hub))[0]
    key = settings.id_key_bytes()
    expected = opaque_id(key, "Officer", person["force"]["code"], person["serviceNumber"])
    assert person["id"] == expected
    other_key = opaque_id(b"x" * 32, "Officer", person["force"]["code"], person["serviceNumber"])
    assert other_key != expected
    # The readable form of the natural key no longer names anyone, even to a coordinator.
    readable = (
        base64.urlsafe_b64encode(
            f"Officer:{person['force']['code']}:{person['serviceNumber']}".encode()
        )
        .decode()
        .rstrip("=")
    )
    query = "query ($id: ID!) { node(id: $id) { id } }"
    assert (await hub.post("coordinator", query, {"id": readable})).json() == {
        "data": {"node": None}
    }
    found = (await hub.post("coordinator", query, {"id": expected})).json()
    assert found == {"data": {"node": {"id": expected}}}


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor",
        base64.urlsafe_b64encode(b'["FAMILY_NAME",false,"Smith",3]').decode(),
        base64.urlsafe_b64encode(b'["SERVICE_NUMBER",false,3]').decode(),
        "A" * 5_000,
    ],
)
async def test_a_tampered_or_foreign_cursor_is_refused_with_a_code(hub: Hub, cursor: str) -> None:
    body = (await hub.post("stakeholder", OFFICERS, {"order": "RANK", "after": cursor})).json()
    assert body["data"] is None
    assert [error["extensions"]["code"] for error in body["errors"]] == ["INVALID_CURSOR"]


async def test_pages_follow_one_another_by_cursor_in_every_order(hub: Hub) -> None:
    for order in ("SERVICE_NUMBER", "FAMILY_NAME", "RANK"):
        seen: list[str] = []
        after = None
        while True:
            page = (
                await hub.post("coordinator", OFFICERS, {"order": order, "after": after})
            ).json()
            officers = page["data"]["officers"]
            seen += [edge["node"]["id"] for edge in officers["edges"]]
            after = officers["pageInfo"]["endCursor"]
            if len(officers["edges"]) < 4:
                break
        assert len(seen) == len(set(seen)) == len(await _people(hub))


async def _audit(hub: Hub) -> list[tuple[Any, list[str]]]:
    async with hub.graph.engine.connect() as connection:
        records = (await connection.execute(select(m.AuditRecord).order_by(m.AuditRecord.id))).all()
        subjects = (await connection.execute(select(AuditSubject))).all()
    return [
        (record, sorted(s.subject for s in subjects if s.audit_id == record.id))
        for record in records
    ]


async def test_searching_officers_needs_a_purpose_and_is_audited(hub: Hub) -> None:
    people = await _people(hub)
    met = next(p for p in people if p["force"]["code"] == "metropolitan")
    text = {"text": met["familyName"]}
    refused = (await hub.post("stakeholder", SEARCH, text)).json()
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN_FIELD"
    for caller in ("coordinator", "partner-donor", "partner-host"):
        unsaid = await hub.post(caller, SEARCH, text, purpose=None)
        assert unsaid.status_code == 200
        body = unsaid.json()
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "PURPOSE_REQUIRED"
    read_before = len(await _audit(hub))  # the coordinator's read of every officer's names
    # The Met's partner finds its officer; Police Scotland's partner searches its own force only.
    found = (await hub.post("partner-donor", SEARCH, text, purpose="find a PC")).json()
    assert met["id"] in [node["id"] for node in found["data"]["officers"]["nodes"]]
    other = (await hub.post("partner-host", SEARCH, text, purpose="find a PC")).json()
    assert met["id"] not in [node["id"] for node in other["data"]["officers"]["nodes"]]
    audit = (await _audit(hub))[read_before:]
    assert [(r.force_code, r.purpose, r.fields) for r, _ in audit] == [
        ("metropolitan", "find a PC", "Officer.filter.search"),
        ("police-scotland", "find a PC", "Officer.filter.search"),
    ]
    assert met["id"] in audit[0][1]
    assert met["id"] not in audit[1][1]


async def _add_rejects(hub: Hub) -> None:
    """Rejects of the Met's import batch: personal values quoted in messages, and a rank."""
    async with hub.graph.engine.begin() as connection:
        batch = await connection.scalar(
            select(m.ImportBatch.id).where(m.ImportBatch.file_name == "metropolitan.csv")
        )
        rows = [
            (
                "service_number",
                "MET/77123",
                "UNKNOWN_REFERENCE",
                "no officer 'MET/77123' is stored",
            ),
            ("family_name", "Featherstonehaugh", "TOO_LONG", "'Featherstonehaugh' is too long"),
            (
                None,
                "metropolitan/4417",
                "DUPLICATE_KEY",
                "another officer with this key is at line 3",
            ),
            ("rank", "Archbishop", "UNKNOWN_CODE", "'Archbishop' is no rank of the standard"),
        ]
        await connection.execute(
            insert(m.ImportReject),
            [
                {
                    "batch_id": batch,
                    "file": "metropolitan.csv",
                    "line": line,
                    "field": field,
                    "value": value,
                    "code": code,
                    "message": message,
                }
                for line, (field, value, code, message) in enumerate(rows, start=2)
            ],
        )


def _met_rejects(body: dict[str, Any]) -> list[dict[str, Any]]:
    batches = body["data"]["importBatches"]["nodes"]
    (met,) = [batch for batch in batches if batch["force"]["code"] == "metropolitan"]
    rejects: list[dict[str, Any]] = met["rejects"]
    return rejects


@pytest.mark.parametrize("caller", ["stakeholder", "partner-host", "ingest"])
async def test_rejected_personal_values_are_withheld_from_keys_that_may_not_see_them(
    hub: Hub, caller: str
) -> None:
    await _add_rejects(hub)
    body = (await hub.post(caller, REJECTS)).json()
    if caller == "partner-host":  # a purpose is needed to ask, even when all is withheld
        unsaid = (await hub.post(caller, REJECTS, purpose=None)).json()
        assert unsaid["errors"][0]["extensions"]["code"] == "PURPOSE_REQUIRED"
    rejects = _met_rejects(body)
    text = json.dumps(rejects)
    for secret in ("77123", "Featherstonehaugh", "4417"):
        assert secret not in text
    assert [r["value"] for r in rejects] == [None, None, None, "Archbishop"]
    assert rejects[3]["message"] == "'Archbishop' is no rank of the standard"
    assert rejects[2]["message"] == "another officer with this key is at line 3"
    codes = [error["extensions"]["code"] for error in body["errors"]]
    assert codes == ["FORBIDDEN_FIELD"] * 3
    assert await _audit(hub) == []


@pytest.mark.parametrize("caller", ["coordinator", "partner-donor"])
async def test_rejected_personal_values_are_read_with_a_purpose_and_audited(
    hub: Hub, caller: str
) -> None:
    await _add_rejects(hub)
    unsaid = (await hub.post(caller, REJECTS, purpose=None)).json()
    assert unsaid["errors"][0]["extensions"]["code"] == "PURPOSE_REQUIRED"
    body = (await hub.post(caller, REJECTS, purpose="fix the HR export")).json()
    assert "errors" not in body
    rejects = _met_rejects(body)
    assert [r["value"] for r in rejects] == [
        "MET/77123",
        "Featherstonehaugh",
        "metropolitan/4417",
        "Archbishop",
    ]
    ((record, subjects),) = await _audit(hub)
    assert record.purpose == "fix the HR export"
    assert record.fields == "ImportReject.message,ImportReject.value"
    met_batch = encode_id("ImportBatch", "00000000-0000-0000-0000-000000000000")
    assert subjects == [met_batch]


async def test_who_read_an_officer_is_one_query(hub: Hub, settings: Settings) -> None:
    people = await _people(hub)
    met = [p for p in people if p["force"]["code"] == "metropolitan"]
    read = "query ($id: ID!) { node(id: $id) { ... on Officer { familyName } } }"
    await hub.post("partner-donor", read, {"id": met[0]["id"]}, purpose="welfare check")
    await hub.post("coordinator", read, {"id": met[1]["id"]}, purpose="briefing")
    # A stakeholder's masked read, and a read of the officer's rank only, leave nothing.
    await hub.post("stakeholder", read, {"id": met[0]["id"]})
    rank = "query ($id: ID!) { node(id: $id) { ... on Officer { rank { code } } } }"
    await hub.post("coordinator", rank, {"id": met[0]["id"]})
    log = """query ($ids: [ID!]) { auditLog(filter: {records: $ids}) {
        totalCount nodes { keyName purpose fields records } } }"""
    body = (await hub.post("coordinator", log, {"ids": [met[0]["id"]]})).json()
    records = [node.pop("records") for node in body["data"]["auditLog"]["nodes"]]
    assert records[0] == [met[0]["id"]]
    assert sorted(records[1]) == sorted(person["id"] for person in people)
    names = ["Officer.familyName", "Officer.givenName", "Officer.serviceNumber"]
    assert body["data"]["auditLog"] == {
        "totalCount": 2,  # newest first; the first is `_people`, the coordinator's list
        "nodes": [
            {
                "keyName": "test partner metropolitan",
                "purpose": "welfare check",
                "fields": ["Officer.familyName"],
            },
            {"keyName": "test coordinator", "purpose": DEFAULT_PURPOSE, "fields": names},
        ],
    }
    runner = CliRunner()
    env = {"HUB_DATABASE_URL": settings.database_url}
    for named in (met[0]["id"], f"metropolitan/{met[0]['serviceNumber']}"):
        result = await asyncio.to_thread(
            runner.invoke, app, ["audit", "--officer", named, "--json"], env=env
        )
        assert result.exit_code == 0, result.output
        lines = [json.loads(line) for line in result.output.splitlines()]
        assert [(line["key_name"], line["purpose"]) for line in lines] == [
            ("test partner metropolitan", "welfare check"),
            ("test coordinator", DEFAULT_PURPOSE),
        ]


def test_the_hub_will_not_serve_without_the_federations_id_key() -> None:
    result = CliRunner().invoke(app, ["serve", "--no-migrate"], env={"HUB_ID_KEY": None})
    assert result.exit_code == 2
    assert "ID_KEY_MISSING" in result.output


DEPLOY = """
mutation ($id: ID!, $version: Int!) {
  deployOfficer(input: {id: $id, expectedVersion: $version}) {
    id version officer { id familyName }
  }
}"""


async def test_a_deployment_changes_by_its_opaque_id_and_refusals_are_not_audited(
    hub: Hub,
) -> None:
    listed = await hub.post("coordinator", "{ deployments(first: 1) { nodes { id version } } }")
    (deployment,) = listed.json()["data"]["deployments"]["nodes"]
    async with hub.graph.engine.begin() as connection:  # the fixture's duties are all done
        await connection.execute(
            update(m.Deployment)
            .where(m.Deployment.gid == deployment["id"])
            .values(status="PLANNED")
        )
    before = len(await _audit(hub))
    wrong = {"id": deployment["id"], "version": deployment["version"] + 5}
    conflict = (await hub.post("partner-host", DEPLOY, wrong)).json()
    assert conflict["errors"][0]["extensions"]["code"] == "VERSION_CONFLICT"
    for caller in ("stakeholder", "ingest"):
        refused = (await hub.post(caller, DEPLOY, {**wrong, "version": 1})).json()
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert len(await _audit(hub)) == before
    done = (await hub.post("partner-host", DEPLOY, deployment)).json()
    assert "errors" not in done, done
    changed = done["data"]["deployOfficer"]
    assert (changed["id"], changed["version"]) == (deployment["id"], deployment["version"] + 1)
    ((record, subjects),) = (await _audit(hub))[before:]
    assert (record.operation_type, record.fields) == ("mutation", "Officer.familyName")
    assert subjects == [changed["officer"]["id"]]
