"""Writing one batch of source records: resolve references, classify, upsert.

A batch costs a fixed number of statements whatever its size: one look-up per table it
touches (by the table's conflict columns, which a unique index covers), one upsert per table
and column set, and two for officers' capability lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.adapters.check import Batch, Item, Pending, dedupe, gather
from hub.adapters.model.entities import ENTITY_SPECS, ORDER, EntitySpec, Ref
from hub.adapters.model.names import label
from hub.adapters.write.bulk import Later, Steps, run_steps
from hub.adapters.write.copy import copies, copy_new
from hub.adapters.write.findings import first_status
from hub.adapters.write.lookup import Stored, conflict_keys, lookup_steps
from hub.adapters.write.upsert import PROVENANCE, upsert_rows
from hub.adapters.write.verified import VERIFIED_ENTITIES, Verified, fingerprint
from hub.standard.ids import opaque_id
from hub.store.gids import GID_TYPES, id_key_of

Key = tuple[Any, ...]
Live = list[tuple[Item, Pending]]
Problem = tuple[str, str, str | None, Any]


@dataclass(slots=True)
class Tally:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    repeated: int = 0  # records equal to an earlier one of the same batch: not written again
    provisional: dict[str, int] = field(default_factory=dict)  # records created provisionally
    tables: dict[str, int] = field(default_factory=dict)  # rows inserted, by table
    # inserted / updated / unchanged records, by entity
    entities: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, entity: str, outcome: str) -> None:
        """One record of `entity` inserted, updated or unchanged."""
        self.add(entity, **{outcome: 1})

    def add(self, entity: str, inserted: int = 0, updated: int = 0, unchanged: int = 0) -> None:
        """Records of `entity` inserted, updated and unchanged."""
        self.inserted += inserted
        self.updated += updated
        self.unchanged += unchanged
        counts = self.entities.setdefault(entity, {})
        for outcome, count in (
            ("inserted", inserted),
            ("updated", updated),
            ("unchanged", unchanged),
        ):
            if count:
                counts[outcome] = counts.get(outcome, 0) + count

    duplicate_lines: list[tuple[Item, int | None]] = field(default_factory=list)  # (item, first)


@dataclass(frozen=True, slots=True)
class Reference:
    """What a batch needs besides its own rows: force and capability ids, the batch, the scope."""

    forces: dict[str, int]
    capabilities: dict[str, int]
    batch_id: int
    allowed_force: str | None
    unit_force: str | None = None  # whose provisional planning units the import creates


@dataclass(frozen=True, slots=True)
class _RowPlan:
    """Which columns a record of an entity writes: always (keys), or when the field is mapped."""

    columns: tuple[tuple[str, bool], ...]
    refs: tuple[tuple[int, Ref, bool], ...]  # (position in the entity's refs, ref, always)
    provenance: bool


def _row_plan(spec: EntitySpec) -> _RowPlan:
    always = {*spec.conflict, *spec.key}
    return _RowPlan(
        tuple((column, column in always) for column in spec.columns),
        tuple((i, ref, ref.column in spec.conflict) for i, ref in enumerate(spec.refs)),
        "source_batch_id" in spec.table.c,
    )


ROW_PLANS = {name: _row_plan(spec) for name, spec in ENTITY_SPECS.items()}
# entity -> (position in its refs, target, field reported) of every reference
REF_CHECKS = {
    name: tuple((i, ref.target, label(name, ref.fields[-1])) for i, ref in enumerate(spec.refs))
    for name, spec in ENTITY_SPECS.items()
}
# entities other records refer to (their new rows' ids are needed)
REFERRED = frozenset(ref.target for spec in ENTITY_SPECS.values() for ref in spec.refs)
# entity -> its owner rules: (position in its refs, None) for "@field", (None, field) else
OWNER_RULES = {
    name: tuple(
        (next(i for i, r in enumerate(spec.refs) if r.fields == (rule[1:],)), rule)
        if rule.startswith("@")
        else (None, rule)
        for rule in spec.owner
    )
    for name, spec in ENTITY_SPECS.items()
}


class Chunk:
    """One batch's writes. A `Batch` from the reader process comes deduplicated, with its keys
    gathered and its gids made (`hub.adapters.check.prepare`); any other list of items gets
    that work done here. Given the records its file found unchanged so far (`verified`), a
    record equal to one of them is unchanged with no look-up, and a reference to one of
    their keys is served from there."""

    def __init__(
        self,
        connection: AsyncConnection,
        reference: Reference,
        items: list[Item],
        verified: Verified | None = None,
    ):
        self.batch = items if isinstance(items, Batch) else None
        self.verified = verified
        self.served: set[int] = set()  # id() of the records found unchanged in `verified`
        self.connection = connection
        self.dialect = connection.dialect
        self.reference = reference
        # `item.problems` rather than `item.rejected` (the same, a property): read for every
        # item of a batch, several times
        self.items = [item for item in items if not item.problems]
        self.stored: dict[str, dict[Key, Stored]] = defaultdict(dict)
        self.ids: dict[str, dict[Key, int]] = defaultdict(dict)
        self.links: dict[int, set[int]] = {}
        self.tally = Tally()
        self.repeats: list[tuple[Item, Item]] = []  # (item of a repeated record, of the first)
        self.pending: dict[tuple[str, Key], Pending] = {}  # the records checked, by key

    def live(self, entity: str | None = None) -> Live:
        return [
            (item, pending)
            for item in self.items
            if not item.problems
            for pending in item.records
            if (entity is None or pending.entity == entity) and not pending.duplicate
        ]

    async def write(self, savepoint: str | None = None) -> Tally:
        """Write the batch, inside the `savepoint` if one is named. Its statements are steps
        (`run_steps`): on SQLite the whole batch is one call into aiosqlite's thread, unless
        it writes officers' capability lists."""
        return await run_steps(self.connection, self._steps(), savepoint)

    def _steps(self) -> Steps[Tally]:
        batch = self.batch
        if batch is None:
            live = dedupe(self.items, self.repeats)
            wanted, linked = gather(live)
        else:
            live, wanted, linked = batch.live(), batch.wanted, batch.linked
            self.repeats = list(batch.repeats)
        yield from self._fetch(wanted, linked, self._serve(live, wanted))
        by_entity: dict[str, Live] = defaultdict(list)
        live = self._check(live)
        for item, pending in live:
            by_entity[pending.entity].append((item, pending))
        yield from self._write_provisional(live)
        for entity in ORDER:
            records = by_entity.get(entity)
            if records:
                yield from self._write(ENTITY_SPECS[entity], records)
        self._count_repeats()
        return self.tally

    def _count_repeats(self) -> None:
        """Repeats of records that were written. A source record whose records all repeat
        those of one earlier record is a duplicate line: for a CSV line, when the two lines
        are identical; for an XML element (no line text to compare), when it gives exactly as
        many records as the earlier one, so the same records."""
        if not self.repeats:
            return
        # id(item) -> the item and the items it repeats, by id; in the items' order, as
        # `self.repeats` is
        firsts: dict[int, tuple[Item, dict[int, Item]]] = {}
        for item, first in self.repeats:
            if first.problems and not item.problems:  # it repeats a record that was refused
                for problem in first.problems:
                    message = f"as at line {first.line}: {problem.message}"
                    item.reject(problem.code, message, problem.field, problem.value)
            if not item.problems and not first.problems:
                self.tally.repeated += 1
                repeated = firsts.get(id(item))
                if repeated is None:
                    firsts[id(item)] = (item, {id(first): first})
                else:
                    repeated[1][id(first)] = first
        for item, chosen in firsts.values():
            if len(chosen) != 1 or item.problems:
                continue
            (first,) = chosen.values()
            if not all(p.duplicate for p in item.records):
                continue
            if item.fingerprint is None:
                same = first.fingerprint is None and len(first.records) == len(item.records)
            else:
                same = first.fingerprint == item.fingerprint
            if same:
                self.tally.duplicate_lines.append((item, first.line))

    def _known_ids(self, entity: str) -> dict[Key, int]:
        """The ids known so far of records of `entity`, by natural key."""
        if entity == "force":
            return {(code,): id_ for code, id_ in self.reference.forces.items()}
        if entity == "capability":
            return {(code,): id_ for code, id_ in self.reference.capabilities.items()}
        return self.ids[entity]

    def _serve(self, live: Live, needed: dict[str, set[Key]]) -> dict[str, dict[Key, Stored]]:
        """The stored rows of the keys `needed` that the file's verified records give: a
        key only named as a reference, or whose record equals the one verified (that record
        is then unchanged: `served`)."""
        verified = self.verified
        if not verified:
            return {}
        records: dict[str, dict[Key, Pending]] = defaultdict(dict)
        for _item, record in live:
            if record.entity in verified:
                records[record.entity][record.key] = record
        served: dict[str, dict[Key, Stored]] = {}
        for entity, known in verified.items():
            keys, written = needed.get(entity), records.get(entity, {})
            if not keys or not known:
                continue
            mine = served[entity] = {}
            for key in keys:
                entry = known.get(key)
                if entry is None:
                    continue
                found = written.get(key)
                if found is None:
                    mine[key] = entry[1]
                elif entry[0] == fingerprint(found):
                    mine[key] = entry[1]
                    self.served.add(id(found))
        return served

    def _fetch(
        self,
        needed: dict[str, set[Key]],
        linked: list[Key],
        served: dict[str, dict[Key, Stored]],
    ) -> Steps[None]:
        """Look up the stored records of the keys `needed` (`prepare.gather`) but those
        `served`, and the capability lists of the officers `linked`."""
        for entity in ORDER:  # references point to entities earlier in the order
            keys: Iterable[Key] | None = needed.get(entity)
            if not keys:
                continue
            given = served.get(entity)
            if given:
                keys = [key for key in keys if key not in given]
            wanted = conflict_keys(entity, keys, self._known_ids)
            stored = yield from lookup_steps(self.dialect, entity, wanted)
            if given:
                stored.update(given)
            self.stored[entity] = stored
            self.ids[entity] = {k: s.id for k, s in stored.items() if s.id is not None}
        officers = self.ids["officer"]
        known = [officers[key] for key in linked if key in officers]
        if known:
            yield self._fetch_links(known)

    def _fetch_links(self, officers: list[int]) -> Later:
        link = ENTITY_SPECS["officer"].link
        assert link is not None
        owner, target = link.table.c[link.owner_column], link.table.c[link.target_column]

        async def fetch(connection: AsyncConnection) -> None:
            result = await connection.execute(select(owner, target).where(owner.in_(officers)))
            for officer_id, capability_id in result.all():
                self.links.setdefault(officer_id, set()).add(capability_id)

        return fetch

    def _check(self, live: Live) -> Live:
        """Reject records whose references are nowhere; repeat, as a reject can orphan others."""
        while True:
            pending = {(p.entity, p.key): p for _item, p in live}
            changed = False
            for item, record in live:
                problem = self._problem(record, pending)
                if problem is not None:
                    item.reject(*problem)
                    changed = True
            if not changed:
                self.pending = pending
                return live
            live = [(item, record) for item, record in live if not item.problems]

    def _problem(self, record: Pending, pending: dict[tuple[str, Key], Pending]) -> Problem | None:
        spec = ENTITY_SPECS[record.entity]
        if spec.update_only and record.key not in self.stored[record.entity]:
            return (
                "UNKNOWN_REFERENCE",
                f"no {record.entity} {record.key[0]!r} is stored",
                label(record.entity, spec.key[0]),
                record.key[0],
            )
        refs, stored, reference = record.refs, self.stored, self.reference
        for index, target, name in REF_CHECKS[record.entity]:
            key = refs[index]
            if key is None:
                continue
            if target == "force":
                found = key[0] in reference.forces
            elif target == "capability":
                found = key[0] in reference.capabilities
            else:
                found = key in stored[target] or (target, key) in pending
            if not found and target in record.provisional:
                found = self._may_create(target, key)
            if not found:
                shown = "/".join(map(str, key))
                return (
                    "UNKNOWN_REFERENCE",
                    f"no {target} {shown!r} is stored or in this file",
                    name,
                    shown,
                )
        if reference.allowed_force is None:
            return None
        return self._owner_problem(record, spec, pending)

    def _may_create(self, target: str, key: Key) -> bool:
        """Whether this import may create a provisional `target` of that key: an officer of
        the import's own force (any force, for an import not limited to one); a planning unit
        when the import is of one force's data (the mapping's `force`), whose unit it is."""
        allowed = self.reference.allowed_force
        if target == "planning_unit":
            return self.reference.unit_force is not None
        return allowed is None or key[0] == allowed

    def _write_provisional(self, live: Live) -> Steps[None]:
        """Insert the provisional records (the key alone) that accepted records name."""
        pending = self.pending  # the records of `live` (`_check`)
        wanted: dict[str, dict[Key, Item]] = defaultdict(dict)
        for item, record in live:
            if not record.provisional:
                continue
            for index, target, _name in REF_CHECKS[record.entity]:
                key = record.refs[index]
                if (
                    target in record.provisional
                    and key is not None
                    and key not in self.stored[target]
                    and (target, key) not in pending
                ):
                    wanted[target].setdefault(key, item)
        for target, keys in wanted.items():
            spec = ENTITY_SPECS[target]
            gid_type = GID_TYPES.get(spec.table.name)
            id_key = id_key_of(self.connection) if gid_type else b""
            rows, by_conflict = [], {}
            for key, item in keys.items():
                row = self._placeholder(target, key, item)
                if gid_type:  # the same opaque id the complete record has
                    row["gid"] = opaque_id(id_key, gid_type, *key)
                rows.append(row)
                by_conflict[tuple(row[c] for c in spec.conflict)] = key
            ids = self.ids[target]
            for returned in (yield from upsert_rows(self.dialect, spec, rows)):
                ids[by_conflict[tuple(returned[c] for c in spec.conflict)]] = returned["id"]
            made, tables = self.tally.provisional, self.tally.tables
            made[target] = made.get(target, 0) + len(rows)
            tables[spec.table.name] = tables.get(spec.table.name, 0) + len(rows)

    def _placeholder(self, target: str, key: Key, item: Item) -> dict[str, Any]:
        """A provisional record and where it was named: an officer with its key, no names and
        no rank (null); a planning unit of the import's force with its reference as its name
        and no capability (null)."""
        where = {
            "provisional": True,
            "source_batch_id": self.reference.batch_id,
            "source_line": item.line,
            "source_path": item.path[-500:] if item.path else None,
        }
        if target == "planning_unit":
            force = self.reference.unit_force
            assert force is not None  # _may_create
            (reference,) = key
            return {
                "reference": reference,
                "name": reference,
                "force_id": self.reference.forces[force],
                "capability_id": None,
                "commitment_id": None,
                **where,
            }
        assert target == "officer"
        force, number = key
        return {
            "force_id": self.reference.forces[force],
            "service_number": number,
            "given_name": None,
            "family_name": None,
            "rank": None,
            **where,
        }

    def _owner_problem(
        self, record: Pending, spec: EntitySpec, pending: dict[tuple[str, Key], Pending]
    ) -> Problem | None:
        allowed = self.reference.allowed_force
        stored = self.stored[record.entity].get(record.key)
        owner = stored.owner if stored is not None else None
        for index, rule in OWNER_RULES[spec.name]:
            if owner is not None:
                break
            if index is not None:
                target, key = spec.refs[index].target, record.refs[index]
                if key is not None:
                    found = self.stored[target].get(key)
                    if found is not None:
                        owner = found.owner
                    elif (target, key) in pending:
                        owner = pending[(target, key)].value("force")
                    else:  # a provisional unit this import creates, of its own force
                        owner = self.reference.unit_force
            else:
                values = record.values
                owner = values[rule] if rule in values else record.value(rule)
        if owner is None or owner == allowed:
            return None
        message = f"the record belongs to {owner}; this import may only load {allowed}"
        return "FORCE_NOT_ALLOWED", message, None, owner

    def _write(self, spec: EntitySpec, records: Live) -> Steps[None]:
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        new: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)  # nothing returned
        by_conflict: dict[Key, Key] = {}
        links: list[tuple[Pending, set[int]]] = []
        stored_rows_ = self.stored[spec.name]
        plan = ROW_PLANS[spec.name]
        returning = spec.name in REFERRED  # only the ids of records others refer to matter
        gid_type = GID_TYPES.get(spec.table.name)
        id_key = id_key_of(self.connection) if gid_type else b""
        made = gid_type is not None and self.batch is not None and self.batch.id_key == id_key
        reference = self.reference
        forces, capabilities, all_ids = reference.forces, reference.capabilities, self.ids
        batch_id, conflict, linked = reference.batch_id, spec.conflict, spec.link is not None
        makers: dict[frozenset[str], RowMaker] = {}
        inserted = updated = unchanged = 0
        served, verified = self.served, self.verified
        if spec.name not in VERIFIED_ENTITIES:
            verified = None
        for item, record in records:
            if served and id(record) in served:  # equal to one its file found unchanged
                unchanged += 1
                continue
            make = makers.get(record.fields)
            if make is None:
                make = makers[record.fields] = _ROW_MAKERS.get(
                    (spec.name, record.fields)
                ) or _row_maker(spec, plan, record.fields)
            row = make(record.values, record.refs, forces, capabilities, all_ids)
            stored = stored_rows_.get(record.key)
            wanted = self._wanted_links(spec, record) if linked else None
            if stored is not None:
                if stored.row.get("provisional"):
                    row["provisional"] = False  # a complete record fills a provisional one in
                elif record.merge != "update":
                    if record.merge == "keep":
                        unchanged += 1
                        if verified is not None:
                            verified.remember(record, stored)
                        continue
                    wanted = _fill(row, stored, wanted, self.links)
                if not _differs(row, stored, wanted, self.links):
                    unchanged += 1
                    if verified is not None:
                        verified.remember(record, stored)
                    continue
                updated += 1
                if verified is not None:
                    verified.forget(spec.name, record.key)
            else:
                inserted += 1
                if spec.name == "mutual_aid_request":
                    first_status(row)
                if gid_type:  # a personal record's opaque id (hub.store.gids)
                    gid = record.gid if made else None  # made by the reader with this key
                    row["gid"] = gid or opaque_id(id_key, gid_type, *record.key)
            if spec.update_only:
                assert stored is not None
                row["id"] = stored.id
            elif plan.provenance:
                row["source_batch_id"] = batch_id
                row["source_line"] = item.line
                path = item.path
                row["source_path"] = path[-500:] if path else None
            if returning:
                by_conflict[tuple([row[c] for c in conflict])] = record.key
            # rows built alike have their columns in one order
            (new if stored is None and not returning else groups)[tuple(row)].append(row)
            if wanted is not None:
                links.append((record, wanted))
        if inserted or updated or unchanged:
            self.tally.add(spec.name, inserted, updated, unchanged)
        if inserted:
            tables = self.tally.tables
            tables[spec.table.name] = tables.get(spec.table.name, 0) + inserted
        ids = self.ids[spec.name]
        for rows in groups.values():
            for returned in (yield from upsert_rows(self.dialect, spec, rows, returning)):
                key = by_conflict[tuple(returned[c] for c in spec.conflict)]
                if "id" in returned:
                    ids[key] = returned["id"]
        for rows in new.values():
            if copies(self.connection, len(rows)):
                yield _copy(spec, rows)
            else:
                yield from upsert_rows(self.dialect, spec, rows, returning=False)
        if links:
            yield self._write_links(links)

    def _row(self, spec: EntitySpec, plan: _RowPlan, record: Pending) -> dict[str, Any]:
        make = _ROW_MAKERS.get((spec.name, record.fields))
        if make is None:
            make = _row_maker(spec, plan, record.fields)
        ref = self.reference
        return make(record.values, record.refs, ref.forces, ref.capabilities, self.ids)

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

    def _write_links(self, links: list[tuple[Pending, set[int]]]) -> Later:
        link = ENTITY_SPECS["officer"].link
        assert link is not None
        owner, target = link.table.c[link.owner_column], link.table.c[link.target_column]
        removed, added = [], []
        for record, wanted in links:
            officer = self.ids["officer"][record.key]
            current = self.links.get(officer, set())
            removed += [(officer, c) for c in current - wanted]
            added += [{link.owner_column: officer, link.target_column: c} for c in wanted - current]

        async def write(connection: AsyncConnection) -> None:
            if removed:
                await connection.execute(
                    delete(link.table).where(tuple_(owner, target).in_(removed))
                )
            if added and copies(connection, len(added)):  # none stored: `self.links`
                await copy_new(connection, link.table, added)
            elif added:
                await connection.execute(insert(link.table), added)

        return write


