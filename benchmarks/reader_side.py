"""The import's reader side alone: what the reader process does with each file of a manifest.

Each file is answered as the reader process answers it (`hub.adapters.reader.read`: checked
while it is read, streamed, mapped and validated into batches by `sources.take`, each message
pickled as it is sent to the importing process); nothing is written. `run` gives the CPU
seconds of that, the number of source records, and a digest of every item of every batch
(records with values, keys and references; rejects with line, code and message), so that a
change meant to keep behaviour can be shown to keep these items.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.adapters import reader
from hub.adapters.check import Item, Validator
from hub.adapters.registry import resolve_adapter
from hub.adapters.sources import Job, read_size
from hub.standard import load_vocabulary


@dataclass(slots=True)
class Totals:
    files: int = 0
    records: int = 0  # source records (items)
    written: int = 0  # records of the standard in them
    rejected: int = 0
    refused: int = 0  # files refused whole
    pickled: int = 0  # bytes of the pickled batches
    seconds: float = 0.0  # CPU of this process


@dataclass(frozen=True, slots=True)
class Step:
    adapter: str
    path: Path
    force: str | None


def steps(exports: Path, adapter: str | None = None) -> list[Step]:
    """The manifest's files in order (only those of `adapter`, if named)."""
    manifest = json.loads((exports / "manifest.json").read_text())
    return [
        Step(step["adapter"], exports / name, step.get("force"))
        for step in manifest["steps"]
        if adapter is None or step["adapter"] == adapter
        for name in step["files"]
    ]


@functools.cache
def _adapter(name: str) -> Any:
    """The adapter, found and compiled once (the reader process gets it by its mapping file)."""
    return resolve_adapter(name)


@functools.cache
def _validator(adapter: Any, force: str | None) -> Validator:
    """One per adapter and force, kept from file to file, as the reader process keeps it."""
    vocabulary = load_vocabulary()
    allowed = vocabulary.resolve_force(force) if force else None
    declared = vocabulary.resolve_force(adapter.force) if adapter.force else None
    return Validator(vocabulary, adapter.timezone, adapter.synonyms, allowed or declared, allowed)


class _Outbox:
    """Stands in for the reader's outbox: the pickled messages of one file, kept."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    def put(self, message: Any) -> None:
        self.messages.append(reader.pickled(message))

    def put_pickled(self, blob: bytes) -> None:
        self.messages.append(blob)


def answer(step: Step) -> list[bytes]:
    """The reader process's messages about the file, pickled: checked, batches and done, or
    refused."""
    adapter = _adapter(step.adapter)
    validator = _validator(adapter, step.force)
    job = Job(
        0,
        str(adapter.source_path),
        str(step.path),
        read_size(adapter),  # as `Sources` sends it
        validator.default_force,
        validator.allowed_force,
    )
    outbox = _Outbox()
    reader.read(outbox, job, adapter, validator)  # type: ignore[arg-type]
    return outbox.messages


def run(chosen: list[Step], digest: Any = None, profile: Any = None) -> Totals:
    """Read every file as the reader does; `digest` (a hashlib object) takes every item;
    `profile` (cProfile) sees the reading only."""
    totals = Totals()
    for step in chosen:
        _adapter(step.adapter)  # compiled once, outside the timing
    for step in chosen:
        totals.files += 1
        start = time.process_time()
        if profile is not None:
            profile.enable()
        messages = answer(step)
        if profile is not None:
            profile.disable()
        totals.seconds += time.process_time() - start
        for blob in messages:  # untimed: the importing process unpickles them
            _job, kind, payload = pickle.loads(blob)
            if kind == "batch":
                _count(totals, payload, len(blob), digest)
            elif kind == "refused":
                totals.refused += 1
                if digest is not None:
                    code, message, line = payload[:3]
                    digest.update(f"refused {code} {line} {message}".encode())
    return totals


def _count(totals: Totals, items: list[Item], size: int, digest: Any) -> None:
    totals.pickled += size
    totals.records += len(items)
    for item in items:
        totals.written += len(item.records)
        totals.rejected += item.rejected
        if digest is not None:
            digest.update(_canonical(item).encode())


def _canonical(item: Item) -> str:
    """An item as text that does not depend on the process (the fingerprint is a str hash)."""
    records = [
        (
            p.entity,
            sorted((name, repr(value)) for name, value in p.values.items()),
            sorted(p.fields),
            repr(p.key),
            repr(p.refs),
            p.duplicate,
            p.merge,
            p.provisional,
        )
        for p in item.records
    ]
    problems = [(p.field, p.value, p.code, p.message) for p in item.problems]
    fingerprinted = item.fingerprint is not None
    return repr((item.line, item.path, item.cut_ok, fingerprinted, records, problems)) + "\n"


def digest_of(chosen: list[Step]) -> tuple[str, Totals]:
    digest = hashlib.sha256()
    totals = run(chosen, digest)
    return digest.hexdigest(), totals
