"""The import's reader side alone: what the reader process does with each file of a manifest.

Each file is checked (`Adapter.check`), streamed, mapped and validated into batches
(`sources.take`), and each batch pickled as it would be sent to the importing process; nothing
is written. `run` gives the CPU seconds, the number of source records, and a digest of every
item of every batch (records with values, keys and references; rejects with line, code and
message), so that a change meant to keep behaviour can be shown to keep these items.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

from hub.adapters.check import Item, Validator
from hub.adapters.errors import SourceError
from hub.adapters.registry import resolve_adapter
from hub.adapters.sources import take
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


def _validator(adapter: Any, force: str | None) -> Validator:
    vocabulary = load_vocabulary()
    allowed = vocabulary.resolve_force(force) if force else None
    declared = vocabulary.resolve_force(adapter.force) if adapter.force else None
    return Validator(vocabulary, adapter.timezone, adapter.synonyms, allowed or declared, allowed)


def batches(step: Step) -> Iterator[list[Item]]:
    """The file's batches as the reader process makes them (SourceError: refused)."""
    adapter = _adapter(step.adapter)
    adapter.check(step.path)
    validator = _validator(adapter, step.force)
    records = adapter.records(step.path)
    while items := take(records, validator, adapter.batch_size):
        yield items


def run(chosen: list[Step], digest: Any = None) -> Totals:
    """Read every file as the reader does; `digest` (a hashlib object) takes every item."""
    totals = Totals()
    for step in chosen:
        _adapter(step.adapter)  # compiled once, outside the timing
    start = time.process_time()
    for step in chosen:
        totals.files += 1
        try:
            for items in batches(step):
                totals.pickled += len(ForkingPickler.dumps(items))
                totals.records += len(items)
                for item in items:
                    totals.written += len(item.records)
                    totals.rejected += item.rejected
                    if digest is not None:
                        digest.update(_canonical(item).encode())
        except SourceError as error:
            totals.refused += 1
            if digest is not None:
                digest.update(f"refused {error.code} {error.line} {error.message}".encode())
    totals.seconds = time.process_time() - start
    return totals


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
