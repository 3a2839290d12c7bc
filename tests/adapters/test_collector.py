"""While an import runs, the cyclic collector runs less often; afterwards it is as it was."""

from __future__ import annotations

import gc
import pickle

from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest
from hub.adapters.check import Validator
from hub.adapters.pipeline import IMPORT_GC_THRESHOLD
from hub.adapters.registry import resolve_adapter
from hub.standard import load_vocabulary
from tests.adapters.conftest import example


async def test_an_import_raises_the_threshold_and_restores_it(engine: AsyncEngine) -> None:
    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    (report,) = await ingest(
        engine,
        "hr-officers",
        [example("hr-officers", "officers.csv")],
        force="greater-manchester",
        progress=lambda _read: seen.append(gc.get_threshold()),
    )
    assert report.status == "COMPLETED" and seen
    assert all(threshold[0] >= IMPORT_GC_THRESHOLD for threshold in seen)
    assert gc.get_threshold() == before


def test_a_batch_crosses_to_the_importing_process_whole() -> None:
    """Batches are pickled from the reader process: every part of every item comes back."""
    adapter = resolve_adapter("hr-officers")
    vocabulary = load_vocabulary()
    force = vocabulary.resolve_force("greater-manchester")
    validator = Validator(vocabulary, adapter.timezone, adapter.synonyms, force, None)
    items = [
        validator.item(source)
        for source in adapter.records(example("hr-officers", "officers-with-errors.csv"))
    ]
    assert any(item.records for item in items) and any(item.problems for item in items)
    for item in items:  # no field left at its default, so a field dropped on the way shows
        item.cut_ok, item.fingerprint = False, 7
        for record in item.records:
            record.duplicate, record.merge, record.provisional = True, "fill", ("officer",)
    again = pickle.loads(pickle.dumps(items))
    assert again == items
    for old, new in zip(items, again, strict=True):
        assert [type(record) for record in new.records] == [type(r) for r in old.records]
