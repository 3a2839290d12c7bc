"""Records a file repeats unchanged, remembered so that their repeats need no look-up.

A roster names each officer on every shift it lists, and each shift's post: at COP26 the
roster files give 52,487 officer records that match what is stored, 40,911 of them equal to
one an earlier batch of the same file found unchanged. Such a record, equal in everything the
writer reads of it, is unchanged again as long as nothing else wrote its row in between: in
the same transaction, and no batch of it rolled back (a batch's writes of that key would have
replaced the entry). `Chunk` serves those records, and references to their keys, from here.
"""

from __future__ import annotations

from typing import Any

from hub.adapters.check import Pending
from hub.adapters.write.lookup import Stored

Key = tuple[Any, ...]
Fingerprint = tuple[Any, ...]

# The entities whose records files repeat batch after batch (others are written once each).
VERIFIED_ENTITIES = frozenset({"officer", "location", "planning_unit"})


def fingerprint(record: Pending) -> Fingerprint:
    """Everything `Chunk` reads of a record to write it (compared with ==: values may hold
    lists)."""
    values = record.values
    return (record.merge, record.fields, tuple(values), tuple(values.values()), record.refs)


class Verified(dict[str, dict[Key, tuple[Fingerprint, Stored]]]):
    """Records of `VERIFIED_ENTITIES` found stored and unchanged in the open transaction, by
    entity and key: the record's fingerprint and the stored row. Kept by the file writing
    them (`hub.adapters.pipeline`), emptied at each commit and after a batch's error."""

    def remember(self, record: Pending, stored: Stored) -> None:
        """`record` was found stored as `stored`, unchanged. Only the row's id is kept (all
        that a record served from here, or a reference to it, needs of the row): a roster's
        officers are many."""
        row = {"id": stored.row["id"]}
        self.setdefault(record.entity, {})[record.key] = (
            fingerprint(record),
            Stored(row, stored.owner),
        )

    def forget(self, entity: str, key: Key) -> None:
        """The row of `key` was written."""
        known = self.get(entity)
        if known is not None:
            known.pop(key, None)