def _copy(spec: EntitySpec, rows: Sequence[dict[str, Any]]) -> Later:
    """New rows loaded by COPY (PostgreSQL), on the event loop."""
    return lambda connection: copy_new(connection, spec.table, rows)


RowMaker = Callable[
    [dict[str, Any], tuple[Any, ...], dict[str, int], dict[str, int], Any], dict[str, Any]
]
_ROW_MAKERS: dict[tuple[str, frozenset[str]], RowMaker] = {}


def _row_maker(spec: EntitySpec, plan: _RowPlan, given: frozenset[str]) -> RowMaker:
    """A function building the row of a record of `spec` that gives the fields `given`: the
    columns it writes, in the plan's order, with references as ids (the ids known so far).

    Made once per entity and set of fields (generated code: no loop, no test per column)."""
    env: dict[str, Any] = {"spec_value": _computed_or_value(spec)}
    lines = ["def make(values, refs, forces, capabilities, ids):", "    return {"]
    for column, always in plan.columns:
        if always or column in given:
            lines.append(
                f"        {column!r}: values[{column!r}] if {column!r} in values"
                f" else spec_value(values, {column!r}),"
            )
    for n, column in enumerate(spec.computed):
        env[f"compute{n}"] = spec.computed[column]
        lines.append(f"        {column!r}: compute{n}(values),")
    for index, ref, always in plan.refs:
        if not (always or ref.trigger in given):
            continue
        if ref.target == "force":
            found = "forces[k[0]]"
        elif ref.target == "capability":
            found = "capabilities[k[0]]"
        else:
            found = f"ids[{ref.target!r}][k]"
        lines.append(f"        {ref.column!r}: None if (k := refs[{index}]) is None else {found},")
    lines.append("    }")
    exec("\n".join(lines), env)  # the text is made here, from the entity specs only
    make: RowMaker = env["make"]
    if len(_ROW_MAKERS) > 1_000:
        _ROW_MAKERS.clear()
    _ROW_MAKERS[(spec.name, given)] = make
    return make


def _computed_or_value(spec: EntitySpec) -> Callable[[dict[str, Any], str], Any]:
    computed = spec.computed

    def value(values: dict[str, Any], name: str) -> Any:  # as Pending.value
        return computed[name](values)

    return value


def _fill(
    row: dict[str, Any], stored: Stored, wanted: set[int] | None, links: dict[int, set[int]]
) -> set[int] | None:
    """`merge: fill`: the stored values stay wherever there is one (the row takes them), and a
    stored list of links stays unless it is empty; the links still wanted."""
    old = stored.row
    for name in row:
        if name not in PROVENANCE and name != "id" and old.get(name) is not None:
            row[name] = old[name]
    if wanted is not None and links.get(stored.id or 0):
        return None
    return wanted


def _differs(
    row: dict[str, Any], stored: Stored, wanted: set[int] | None, links: dict[int, set[int]]
) -> bool:
    old = stored.row
    for name, value in row.items():
        if name not in PROVENANCE and name != "id" and old.get(name) != value:
            return True
    return wanted is not None and wanted != links.get(stored.id or 0, set())
