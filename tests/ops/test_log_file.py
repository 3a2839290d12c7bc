"""HUB_LOG_FILE's handler: one JSON line a record, to the file and stderr alike, and a file
moved away by logrotate followed by a new one."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from hub.ops.logging import JsonFormatter, LineHandler


def _record(message: str, created: float) -> logging.LogRecord:
    record = logging.LogRecord("hub.test", logging.INFO, __file__, 1, message, (), None)
    record.created = created
    return record


def _messages(path: Path) -> list[str]:
    return [json.loads(line)["message"] for line in path.read_text().splitlines()]


def test_a_moved_file_is_followed_by_a_new_one_within_a_second(tmp_path: Path) -> None:
    path = tmp_path / "hub.log.jsonl"
    handler = LineHandler(filename=str(path))
    handler.setFormatter(JsonFormatter())
    try:
        handler.handle(_record("first", 1000.0))
        path.rename(tmp_path / "hub.log.jsonl.1")  # as logrotate does
        handler.handle(_record("within the second", 1000.5))
        handler.handle(_record("a second later", 1001.0))
        handler.handle(_record("next", 1001.2))
    finally:
        handler.close()
    assert _messages(tmp_path / "hub.log.jsonl.1") == ["first", "within the second"]
    assert _messages(path) == ["a second later", "next"]


def test_one_line_to_stderr_and_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hub.log.jsonl"
    handler = LineHandler(filename=str(path), stderr=True)
    handler.setFormatter(JsonFormatter())
    try:
        handler.handle(_record("both", 1000.0))
    finally:
        handler.close()
    assert path.read_text() == capsys.readouterr().err
    assert _messages(path) == ["both"]
