"""`hub standard validate`: a force's files checked against the standard through the CLI."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import hub.standard.validate as validate_module
from hub.cli import app
from hub.domain.edxl import MESSAGE_TYPES, CommitmentKey, Message, Party, RequestState
from hub.edxl.build import to_xml

ROOT = Path(__file__).resolve().parents[2]
EDXL_REQUEST = ROOT / "adapters" / "edxl-rm-request" / "RequestResource.xml"
EDXL_COMMIT = ROOT / "adapters" / "edxl-rm-commit" / "CommitResource.xml"
runner = CliRunner()

OFFICERS_CSV = """\
force,serviceNumber,givenName,familyName,rank,capabilities,availableFrom,availableTo
metropolitan,MP1,Ann,Smith,PC,PUBLIC_ORDER_L2|PSU_DRIVER,2021-10-30,2021-11-12
kent,K7,Bob,Jones,SGT,,,
"""
REQUEST = {
    "reference": "COP26-0001",
    "requestingForce": "police-scotland",
    "capability": "PUBLIC_ORDER_L2",
    "quantity": 20,
    "startsOn": "2021-10-31",
    "endsOn": "2021-11-12",
    "raisedAt": "2021-09-01T09:30:00Z",
}
DEPLOYMENT = {
    "force": "kent",
    "serviceNumber": "K7",
    "dutyUnit": "D-1",
    "dutyDate": "2021-11-01",
    "status": "ON_DUTY",
}


def validate(tmp_path: Path, *args: str) -> tuple[int, str, list[dict[str, Any]]]:
    """Exit code, output and the JSON report of `hub standard validate ARGS`."""
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["standard", "validate", *args, "--report", str(report)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    reports = json.loads(report.read_text()) if report.exists() else []
    return result.exit_code, result.output, reports


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def problems(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(p["line"], p["path"], p["field"], p["code"]) for p in report["problems"]]


def test_valid_files_of_every_kind(tmp_path: Path) -> None:
    files = [
        write(tmp_path, "officers.csv", OFFICERS_CSV),
        write(tmp_path, "requests.json", json.dumps([REQUEST, {**REQUEST, "reference": "R2"}])),
        write(
            tmp_path, "deployments.jsonl", json.dumps(DEPLOYMENT) + "\n\n" + json.dumps(DEPLOYMENT)
        ),
        str(EDXL_REQUEST),
        str(EDXL_COMMIT),
    ]

    code, output, reports = validate(tmp_path, *files)

    assert code == 0, output
    summary = [(r["kind"], r["type"], r["read"], r["rejected"], r["valid"]) for r in reports]
    assert summary == [
        ("csv", "officer", 2, 0, True),
        ("json", "mutual-aid-request", 2, 0, True),
        ("json", "deployment", 2, 0, True),
        ("xml", "RequestResource", 1, 0, True),
        ("xml", "CommitResource", 1, 0, True),
    ]


def test_the_published_examples_are_valid(tmp_path: Path) -> None:
    examples = sorted((ROOT / "standards" / "examples").iterdir())

    code, output, reports = validate(tmp_path, *map(str, examples))

    assert code == 0, output
    assert [(r["type"], r["read"]) for r in reports] == [
        ("deployment", 2),
        ("mutual-aid-request", 2),
        ("officer", 3),
    ]


RECORD_CASES = [
    ({"rank": "Sergeant"}, "rank", "UNKNOWN_CODE"),
    ({"capabilities": ["PSU_DRIVER", "JUGGLING"]}, "capabilities[1]", "UNKNOWN_CODE"),
    ({"serviceNumber": None}, "serviceNumber", "INVALID_VALUE"),
    ({"givenName": ""}, "givenName", "MISSING_VALUE"),
    ({"familyName": "x" * 81}, "familyName", "VALUE_TOO_LONG"),
    ({"availableFrom": "30/10/2021"}, "availableFrom", "BAD_DATE"),
    ({"availableFrom": "2021-11-02", "availableTo": "2021-11-01"}, "availableTo", "BAD_RANGE"),
    ({"shoeSize": 9}, "shoeSize", "UNKNOWN_FIELD"),
    ({"service_number": "MP1"}, "service_number", "UNKNOWN_FIELD"),
]


@pytest.mark.parametrize(("change", "field", "problem"), RECORD_CASES)
def test_a_bad_officer_is_reported_with_its_path_field_and_code(
    tmp_path: Path, change: dict[str, Any], field: str, problem: str
) -> None:
    good = {
        "force": "kent",
        "serviceNumber": "K7",
        "givenName": "Bob",
        "familyName": "Jones",
        "rank": "SGT",
    }
    path = write(tmp_path, "officers.json", json.dumps([good, {**good, **change}]))

    code, output, reports = validate(tmp_path, "--type", "officer", path)

    assert code == 1, output
    assert (reports[0]["read"], reports[0]["rejected"]) == (2, 1)
    assert problems(reports[0]) == [(None, "[1]", field, problem)]
    assert f"officers.json [1] {problem} field {field}" in output


def test_request_problems_in_json_lines_are_reported_by_line(tmp_path: Path) -> None:
    lines = [
        REQUEST,
        {**REQUEST, "quantity": 0, "raisedAt": "2021-09-01T09:30:00"},
        {**REQUEST, "startsOn": "2021-11-13"},
        {k: v for k, v in REQUEST.items() if k != "capability"},
    ]
    path = write(tmp_path, "requests.jsonl", "\n".join(json.dumps(line) for line in lines))

    code, _, reports = validate(tmp_path, path)

    assert code == 1
    assert reports[0]["type"] == "mutual-aid-request"
    assert problems(reports[0]) == [
        (2, None, "quantity", "OUT_OF_RANGE"),
        (2, None, "raisedAt", "BAD_DATETIME"),
        (3, None, "endsOn", "BAD_RANGE"),
        (4, None, "capability", "MISSING_VALUE"),
    ]


def test_a_booking_needs_a_holder(tmp_path: Path) -> None:
    booking = {"location": "HOTEL-1", "checkIn": "2021-10-30", "checkOut": "2021-11-01"}
    path = write(tmp_path, "rooms.json", json.dumps(booking))

    code, _, reports = validate(tmp_path, "--type", "AccommodationBooking", path)

    assert code == 1
    assert problems(reports[0]) == [(None, None, None, "MISSING_HOLDER")]


def test_csv_rows_are_reported_by_line(tmp_path: Path) -> None:
    text = OFFICERS_CSV + (
        'kent,K8,"Carol\nAnn",Brown,SGT,,2021-13-01,\n'  # a quoted cell over two lines
        "kent,K9,Dan,Green,INSP,CBRN|FLYING,,\n"
        "kent,K10,Eve\n"
        "kent,K11,Fay,Hill,PC,,,,\n"
    )
    path = write(tmp_path, "officers.csv", text)

    code, _, reports = validate(tmp_path, path)

    assert code == 1
    assert (reports[0]["read"], reports[0]["rejected"]) == (6, 4)
    assert problems(reports[0]) == [
        (4, None, "availableFrom", "BAD_DATE"),
        (6, None, "capabilities[1]", "UNKNOWN_CODE"),
        (7, None, None, "ROW_COLUMN_COUNT"),
        (8, None, None, "ROW_COLUMN_COUNT"),
    ]


FILE_CASES = [
    ("a.csv", "force,serviceNumber,force\nkent,1,kent\n", "CSV_DUPLICATE_HEADER", 1),
    ("a.csv", "force,serviceNumber,colour\nkent,1,red\n", "RECORD_TYPE_UNKNOWN", 1),
    ("a.csv", "", "CSV_NO_HEADER", 1),
    ("a.csv", b"code\nkent\xff\n", "ENCODING_ERROR", 2),
    ("a.csv", b"code\nke\x00nt\n", "NUL_BYTE", 2),
    ("a.csv", 'code\n"kent\n', "CSV_UNTERMINATED_QUOTE", 2),
    ("a.csv", "code\n" + "k" * (1024 * 1024 + 1), "LINE_TOO_LONG", 2),
    ("a.jsonl", '{"code": "kent"}\n{"code": "k\u00e9nt"}\n\0', "NUL_BYTE", 3),
    ("a.json", '[{"code": "kent"},', "JSON_MALFORMED", 1),
    ("a.jsonl", '{"code": "kent"}\n{"code": \n', "JSON_MALFORMED", 2),
    ("a.json", '{"startsOn": "2021-01-01"}', "RECORD_TYPE_UNKNOWN", None),
    ("a.txt", "code\nkent\n", "FILE_KIND_UNKNOWN", None),
    ("a.xml", "<a><b></a>", "XML_MALFORMED", 1),
    (
        "a.xml",
        '<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>',
        "XML_DOCTYPE_FORBIDDEN",
        1,
    ),
    ("a.xml", "<RequestResource/>", "EDXL_UNKNOWN_MESSAGE", 1),
]


@pytest.mark.parametrize(("name", "text", "problem", "line"), FILE_CASES)
def test_a_file_that_cannot_be_read_is_refused(
    tmp_path: Path, name: str, text: str | bytes, problem: str, line: int | None
) -> None:
    path = write(tmp_path, name, text)

    code, output, reports = validate(tmp_path, path)

    assert code == 2, output
    error = reports[0]["error"]
    assert (error["code"], error["line"]) == (problem, line)
    assert f"refused: {path}" in output


def test_a_header_not_of_the_given_type_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "forces.csv", "code,colour\nkent,red\n")

    code, _, reports = validate(tmp_path, "--type", "force", path)

    assert code == 2
    assert reports[0]["error"]["code"] == "CSV_UNKNOWN_COLUMN"


def test_an_unknown_type_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", "{}")

    result = runner.invoke(app, ["standard", "validate", "--type", "constable", path])

    assert result.exit_code == 2
    assert "'constable' is no record type" in result.output


def test_an_invalid_edxl_message_is_reported_with_its_line_and_path(tmp_path: Path) -> None:
    text = EDXL_REQUEST.read_text(encoding="utf-8")
    broken = text.replace("<rmsg:MessageID>RequestResource.1</rmsg:MessageID>", "", 1)
    path = write(tmp_path, "request.xml", broken)

    code, output, reports = validate(tmp_path, path, str(EDXL_COMMIT))

    assert code == 1, output
    assert [(r["type"], r["valid"]) for r in reports] == [
        ("RequestResource", False),
        ("CommitResource", True),
    ]
    problem = reports[0]["problems"][0]
    assert problem["code"] == "XML_SCHEMA_INVALID"
    assert problem["line"] == 4
    assert problem["path"] == "/rmsg:RequestResource/rmsg:SentDateTime"
    assert "MessageID" in problem["message"]


def test_every_message_the_hub_writes_is_a_valid_edxl_rm_message(tmp_path: Path) -> None:
    request = RequestState(
        reference="MAR-1",
        requesting_force="police-scotland",
        capability="PUBLIC_ORDER_L2",
        quantity=3,
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 13),
        unit="SERIAL",
    )
    files = []
    for number, message_type in enumerate(MESSAGE_TYPES):
        message = Message(
            message_id=f"m-{number}",
            message_type=message_type,
            response_type="Accept" if message_type == "ResponseToRequestResource" else None,
            originating_message_id="m-0",
            preceding_message_id="m-0",
            sent_at=datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
            sender="metropolitan",
            party=Party.RESPONDER,
            request=request,
            commitment=CommitmentKey("metropolitan", 2, 1),
            note="Reply by 18:00",  # RequestInformation's XSD requires a MessageDescription
        )
        files.append(write(tmp_path, f"{message_type}.xml", to_xml(message)))

    code, output, reports = validate(tmp_path, *files)

    assert code == 0, output
    assert [r["type"] for r in reports] == list(MESSAGE_TYPES)


def test_types_lists_the_record_types() -> None:
    result = runner.invoke(app, ["standard", "types"])

    assert result.exit_code == 0
    assert {"officer", "mutual-aid-request", "travel-booking"} <= set(result.output.split())


def test_every_problem_code_is_documented() -> None:
    source = "".join(
        path.read_text(encoding="utf-8")
        for path in (ROOT / "hub" / "standard" / "validate").glob("*.py")
    )
    codes = set(re.findall(r'"([A-Z]+(?:_[A-Z]+)+)"', source)) - set(validate_module.__all__)
    documented = (ROOT / "standards" / "README.md").read_text(encoding="utf-8")
    assert {"MISSING_HOLDER", "XML_SCHEMA_INVALID", "RECORD_TYPE_UNKNOWN"} <= codes
    assert sorted(code for code in codes if f"`{code}`" not in documented) == []


def test_public_names() -> None:
    assert sorted(validate_module.__all__) == [
        "EDXL_RM_SCHEMAS",
        "FileReport",
        "JSON_SCHEMAS",
        "Problem",
        "UnknownRecordType",
        "exit_code",
        "message_types",
        "record_types",
        "validate_files",
    ]
