"""Multiprocess mode (`hub serve --workers N`): requests counted by two processes are added up
by whichever reads the metrics, through the files of `PROMETHEUS_MULTIPROC_DIR`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

COUNT = """
import hub.ops.metrics as m
assert m.SHARED
m.record_request("Shared", "OK", "compiled", 0.004, 1)
m.record_request(None, "RATE_LIMITED", "none", 0.0005, 1)
"""
READ = """
from prometheus_client import generate_latest
import hub.ops.metrics as m
print(generate_latest(m._registry()).decode())
"""


def _run(code: str, folder: Path) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_workers_requests_are_added_up(tmp_path: Path) -> None:
    for _worker in range(2):
        _run(COUNT, tmp_path)
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(_run(READ, tmp_path))
        for sample in family.samples
    }
    shared = (("operation", "Shared"), ("outcome", "OK"), ("path", "compiled"))
    assert samples[("hub_graphql_requests_total", shared)] == 2
    latency = (("le", "0.005"), ("operation", "Shared"), ("path", "compiled"))
    assert samples[("hub_graphql_request_seconds_bucket", latency)] == 2
    assert samples[("hub_graphql_request_sql_statements_count", (("path", "none"),))] == 2
