"""`hub ingest` as the workflow tests run it: one file, through a named adapter, with a report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from hub.cli import app

runner = CliRunner()
RM = (
    'xmlns:rm="urn:oasis:names:tc:emergency:EDXL:RM:1.0" '
    'xmlns:rmsg="urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg"'
)


def ingest(adapter: str, path: Path) -> dict[str, Any]:
    """The import's report (one file); the command must not fail."""
    report = path.with_suffix(".report.json")
    result = runner.invoke(
        app, ["ingest", "--adapter", adapter, str(path), "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    (data,) = json.loads(report.read_text(encoding="utf-8"))
    answer: dict[str, Any] = data
    return answer


def request_message(message: str, lines: list[str]) -> str:
    """An EDXL-RM RequestResource of the given ResourceInformation elements."""
    body = "".join(lines)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rmsg:RequestResource {RM}>\n'
        f"<rmsg:MessageID>{message}</rmsg:MessageID>\n"
        "<rmsg:SentDateTime>2026-11-01T09:00:00</rmsg:SentDateTime>\n"
        "<rmsg:MessageContentType>RequestResource</rmsg:MessageContentType>\n"
        f"<rmsg:OriginatingMessageID>{message}</rmsg:OriginatingMessageID>\n"
        "<rmsg:IncidentInformation><rm:IncidentID>COP26</rm:IncidentID></rmsg:IncidentInformation>\n"
        "<rmsg:ContactInformation><rm:ContactRole>Requester</rm:ContactRole>"
        "<rm:ContactLocation><rm:LocationDescription>Glasgow</rm:LocationDescription>"
        f"</rm:ContactLocation></rmsg:ContactInformation>\n{body}</rmsg:RequestResource>\n"
    )


def resource_line(element: str, resource: str, quantity: str) -> str:
    """One ResourceInformation: a resource type and an EDXL-RM quantity element."""
    return (
        f"<rmsg:ResourceInformation><rmsg:ResourceInfoElementID>{element}"
        "</rmsg:ResourceInfoElementID><rmsg:Resource><rmsg:TypeInfo>"
        f"<Resource>{resource}</Resource></rmsg:TypeInfo></rmsg:Resource>"
        f"<rmsg:AssignmentInformation><rmsg:Quantity>{quantity}</rmsg:Quantity>"
        "</rmsg:AssignmentInformation></rmsg:ResourceInformation>\n"
    )


def measured(amount: int, unit: str) -> str:
    return (
        f"<rm:MeasuredQuantity><rm:Amount>{amount}</rm:Amount><rm:UnitOfMeasure>"
        "<rm:ValueListURN>urn:x-mutual-aid-hub:codelist:resource-units</rm:ValueListURN>"
        f"<rm:Value>{unit}</rm:Value></rm:UnitOfMeasure></rm:MeasuredQuantity>"
    )
