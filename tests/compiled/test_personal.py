"""Personal fields on the compiled path: the same answers, masking and audit rows as the general
path (coordinators compile; other keys, whose answers are masked with errors, do not)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hub.store.models import AuditRecord
from hub.store.models.security import AuditSubject
from tests.client import Graph, auth_headers
from tests.compiled.harness import both

PERSONAL = [
    """{ officers(first: 4) { nodes { id serviceNumber givenName familyName rank { code } } } }""",
    """query Nested { mutualAidRequests(first: 2) { nodes { reference
        deployments(first: 3) { dutyDate officer { familyName force { code } } } } } }""",
    """query One($ids: [ID!]!) { nodes(ids: $ids) { id ... on Officer { givenName } } }""",
    """query E($r: [_Any!]!) { _entities(representations: $r) {
        ... on Officer { serviceNumber detective } } }""",
]


async def _audit(graph: Graph, rows: int) -> list[tuple[Any, ...]]:
    """The newest audit records (fields that do not vary with time or request), with subjects."""
    async with graph.app.state.security_engine.connect() as connection:
        records = (
            await connection.execute(
                select(AuditRecord).order_by(AuditRecord.id.desc()).limit(rows)
            )
        ).all()
        found = []
        for record in records:
            subjects = await connection.scalars(
                select(AuditSubject.subject).where(AuditSubject.audit_id == record.id)
            )
            found.append(
                (
                    record.role,
                    record.operation_name,
                    record.document_hash,
                    record.purpose,
                    record.fields,
                    record.record_count,
                    sorted(subjects),
                )
            )
        return found


async def _variables(graph: Graph) -> dict[str, Any]:
    data = await graph.data("{ officers(first: 3) { nodes { id } } }")
    ids = [node["id"] for node in data["officers"]["nodes"]]
    return {"ids": ids, "r": [{"__typename": "Officer", "id": i} for i in ids]}


async def test_coordinators_compile_personal_fields_with_the_same_audit(graph: Graph) -> None:
    variables = await _variables(graph)
    for document in PERSONAL:
        result = await both(graph, document, variables)
        assert result.compiled == result.general, document
        assert "errors" not in result.compiled, result.compiled
        assert result.compiled_path, (document, result.statements)
        assert result.general_audit == result.compiled_audit == 1, document
        general, compiled = reversed(await _audit(graph, 2))
        assert compiled == general, document
        assert compiled[6], document  # the officers whose data went out
    # A remembered document still needs a purpose on every request.
    document = PERSONAL[0]
    no_purpose = {k: v for k, v in graph.headers.items() if k != "x-purpose"}
    result = await both(graph, document, headers=no_purpose)
    assert result.compiled == result.general
    assert result.compiled["errors"][0]["extensions"]["code"] == "PURPOSE_REQUIRED"
    assert result.general_audit == result.compiled_audit == 0


async def test_other_keys_get_the_general_paths_masking(graph: Graph) -> None:
    variables = await _variables(graph)
    keys = [
        auth_headers(await graph.key("partner", "metropolitan")),
        auth_headers(await graph.key("stakeholder")),
    ]
    for headers in keys:
        for document in PERSONAL:
            result = await both(graph, document, variables, headers=headers)
            assert result.compiled == result.general, document
            assert result.compiled_status == result.general_status
            assert result.compiled_audit == result.general_audit, document
            assert not result.compiled_path
