"""GET /metrics of a running `hub serve`, scraped before and after real requests."""

from __future__ import annotations

import json
import re
from collections import Counter

from websockets.sync.client import connect

from tests.federation.processes import REPO_ROOT
from tests.ops.conftest import METRICS_TOKEN, STAKEHOLDER_LIMIT, OpsHub

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]

FORCES = "query OpsForces { forces { code } }"
REQUESTS = "query OpsRequests { mutualAidRequests(first: 2) { nodes { reference status } } }"
OFFICERS = "query OpsOfficers { officers(first: 5) { nodes { givenName serviceNumber } } }"


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sum of the samples of `name` whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(v for (n, have), v in samples.items() if n == name and wanted <= set(have))


def grew(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


def test_metrics_answer_only_with_the_token(ops_hub: OpsHub) -> None:
    assert ops_hub.http.get("/metrics").status_code == 401
    wrong = {"authorization": f"Bearer {METRICS_TOKEN}x"}
    assert ops_hub.http.get("/metrics", headers=wrong).status_code == 401
    right = {"authorization": f"Bearer {METRICS_TOKEN}"}
    response = ops_hub.http.get("/metrics", headers=right)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")


def test_requests_are_counted_by_operation_outcome_and_path(ops_hub: OpsHub) -> None:
    before = ops_hub.metrics()
    paths = Counter[str]()
    for headers in ({}, {}, {"x-hub-plan": "general"}):
        response = ops_hub.post("coordinator", REQUESTS, headers)
        assert response.status_code == 200 and "errors" not in response.json(), response.text
        paths[response.headers["x-hub-plan"]] += 1
    broken = ops_hub.post("coordinator", "query OpsBroken { forces { nope } }")
    assert broken.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    after = ops_hub.metrics()

    requests = "hub_graphql_requests_total"
    for path, count in paths.items():
        assert grew(before, after, requests, operation="OpsRequests", outcome="OK", path=path) == (
            count
        )
    assert paths == {"compiled": 2, "general": 1}
    assert grew(before, after, requests, operation="OpsBroken") == 1
    assert grew(before, after, requests, outcome="GRAPHQL_VALIDATION_FAILED") == 1
    latency = "hub_graphql_request_seconds_count"
    assert grew(before, after, latency, operation="OpsRequests") == 3
    assert grew(before, after, "hub_graphql_request_seconds_sum", operation="OpsRequests") > 0
    # Every request ran statements (its key at least, the reads of the executed ones).
    assert grew(before, after, "hub_graphql_request_sql_statements_count") == 4
    assert grew(before, after, "hub_graphql_request_sql_statements_sum") >= 4
    # A compiled read's one statement runs on the driver, outside SQLAlchemy: still counted.
    compiled = grew(before, after, "hub_graphql_request_sql_statements_sum", path="compiled")
    assert compiled >= 2


def test_refusals_and_audit_writes_are_counted(ops_hub: OpsHub) -> None:
    before = ops_hub.metrics()
    statuses = [
        ops_hub.post("stakeholder", FORCES).status_code for _ in range(STAKEHOLDER_LIMIT + 1)
    ]
    assert statuses.count(429) == 1, statuses
    disclosed = ops_hub.post("coordinator", OFFICERS)
    assert disclosed.json()["data"]["officers"]["nodes"][0]["serviceNumber"], disclosed.text
    after = ops_hub.metrics()
    assert grew(before, after, "hub_rate_limit_refusals_total") == 1
    assert grew(before, after, "hub_graphql_requests_total", outcome="RATE_LIMITED") == 1
    assert grew(before, after, "hub_audit_writes_total", result="written") == 1


def test_imports_are_counted_by_adapter_and_force(ops_hub: OpsHub) -> None:
    samples = ops_hub.metrics()
    totals: Counter[tuple[str, str, str]] = Counter()
    files: Counter[tuple[str, str]] = Counter()
    for report in ops_hub.reports:
        force = report["force"] or "-"
        written = report["inserted"] + report["updated"]
        for kind, rows in (("read", report["read"]), ("written", written)):
            totals[(report["adapter"], force, kind)] += rows
        totals[(report["adapter"], force, "rejected")] += report["rejected"]
        files[(report["adapter"], force)] += 1
    assert sum(n for (_a, _f, kind), n in totals.items() if kind == "read") > 0
    for (adapter, force, kind), rows in totals.items():
        labels = {"adapter": adapter, "force": force, "kind": kind}
        assert value(samples, "hub_import_rows_total", **labels) == rows, labels
    for (adapter, force), count in files.items():
        labels = {"adapter": adapter, "force": force}
        assert value(samples, "hub_import_files_total", **labels) == count, labels
        assert value(samples, "hub_import_seconds_count", **labels) == count, labels


def test_pools_and_subscription_connections_are_shown(ops_hub: OpsHub) -> None:
    samples = ops_hub.metrics()
    assert value(samples, "hub_db_pool_size", pool="read") > 0
    assert value(samples, "hub_db_connections_in_use", pool="read") == 0
    assert value(samples, "hub_subscription_connections") == 0
    url = ops_hub.url.replace("http://", "ws://") + "/graphql"
    with connect(url, subprotocols=["graphql-transport-ws"]):  # type: ignore[list-item]
        assert value(ops_hub.metrics(), "hub_subscription_connections") == 1
    assert value(ops_hub.metrics(), "hub_subscription_connections") == 0


def test_the_sample_dashboard_asks_only_for_metrics_the_hub_shows(ops_hub: OpsHub) -> None:
    dashboard = json.loads((REPO_ROOT / "docs" / "grafana-dashboard.json").read_text())
    expressions = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    asked = {name for expr in expressions for name in re.findall(r"\bhub_[a-z_]+", expr)}
    shown = {name for name, _labels in ops_hub.metrics()}
    assert len(asked) >= 8 and asked <= shown, asked - shown
