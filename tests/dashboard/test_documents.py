"""The dashboard's persisted documents: valid against the schema, in printed form, so the hash
the build sends is the hash the hub computes (hub/security/documents.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, parse, print_ast, validate

from hub.schema import build_schema
from hub.security.documents import document_hash

DOCUMENTS = sorted((Path(__file__).parents[2] / "dashboard" / "documents").glob("*.graphql"))


def test_there_is_a_document_per_chart_and_list() -> None:
    names = {path.stem for path in DOCUMENTS}
    assert {
        "DeployedPerDay",
        "DutyDaysByForce",
        "RequestsByStatus",
        "FillRates",
        "MutualAid",
        "Occupancy",
        "RequestList",
        "DeploymentList",
        "DeploymentListPersonal",
        "RequestEvents",
        "Viewer",
        "Operations",
    } <= names


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.stem)
def test_document_is_valid_printed_and_named_after_its_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8").rstrip("\n")
    document = parse(text)
    assert validate(build_schema()._schema, document) == []
    assert text == print_ast(document), "keep the file as graphql-core prints it"
    (operation,) = document.definitions
    assert isinstance(operation, OperationDefinitionNode)
    assert operation.name is not None and operation.name.value == path.stem
    # What vite.config.ts sends as `sha256Hash` is the hub's identity of the document.
    assert hashlib.sha256(text.encode()).hexdigest() == document_hash(document)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.stem)
def test_only_the_personal_list_asks_for_personal_fields(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    names = {"serviceNumber", "givenName", "familyName"}
    asked = {field for field in (*names, "actorName") if field in text}
    assert asked == (names if "Personal" in path.stem else set())
