"""Writing one batch of source records: resolve references, classify, upsert.

A batch costs a fixed number of statements whatever its size: one look-up per table it
touches, one upsert per table and column set, and two for officers' capability lists.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.adapters._entities import ENTITY_SPECS, ORDER, EntitySpec, Ref
from hub.adapters._lookup import Stored, stored_rows
from hub.adapters._upsert import PROVENANCE, upsert
from hub.adapters._validate import Item, Pending

PRELOADED = ("force", "capability")
Key = tuple[Any, ...]


@dataclass(slots=True)
class Tally:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class Reference:
    """What a batch needs besides its own rows: force and capability ids, the batch, the scope."""

    forces: dict[str, int]
    capabilities: dict[str, int]
    batch_id: int
    allowed_force: str | None


class Chunk:
    def __init__(self, connection: AsyncConnection, reference: Reference, items: list[Item]):
        self.connection = connection
        self.reference = reference
        self.items = [item for item in items if not item.rejected]
        self.stored: dict[str, dict[Key, Stored]] = defaultdict(dict)
        self.ids: dict[str, dict[Key, int]] = defaultdict(dict)
        self.links: dict[int, set[int]] = {}
        self.tally = Tally()

    def live(self, entity: str | None = None) -> list[tuple[Item, Pending]]:
        return [
            (item, pending)
            for item in self.items
            if not item.rejected
            for pending in item.records
            if (entity is None or pending.entity == entity) and not pending.duplicate
        ]

    async def write(self) -> Tally:
        self._dedupe()
        await self._fetch()
        self._check()
        for entity in ORDER:
            records = self.live(entity)
            if records:
                await self._write(ENTITY_SPECS[entity], records)
        return self.tally

    def _dedupe(self) -> None:
        first: dict[tuple[str, Key], tuple[Item, Pending]] = {}
        for item, pending in self.live():
            seen = first.setdefault((pending.entity, pending.key), (item, pending))
            if seen[1] is pending:
                continue
            if seen[1].record == pending.record and seen[1].fields == pending.fields:
                pending.duplicate = True
                self.tally.unchanged += 1
            else:
                line = seen[0].line
                message = (
                    f"another {pending.entity} with this key and other values is at line {line}"
                )
                item.reject("DUPLICATE_KEY", message, None, "/".join(map(str, pending.key)))

    async def _fetch(self) -> None:
        needed: dict[str, set[Key]] = defaultdict(set)
        for _item, pending in self.live():
            needed[pending.entity].add(pending.key)
            for ref in ENTITY_SPECS[pending.entity].refs:
                key = pending.ref_key(ref)
                if key is not None and ref.target not in PRELOADED:
                    needed[ref.target].add(key)
        for entity, keys in needed.items():
            self.stored[entity] = await stored_rows(self.connection, entity, keys)
            self.ids[entity] = {k: s.id for k, s in self.stored[entity].items() if s.id is not None}
        officers = [s.id for s in self.stored["officer"].values() if s.id is not None]
        if officers:
            await self._fetch_links(officers)

    async def _fetch_links(self, officers: list[int]) -> None:
        link = ENTITY_SPECS["officer"].link
        assert link is not None
        owner, target = link.table.c[link.owner_column], link.table.c[link.target_column]
        result = await self.connection.execute(select(owner, target).where(owner.in_(officers)))
        for officer_id, capability_id in result:
            self.links.setdefault(officer_id, set()).add(capability_id)

    def _check(self) -> None:
        """Reject records whose references are nowhere; repeat, as a reject can orphan others."""
        while True:
            pending = {(p.entity, p.key): p for _item, p in self.live()}
            changed = False
            for item, record in self.live():
                problem = self._problem(record, pending)
                if problem is not None:
                    item.reject(*problem)
                    changed = True
            if not changed:
                return

    def _problem(
        self, record: Pending, pending: dict[tuple[str, Key], Pending]
    ) -> tuple[str, str, str | None, Any] | None:
        spec = ENTITY_SPECS[record.entity]
        if spec.update_only and record.key not in self.stored[record.entity]:
            return (
                "UNKNOWN_REFERENCE",
                f"no {record.entity} {record.key[0]!r} is stored",
                spec.key[0],
                record.key[0],
            )
        for ref in spec.refs:
            key = record.ref_key(ref)
            if key is not None and not self._exists(ref, key, pending):
                shown = "/".join(map(str, key))
                return (
                    "UNKNOWN_REFERENCE",
                    f"no {ref.target} {shown!r} is stored or in this file",
                    ref.fields[-1],
                    shown,
                )
        return self._owner_problem(record, spec, pending)

    def _exists(self, ref: Ref, key: Key, pending: dict[tuple[str, Key], Pending]) -> bool:
        if ref.target == "force":
            return key[0] in self.reference.forces
        if ref.target == "capability":
            return key[0] in self.reference.capabilities
        return key in self.stored[ref.target] or (ref.target, key) in pending

    def _owner_problem(
        self, record: Pending, spec: EntitySpec, pending: dict[tuple[str, Key], Pending]
    ) -> tuple[str, str, str | None, Any] | None:
        allowed = self.reference.allowed_force
        if allowed is None:
            return None
        stored = self.stored[record.entity].get(record.key)
        owner = stored.owner if stored is not None else None
        for rule in spec.owner:
            if owner is not None:
                break
            if rule.startswith("@"):
                ref = next(r for r in spec.refs if r.fields == (rule[1:],))
                key = record.ref_key(ref)
                if key is not None:
                    target = self.stored[ref.target].get(key)
                    owner = target.owner if target else pending[(ref.target, key)].value("force")
            else:
                owner = record.value(rule)
        if owner is None or owner == allowed:
            return None
        message = f"the record belongs to {owner}; this import may only load {allowed}"
        return "FORCE_NOT_ALLOWED", message, None, owner

    async def _write(self, spec: EntitySpec, records: list[tuple[Item, Pending]]) -> None:
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        by_conflict: dict[Key, Key] = {}
        links: list[tuple[Pending, set[int]]] = []
        for item, record in records:
            row = self._row(spec, record)
            stored = self.stored[spec.name].get(record.key)
            wanted = self._wanted_links(spec, record)
            if stored is not None and not _differs(row, stored, wanted, self.links):
                self.tally.unchanged += 1
                continue
            if stored is None:
                self.tally.inserted += 1
            else:
                self.tally.updated += 1
            if spec.update_only:
                assert stored is not None
                row["id"] = stored.id
            elif "source_batch_id" in spec.table.c:
                row |= _provenance(self.reference.batch_id, item)
            by_conflict[tuple(row[c] for c in spec.conflict)] = record.key
            groups[tuple(sorted(row))].append(row)
            if wanted is not None:
                links.append((record, wanted))
        for rows in groups.values():
            for returned in await upsert(self.connection, spec, rows):
                key = by_conflict[tuple(returned[c] for c in spec.conflict)]
                if "id" in returned:
                    self.ids[spec.name][key] = returned["id"]
        if links:
            await self._write_links(links)

    def _row(self, spec: EntitySpec, record: Pending) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for column in spec.columns:
            if column in record.fields or column in spec.conflict or column in spec.key:
                row[column] = record.value(column)
        for column, attribute in spec.computed.items():
            row[column] = getattr(record.record, attribute)
        for ref in spec.refs:
            if record.maps(ref) or ref.column in spec.conflict:
                key = record.ref_key(ref)
                row[ref.column] = None if key is None else self._id(ref, key)
        return row

    def _id(self, ref: Ref, key: Key) -> int:
        if ref.target == "force":
            return self.reference.forces[key[0]]
        if ref.target == "capability":
            return self.reference.capabilities[key[0]]
        return self.ids[ref.target][key]

    def _wanted_links(self, spec: EntitySpec, record: Pending) -> set[int] | None:
        if spec.link is None or spec.link.field not in record.fields:
            return None
        return {self.reference.capabilities[code] for code in record.value(spec.link.field)}

    async def _write_links(self, links: list[tuple[Pending, set[int]]]) -> None:
        link = ENTITY_SPECS["officer"].link
        assert link is not None
        owner, target = link.table.c[link.owner_column], link.table.c[link.target_column]
        removed, added = [], []
        for record, wanted in links:
            officer = self.ids["officer"][record.key]
            current = self.links.get(officer, set())
            removed += [(officer, c) for c in current - wanted]
            added += [{link.owner_column: officer, link.target_column: c} for c in wanted - current]
        if removed:
            await self.connection.execute(
                delete(link.table).where(tuple_(owner, target).in_(removed))
            )
        if added:
            await self.connection.execute(insert(link.table), added)


def _differs(
    row: dict[str, Any], stored: Stored, wanted: set[int] | None, links: dict[int, set[int]]
) -> bool:
    for name, value in row.items():
        if name not in PROVENANCE and name != "id" and stored.row.get(name) != value:
            return True
    return wanted is not None and wanted != links.get(stored.id or 0, set())


def _provenance(batch_id: int, item: Item) -> dict[str, Any]:
    path = item.path[-500:] if item.path else None
    return {"source_batch_id": batch_id, "source_line": item.line, "source_path": path}
