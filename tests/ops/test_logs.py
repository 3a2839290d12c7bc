"""The JSON log lines `hub serve` writes to HUB_LOG_FILE while the demo is imported over HTTP
and queried with keys that see personal data: well formed, correlated, and free of it."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.ops.conftest import OpsHub

OFFICERS = """query OpsNames($first: Int) {
  officers(first: $first) { nodes { id givenName familyName serviceNumber } }
}"""
AUDIT = "query OpsAudit { auditLog(first: 50) { nodes { operationName requestId } } }"


def lines(hub: OpsHub) -> list[dict[str, Any]]:
    return [json.loads(line) for line in hub.log_file.read_text().splitlines()]


def test_every_line_is_json_with_time_level_and_correlation(ops_hub: OpsHub) -> None:
    ops_hub.post("coordinator", OFFICERS, variables={"first": 3})
    logged = lines(ops_hub)
    assert logged
    for line in logged:
        assert {"time", "level", "logger", "message", "correlation_id"} <= line.keys(), line
    requests = [line for line in logged if line["logger"] == "hub.requests"]
    names = {line.get("operation") for line in requests}
    assert "OpsNames" in names
    request = next(line for line in requests if line.get("operation") == "OpsNames")
    assert request["outcome"] == "OK" and request["status"] == 200
    assert isinstance(request["key_id"], int) and request["role"] == "coordinator"
    assert request["duration_ms"] > 0 and len(request["correlation_id"]) == 32
    # One line per file: the demo's (by `hub demo`), then the uploads' (by the server).
    imports = [line for line in logged if line["logger"] == "hub.imports"]
    assert len(imports) == ops_hub.demo_files + len(ops_hub.reports)
    uploads = imports[ops_hub.demo_files :]
    assert [line["batch"] for line in uploads] == [r["batch_uid"] for r in ops_hub.reports]
    assert [line["read"] for line in uploads] == [r["read"] for r in ops_hub.reports]
    assert sum(line["rejected"] for line in imports) > 0  # the demo's exports have bad rows
    assert all(len(line["correlation_id"]) == 32 for line in imports)


def test_the_audit_record_holds_the_request_s_correlation_id(ops_hub: OpsHub) -> None:
    response = ops_hub.post("coordinator", OFFICERS, variables={"first": 2})
    assert response.json()["data"]["officers"]["nodes"], response.text
    audit = ops_hub.post("coordinator", AUDIT).json()["data"]["auditLog"]["nodes"]
    request_id = next(n["requestId"] for n in audit if n["operationName"] == "OpsNames")
    logged = [line for line in lines(ops_hub) if line.get("operation") == "OpsNames"]
    assert request_id in {line["correlation_id"] for line in logged}


def test_no_log_line_holds_personal_data_or_a_key(ops_hub: OpsHub) -> None:
    """Every officer of the demo was imported (some rows rejected), read back by name and
    number: none of it is in the log."""
    everyone = ops_hub.post("coordinator", OFFICERS, variables={"first": 100})
    assert everyone.status_code == 200
    sent = {n["serviceNumber"] for n in everyone.json()["data"]["officers"]["nodes"]}
    assert sent - {None}, everyone.text
    text = ops_hub.log_file.read_text()
    strings = [value for line in lines(ops_hub) for value in _strings(line)]
    words = {word for value in strings for word in re.split(r"[^\w]+", value)}
    officers = ops_hub.operation.officers
    assert len(officers) > 100
    numbers = [o.service_number for o in officers if o.service_number in words]
    names = [
        name
        for o in officers
        for name in (f"{o.given_name} {o.family_name}", f"{o.family_name}, {o.given_name}")
        if any(name in value for value in strings)
    ]
    assert numbers == [] and names == []
    assert not any(key in text for key in ops_hub.keys.values())


def _strings(value: Any) -> list[str]:
    """Every text in a JSON value (service numbers are text: a count is never one)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []
