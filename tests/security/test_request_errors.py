"""Requests the hub cannot run, sent to a real `hub serve`: each is answered with coded JSON,
never a 500 or plain text, and no message hints at names of the schema ("Did you mean")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.client import auth_headers
from tests.federation.processes import REPO_ROOT
from tests.security.served import Served, error_codes, served_hub

ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }"


@dataclass(frozen=True)
class Case:
    """A request and its answer: the codes, the status (graphql-response+json), and where."""

    body: dict[str, Any]
    code: str
    status: int = 400
    argument: str | None = None
    data: bool = False  # execution began: `data` is present (per-field errors)
    extra: dict[str, Any] = field(default_factory=dict)


def entities(*representations: object) -> dict[str, Any]:
    return {"query": ENTITIES, "variables": {"r": list(representations)}}


CASES: dict[str, Case] = {
    "an operationName absent from the document": Case(
        {"query": "query A { regions { code } }", "operationName": "B"},
        "OPERATION_NOT_FOUND",
        argument="operationName",
    ),
    "two operations and no operationName": Case(
        {"query": "query A { regions { code } } query B { forces { code } }"},
        "OPERATION_NAME_REQUIRED",
        argument="operationName",
    ),
    "two anonymous operations": Case(
        {"query": "{ regions { code } } { forces { code } }"}, "OPERATION_NAME_REQUIRED"
    ),
    "a document of fragments only": Case(
        {"query": "fragment F on Region { code }"}, "OPERATION_NOT_FOUND"
    ),
    "an officer referenced by force and service number": Case(
        entities({"__typename": "Officer", "force": "metropolitan", "serviceNumber": "MP1"}),
        "INVALID_REPRESENTATION",
        status=200,
        argument="representations.0",
        data=True,
    ),
    "a representation that is not an object": Case(
        entities(5), "INVALID_REPRESENTATION", status=200, data=True
    ),
    "a representation of an unknown type": Case(
        entities({"__typename": "Nope", "id": "x"}), "INVALID_REPRESENTATION", 200, data=True
    ),
    "a representation of a type that is no entity": Case(
        entities({"__typename": "PageInfo", "id": "x"}), "INVALID_REPRESENTATION", 200, data=True
    ),
    "a representation without __typename": Case(
        entities({"id": "x"}), "INVALID_REPRESENTATION", 200, data=True
    ),
    "a representation with no key": Case(
        entities({"__typename": "Region"}), "INVALID_REPRESENTATION", 200, data=True
    ),
    "a representation whose key is a number": Case(
        entities({"__typename": "Region", "code": 7}), "INVALID_REPRESENTATION", 200, data=True
    ),
    "a 900 KB search string": Case(
        {
            "query": "query($s: String) { operations(filter: {search: $s}) { totalCount } }",
            "variables": {"s": "x" * 900_000},
        },
        "INPUT_TOO_LARGE",
        status=200,
        argument="filter.search",
        data=True,
    ),
    "101 codes in a filter": Case(
        {
            "query": "query($f: [String!]) { mutualAidRequests(filter: {forces: $f}) "
            "{ totalCount } }",
            "variables": {"f": [f"force-{i}" for i in range(101)]},
        },
        "INPUT_TOO_LARGE",
        status=200,
        argument="filter.forces",
        data=True,
    ),
    "a NUL character in a literal": Case(
        {"query": '{ operation(code: "a\\u0000") { code } }'}, "GRAPHQL_VALIDATION_FAILED"
    ),
    "a NUL character in a variable": Case(
        {
            "query": "query($c: String!) { operation(code: $c) { code } }",
            "variables": {"c": "a\u0000"},
        },
        "BAD_USER_INPUT",
    ),
    "nodes with 45,000 ids": Case(
        {
            "query": "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            "variables": {"ids": [f"id{i}" for i in range(45_000)]},
        },
        "PAGE_SIZE_EXCEEDED",
        status=200,
        argument="ids",
        data=True,
    ),
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served_hub(tmp_path_factory.mktemp("request-errors")) as hub:
        yield hub


@pytest.mark.parametrize("case", list(CASES))
def test_a_request_that_cannot_run_gets_a_coded_json_error(served: Served, case: str) -> None:
    expected = CASES[case]
    response = served.post("coordinator", expected.body)
    assert response.status_code == expected.status, response.text
    assert set(error_codes(response)) == {expected.code}
    payload = response.json()
    assert ("data" in payload) is expected.data
    if expected.argument is not None:
        assert {e["extensions"].get("argument") for e in payload["errors"]} == {expected.argument}


def test_two_operations_run_neither(served: Served) -> None:
    """The specification refuses to guess which of several operations to run."""
    body = {"query": "query A { regions { code } } mutation B { __typename }"}
    response = served.post("coordinator", body)
    assert "data" not in response.json()


MISTAKES = {
    "an enum value": "{ mutualAidRequests(filter: {statuses: [OPE]}) { totalCount } }",
    "an argument": "{ mutualAidRequests(fist: 1) { totalCount } }",
    "a type": "query($f: MutualAidRequestFilte) { mutualAidRequests(filter: $f) { totalCount } }",
    "an input field": "{ mutualAidRequests(filter: {statuse: [OPEN]}) { totalCount } }",
    "a field": "{ regions { cod } }",
    "a directive": "{ regions @skp(if: true) { code } }",
    "an enum value in a variable": (
        "query($s: [RequestStatus!]) { mutualAidRequests(filter: {statuses: $s}) "
        '{ totalCount } } # {"s": ["OPE"]}'
    ),
    "an input field in a variable": (
        "query($f: MutualAidRequestFilter) { mutualAidRequests(filter: $f) "
        '{ totalCount } } # {"f": {"statuse": ["OPEN"]}}'
    ),
}
VARIABLES = {
    "an enum value in a variable": {"s": ["OPE"]},
    "an input field in a variable": {"f": {"statuse": ["OPEN"]}},
}


@pytest.mark.parametrize("caller", ["coordinator", "partner-host", "ingest", "stakeholder"])
@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_no_role_gets_did_you_mean_hints(served: Served, caller: str, mistake: str) -> None:
    body = {"query": MISTAKES[mistake], "variables": VARIABLES.get(mistake)}
    response = served.post(caller, body)
    codes = error_codes(response)
    # An ingest key may not read requests: refused before its variables are read.
    assert set(codes) <= {"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT", "FORBIDDEN"}
    assert "did you mean" not in response.text.lower()


def test_an_xml_file_that_breaks_its_xsd_is_not_called_malformed(served: Served) -> None:
    """The EDXL-RM request adapter validates against the OASIS XSD: a well-formed file with an
    element the XSD does not allow is refused as XML_SCHEMA_INVALID, not XML_MALFORMED."""
    sample = REPO_ROOT / "adapters" / "edxl-rm-request" / "RequestResource.xml"
    good = "<rmsg:MessageID>RequestResource.1</rmsg:MessageID>"
    text = sample.read_text()
    assert good in text
    broken = text.replace(good, good + "<rmsg:Unexpected>x</rmsg:Unexpected>")
    response = served.http.post(
        "/ingest",
        params={"adapter": "edxl-rm-request", "filename": "broken.xml"},
        content=broken.encode(),
        headers=auth_headers(served.keys["coordinator"]),
    )
    assert response.status_code == 200, response.text
    [report] = response.json()["reports"]
    assert report["status"] == "FAILED"
    assert report["error"]["code"] == "XML_SCHEMA_INVALID", report["error"]
