"""A batch's work that needs only its items, not the database: done ahead of the writer.

The reader process (`hub.adapters.reader`) prepares each batch before sending it: it marks the
records that repeat an earlier one of the batch and rejects those that contradict one
(`dedupe`), gathers the keys `Chunk` looks up (`wanted`), and gives every record with an
opaque id its gid under the id key the importing process sent (`hub.store.gids`). `Chunk`
(`hub.adapters.write.chunk`) takes a `Batch` as done and does the same work itself for any
other list of items. Nothing here loads SQLAlchemy or the store's models (the reader does not).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from hub.adapters.check.validate import Item, Pending
from hub.adapters.model.entities import ENTITY_SPECS
from hub.standard.ids import opaque_id

PRELOADED = ("force", "capability")
Key = tuple[Any, ...]
Live = list[tuple[Item, Pending]]
Repeats = list[tuple[Item, Item]]  # (item of a repeated record, of the first)
Wanted = dict[str, set[Key]]  # entity -> the keys of it a batch names
# entity -> (position in its refs, target) of the references looked up in the database
REF_TARGETS = {
    name: tuple((i, ref.target) for i, ref in enumerate(spec.refs) if ref.target not in PRELOADED)
    for name, spec in ENTITY_SPECS.items()
}
# the models whose records have an opaque id (`hub.store.gids.GID_MODELS`, which loads them)
GID_MODELS = ("Officer", "Deployment", "AccommodationBooking", "TravelBooking")
# entity -> the type name of its records' opaque ids
GID_ENTITIES = {name: spec.model for name, spec in ENTITY_SPECS.items() if spec.model in GID_MODELS}
_OFFICER_LINK = ENTITY_SPECS["officer"].link
assert _OFFICER_LINK is not None
LINK_FIELD = _OFFICER_LINK.field


class Batch(list[Item]):
    """A batch's items as the reader prepared them (`prepare`): already deduplicated, with
    what `Chunk` needs of that work, and the id key its records' gids were made with."""

    __slots__ = ("id_key", "linked", "repeats", "wanted")

    def __init__(
        self,
        items: list[Item],
        repeats: Repeats,
        wanted: Wanted,
        linked: list[Key],
        id_key: bytes | None,
    ) -> None:
        super().__init__(items)
        self.repeats = repeats
        self.wanted = wanted
        self.linked = linked
        self.id_key = id_key

    def __reduce__(self) -> tuple[Any, ...]:
        # the items first: the keys of `wanted` and the items of `repeats` are then pickled
        # as references to the same objects
        return Batch, (list(self), self.repeats, self.wanted, self.linked, self.id_key)

    def live(self) -> Live:
        """The records to write (`dedupe`'s answer, from the marks it left)."""
        return [
            (item, pending)
            for item in self
            if not item.problems
            for pending in item.records
            if not pending.duplicate
        ]


def prepare(items: list[Item], id_key: bytes | None) -> Batch:
    """The batch deduplicated, its keys gathered and, given the id key, its gids made."""
    repeats: Repeats = []
    live = dedupe([item for item in items if not item.problems], repeats)
    wanted, linked = gather(live)
    if id_key is not None:
        for _item, pending in live:
            type_name = GID_ENTITIES.get(pending.entity)
            if type_name is not None:
                pending.gid = opaque_id(id_key, type_name, *pending.key)
    return Batch(items, repeats, wanted, linked, id_key)


def dedupe(items: list[Item], repeats: Repeats) -> Live:
    """The records to write: a record equal to an earlier one with its key is counted
    unchanged (added to `repeats`); one that differs from it rejects its source record
    (DUPLICATE_KEY). `items`: those not rejected."""
    first: dict[tuple[str, Key], tuple[Item, Pending]] = {}
    live: Live = []
    for item in items:
        for pending in item.records:
            if pending.duplicate:
                continue
            seen = first.get((pending.entity, pending.key))
            if seen is None:
                first[(pending.entity, pending.key)] = (item, pending)
                live.append((item, pending))
            elif seen[1].values == pending.values and seen[1].fields == pending.fields:
                pending.duplicate = True
                repeats.append((item, seen[0]))
            else:
                line = seen[0].line
                message = (
                    f"another {pending.entity} with this key and other values is at line {line}"
                )
                item.reject("DUPLICATE_KEY", message, None, "/".join(map(str, pending.key)))
    return [(item, pending) for item, pending in live if not item.problems]


def gather(live: Live) -> tuple[Wanted, list[Key]]:
    """The keys to look up, by entity: the records' own and those their references name
    (forces and capabilities aside); and the officers whose capability list is mapped."""
    wanted: Wanted = defaultdict(set)
    linked: list[Key] = []
    for _item, pending in live:
        entity = pending.entity
        wanted[entity].add(pending.key)
        refs = pending.refs
        for index, target in REF_TARGETS[entity]:
            key = refs[index]
            if key is not None:
                wanted[target].add(key)
        if entity == "officer" and LINK_FIELD in pending.fields:
            linked.append(pending.key)
    return dict(wanted), linked
