"""The reader process checks the files of one adapter and force with one validator: the
generated checks of its records are made for the first file, not again for each file."""

from __future__ import annotations

import socket
import threading
from multiprocessing.connection import Connection
from typing import Any

import pytest

from hub.adapters import reader
from hub.adapters.check import validate as validate_module
from hub.adapters.sources import Job
from tests.adapters.conftest import example
from tests.adapters.test_reader_ahead import _adapter

ROSTER = example("duty-roster-xml", "roster.xml")


def _served(jobs: list[Job]) -> list[tuple[int, str, Any]]:
    """Every message the reader sends for `jobs`, served as the reader process serves them."""
    ours, theirs = socket.socketpair()
    connection = Connection(ours.detach())
    served = threading.Thread(target=reader.serve, args=(Connection(theirs.detach()),))
    served.start()
    messages: list[tuple[int, str, Any]] = []
    try:
        for job in jobs:
            connection.send(job)
        while not messages or messages[-1][:2] != (jobs[-1].number, "done"):
            messages.append(connection.recv())
    finally:
        connection.close()
        served.join(10)
    assert not served.is_alive()
    return messages


def test_files_of_one_adapter_and_force_share_their_generated_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[tuple[Any, ...]] = []
    plan = validate_module.record_plan

    def counted(*args: Any) -> Any:
        made.append((args[1], args[3]))  # entity, import's force
        return plan(*args)

    monkeypatch.setattr(validate_module, "record_plan", counted)
    mapping = str(_adapter("duty-roster-xml").source_path)
    jobs = [
        Job(1, mapping, str(ROSTER), 1000, "greater-manchester", None),
        Job(2, mapping, str(ROSTER), 1000, "greater-manchester", None),
        Job(3, mapping, str(ROSTER), 1000, "lancashire", "lancashire"),
    ]
    messages = _served(jobs)
    batches = {job: items for job, kind, items in messages if kind == "batch"}
    assert batches[1] == batches[2]  # the same items, file after file
    by_force = {force: sum(1 for _, f in made if f == force) for _, force in made}
    entities = len({entity for entity, _ in made})
    assert by_force == {"greater-manchester": entities, "lancashire": entities}
