"""Write: checked records resolved to stored rows by natural key and upserted batch by batch,
inside an import batch that records who imported what, and every reject."""

from hub.adapters.write.batch import (
    close_batch,
    fail_batch,
    open_batch,
    reference_ids,
    store_rejects,
)
from hub.adapters.write.chunk import Chunk, Reference, Tally
from hub.adapters.write.findings import check_written
from hub.adapters.write.liveness import LOCK_CLASS, hold, interrupt_stale, release, release_all
from hub.adapters.write.markings import mark_written
from hub.adapters.write.snapshot import apply_snapshot
from hub.adapters.write.upsert import refresh_statistics
from hub.adapters.write.verified import Verified

__all__ = [
    "LOCK_CLASS",
    "Chunk",
    "Reference",
    "Tally",
    "Verified",
    "apply_snapshot",
    "check_written",
    "close_batch",
    "fail_batch",
    "hold",
    "interrupt_stale",
    "mark_written",
    "open_batch",
    "reference_ids",
    "refresh_statistics",
    "release",
    "release_all",
    "store_rejects",
]
