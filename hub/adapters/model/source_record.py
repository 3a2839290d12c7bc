"""What an adapter hands over for one source record: records of the standard, or errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.adapters.errors import RecordError


@dataclass(slots=True)
class SourceRecord:
    """What an adapter makes of one source record: records of the standard, or errors.

    `records` holds (entity, values) pairs, values keyed by the entity's field names (see
    docs/adapters.md); a source record with any error is rejected whole. `cut_ok=False` keeps
    the next source record in the same write batch (for records nested in one another).
    `merges` gives, record by record, what to do with a stored record of the same key:
    `update` (the default, also for records it does not cover), `keep` or `fill`.
    `provisional` gives, record by record, the entities (`officer`) a record may name though
    none is stored: a provisional one is created with the key alone.
    """

    line: int | None = None
    path: str | None = None
    records: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    cut_ok: bool = True
    fingerprint: int | None = None  # equal for identical source lines (CSV)
    merges: list[str] = field(default_factory=list)
    provisional: list[tuple[str, ...]] = field(default_factory=list)
