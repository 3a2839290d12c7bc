"""The ingest pipeline: check the file, then read, validate and write it batch by batch."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import aclosing, asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from uuid import uuid4

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from hub.adapters.check import Item, Validator
from hub.adapters.errors import MappingError, SourceError
from hub.adapters.map import Adapter
from hub.adapters.registry import resolve_adapter
from hub.adapters.report import ImportReport, Reject
from hub.adapters.sources import Planned, Sources, open_sources
from hub.adapters.write import (
    Chunk,
    Reference,
    Tally,
    Verified,
    apply_snapshot,
    check_written,
    close_batch,
    fail_batch,
    hold,
    interrupt_stale,
    mark_written,
    open_batch,
    reference_ids,
    refresh_statistics,
    release,
    release_all,
    store_rejects,
)
from hub.adapters.write.bulk import driver_rows
from hub.ops.imports import observe_import
from hub.standard import Vocabulary, load_vocabulary
from hub.store.capacity import take_in_imports
from hub.store.gids import ID_KEY_OPTION

Progress = Callable[[int], None]
StepDone = Callable[[int, list[ImportReport]], None]
MAX_STORED_REJECTS_STRICT = 10_000
# While imports run, the cyclic collector's youngest generation waits for this many new
# objects (Python's default: 700). An import makes and drops millions of small objects (the
# batches it receives, their rows), nearly none in cycles, and at the default the collector
# ran every few hundred records, each time walking every object the imports still held.
IMPORT_GC_THRESHOLD = 50_000
# SQLite's page cache, in KiB, on the connection an import writes with (`_import_settings`).
IMPORT_CACHE_KIB = 16 * 1024
# WAL pages after which a commit of the importing connection copies them into the database
# (SQLite's default: 1,000).
IMPORT_CHECKPOINT_PAGES = 8_000
log = logging.getLogger("hub.imports")
_importing = 0  # imports running in this process
_thresholds = gc.get_threshold()


async def ingest(
    engine: AsyncEngine,
    adapter: str | Path,
    files: Sequence[Path],
    *,
    force: str | None = None,
    dry_run: bool = False,
    strict: bool = False,
    actor: str = "cli",
    progress: Progress | None = None,
    mapping_force: Literal["same", "override"] = "override",
) -> list[ImportReport]:
    """Import each file with the adapter (a mapping file, an example's or an entry point's name).

    `force` limits the import to that force's data (records of another force are rejected with
    FORCE_NOT_ALLOWED) and is the force of records that name none. With `mapping_force="same"`
    (an upload with a force's key) an adapter whose mapping names another force is refused
    (FORCE_MISMATCH); by default `force` overrides it (`hub ingest --force`, the demo). `progress`
    is called after each batch with the number of source records read so far in the current file.
    """
    run = _prepare(engine, adapter, force, dry_run, strict, actor, progress, mapping_force)
    (reports,) = await _import(engine, [(run, [Path(file) for file in files])])
    return reports


@dataclass(frozen=True, slots=True)
class ImportStep:
    """One `ingest` of a sequence: files, the adapter that reads them, whose data they are."""

    adapter: str | Path
    files: Sequence[Path]
    force: str | None = None


async def ingest_sequence(
    engine: AsyncEngine,
    steps: Sequence[ImportStep],
    *,
    actor: str = "cli",
    step_done: StepDone | None = None,
) -> list[list[ImportReport]]:
    """`ingest` each step in turn; the reports of each. Files are written in order, exactly as
    by one `ingest` after another, but the reader process reads ahead across steps.

    `step_done(index, reports)` is called as each step ends."""
    runs = [
        (
            _prepare(engine, step.adapter, step.force, False, False, actor, None),
            [Path(file) for file in step.files],
        )
        for step in steps
    ]
    return await _import(engine, runs, step_done)


def _prepare(
    engine: AsyncEngine,
    adapter: str | Path,
    force: str | None,
    dry_run: bool,
    strict: bool,
    actor: str,
    progress: Progress | None,
    mapping_force: str = "override",
) -> _Run:
    chosen = resolve_adapter(adapter)
    vocabulary = load_vocabulary()
    allowed = _force_code(vocabulary, force) if force else None
    declared = _force_code(vocabulary, chosen.force) if chosen.force else None
    if mapping_force == "same" and allowed and declared and allowed != declared:
        raise MappingError(
            "FORCE_MISMATCH",
            f"the adapter {chosen.name!r} reads {declared}'s exports, and this import is for "
            f"{allowed}: import with an adapter of {allowed}'s exports (or {declared}'s key)",
        )
    default = allowed or declared
    validator = Validator(vocabulary, chosen.timezone, chosen.synonyms, default, allowed)
    return _Run(engine, chosen, validator, dry_run, strict, actor, progress)


async def _import(
    engine: AsyncEngine,
    runs: Sequence[tuple[_Run, list[Path]]],
    step_done: StepDone | None = None,
) -> list[list[ImportReport]]:
    planned = [Planned(path, run.adapter, run.validator) for run, paths in runs for path in paths]
    codes = _Codes()  # read once for the whole sequence: code lists do not change in an import
    for run, _ in runs:
        run.codes = codes
    with suppress(DBAPIError, OSError):  # the database is away: each file reports it
        await interrupt_stale(engine)
    results: list[list[ImportReport]] = []
    held = _Held(engine)
    with _fewer_collections(), ThreadPoolExecutor(1, thread_name_prefix="hub-ingest") as pool:
        sources = open_sources(planned, pool, _id_key(engine))
        try:
            for index, (run, paths) in enumerate(runs):
                results.append(
                    [await observe_import(run.file(path, sources, held)) for path in paths]
                )
                if step_done is not None:
                    step_done(index, results[-1])
        finally:
            sources.close()
            await held.close()
    await take_in_imports(engine)  # the capacity tables count what the files wrote
    return results


Saved = tuple[int, int, int]  # a SQLite connection's cache_size, temp_store, wal_autocheckpoint
IMPORT_PRAGMAS = ("cache_size", "temp_store", "wal_autocheckpoint")


async def _import_settings(connection: AsyncConnection) -> Saved | None:
    """On SQLite, give the connection a larger page cache, the journals of savepoints and
    statements in memory, and fewer checkpoints; its own settings, to be given back
    (`_own_settings`).

    With SQLite's default cache (2 MiB) a table whose indexes take keys in random order (a
    deployment's opaque id, its officer) evicts a page for nearly every row inserted, writes
    it to the WAL and reads it back for the next: at COP26 scale the import read 3.7 GB and
    wrote 2.9 GB for a 90 MB database. A batch's savepoint, in a temporary file by default,
    also copied every page it changed there first (half the writes left). And with a
    checkpoint every 1,000 pages of WAL (the default), nearly every transaction of a large
    file was followed by one (its pages copied into the database, two fsyncs), so pages that
    the next transaction changes again were copied again."""
    if connection.dialect.driver != "aiosqlite":
        return None
    driver: Any = (await connection.get_raw_connection()).driver_connection
    saved = []
    for name in IMPORT_PRAGMAS:
        ((value,),) = await driver.execute_fetchall(f"PRAGMA {name}")
        saved.append(int(value))
    await driver.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    await driver.execute("PRAGMA temp_store=MEMORY")
    await driver.execute(f"PRAGMA wal_autocheckpoint={IMPORT_CHECKPOINT_PAGES}")
    return saved[0], saved[1], saved[2]


async def _own_settings(connection: AsyncConnection, saved: Saved) -> None:
    driver: Any = (await connection.get_raw_connection()).driver_connection
    for name, value in zip(IMPORT_PRAGMAS, saved, strict=True):
        await driver.execute(f"PRAGMA {name}={value}")


#: The savepoint around each batch's writes, rolled back to if they fail (`Chunk.write`): on
#: SQLite in the same call into aiosqlite's thread as the writes; on PostgreSQL always the same
#: text, prepared once by asyncpg (SQLAlchemy's `begin_nested` names each savepoint anew).
BATCH_SAVEPOINT = "hub_batch"


class _Held:
    """The connection an import writes its files with, one after another, and its open
    transaction.

    The same connection serves every file, so that SQLite's page cache stays warm from file to
    file (`_import_settings` while it is held); a fresh one after a file that ended in an error.
    A transaction takes `batch_size` records whatever the files they come from: a file smaller
    than that leaves it open for the next file, which writes inside a savepoint of its own
    (`file_savepoint`), so that its failure undoes its own writes only. Each commit of SQLite's
    write-ahead log writes every page the transaction changed, and small files all change the
    same pages of the big tables' indexes: the COP26 import's 248 files commit 21 times, not
    257 (one transaction a file, or more).

    A file finished in the open transaction (`waiting`) has its report complete but not yet
    committed: should the commit fail, its report says so (`_lost`), as it would have had the
    file ended in that error. Its batch's advisory lock (PostgreSQL) is released only after the
    commit."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.connection: AsyncConnection | None = None
        self.saved: Saved | None = None
        self.transaction: AsyncTransaction | None = None
        self.size = 0  # records written in the open transaction
        self.waiting: list[tuple[ImportReport, Counts]] = []  # (report, counts at its commit)
        self.locks: list[int] = []  # batches to release once the open transaction ends
        self.file_savepoint = False  # the current file began in a transaction of others' work
        self.lost: list[ImportReport] = []  # files lost with a transaction, batches to fail

    @asynccontextmanager
    async def use(self) -> AsyncIterator[AsyncConnection]:
        if self.connection is None:
            self.connection = await self.engine.connect()
            self.saved = await _import_settings(self.connection)
        try:
            yield self.connection
        except BaseException as error:
            self.transaction = None  # closing the connection rolls it back
            self.lose(error)
            await self.close()  # as a connection of its own per file would have been
            await self._fail_lost()
            raise

    async def begin(self, report: ImportReport) -> None:
        """Make sure a transaction is open for the file of `report`: a new one, or the open one
        with a savepoint for the file."""
        assert self.connection is not None
        self.file_savepoint = self.transaction is not None
        if self.transaction is None:
            self.transaction, self.size = await self.connection.begin(), 0
        else:
            await driver_rows(self.connection, "SAVEPOINT hub_file", ())

    async def commit(self) -> None:
        """Commit the open transaction (if any), then release the batches waiting on it. A
        database error: the files waiting on it are lost (`_lost`), and it is raised."""
        transaction, self.transaction, self.file_savepoint = self.transaction, None, False
        if transaction is not None:
            try:
                await transaction.commit()
            except (DBAPIError, OSError) as error:
                self.lose(error)
                raise
        self.waiting.clear()
        await self._release()

    async def undo_file(self, report: ImportReport, counts: Counts) -> None:
        """Undo what the current file wrote in the open transaction, after its error: back to
        its savepoint, what files before it wrote being then committed; or, when the file
        began the transaction, the whole transaction (what the file committed before stays)."""
        _restore(report, counts)
        transaction, connection = self.transaction, self.connection
        if transaction is None or connection is None:
            return
        if not (transaction.is_active and not connection.invalidated):
            self.transaction = None
            return  # the connection is going: `use` reports the files waiting as lost
        if self.file_savepoint:
            try:
                await driver_rows(connection, "ROLLBACK TO hub_file", ())
                await driver_rows(connection, "RELEASE hub_file", ())
            except BaseException:
                await self.abandon()
                raise
            await self.commit()
            return
        self.transaction = None
        await transaction.rollback()
        await self._release()

    async def abandon(self) -> None:
        """Roll the open transaction back, whatever it holds (the files waiting on it are then
        reported lost, `use`): never commit a transaction in a state not known."""
        transaction, self.transaction = self.transaction, None
        if transaction is not None and transaction.is_active:
            with suppress(DBAPIError, OSError):
                await transaction.rollback()

    async def finished(self, report: ImportReport, counts: Counts, batch_id: int | None) -> None:
        """The file of `report` is done; what it wrote last waits on the open transaction."""
        assert self.transaction is not None and self.connection is not None
        if self.file_savepoint:  # its writes now belong to the transaction
            await driver_rows(self.connection, "RELEASE hub_file", ())
            self.file_savepoint = False
        self.waiting.append((report, counts))
        if batch_id is not None:
            self.locks.append(batch_id)

    def lose(self, error: BaseException) -> None:
        """The open transaction is lost: the files waiting on it say so."""
        for report, counts in self.waiting:
            _restore(report, counts)
            if isinstance(error, DBAPIError | OSError):
                _lost(report, error)
            else:
                report.status = "FAILED"
                message = (
                    f"the import stopped before this file's last records were committed "
                    f"({type(error).__name__}): import it again"
                )
                report.error = Reject(
                    report.file, None, None, None, None, "IMPORT_INTERRUPTED", message
                )
            log.warning(
                "import FAILED after the file was written: its last transaction was lost",
                extra={"batch": report.batch_uid, "adapter": report.adapter},
            )
            self.lost.append(report)
        self.waiting.clear()
        self.locks.clear()  # the session that held them ends with the connection

    async def _fail_lost(self) -> None:
        lost, self.lost = self.lost, []
        for report in lost:
            await fail_batch(self.engine, report)

    async def _release(self) -> None:
        locks, self.locks = self.locks, []
        if self.connection is not None:
            await release_all(self.connection, locks)

    async def close(self) -> None:
        """Commit what is open (a database error: the files waiting on it are lost), give the
        connection its own settings and back to the pool."""
        try:
            if self.transaction is not None and self.connection is not None:
                with suppress(DBAPIError, OSError):
                    await self.commit()
        finally:
            connection, saved, self.connection, self.saved = self.connection, self.saved, None, None
            self.transaction, self.file_savepoint = None, False
            if connection is not None:
                try:
                    if saved is not None and not connection.invalidated:
                        with suppress(DBAPIError, OSError):
                            await _own_settings(connection, saved)
                finally:
                    await connection.close()
            await self._fail_lost()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Raise the collector's first threshold while any import runs; restore it after the last."""
    global _importing, _thresholds
    if _importing == 0:
        _thresholds = gc.get_threshold()
        if _thresholds[0] < IMPORT_GC_THRESHOLD:
            gc.set_threshold(IMPORT_GC_THRESHOLD, *_thresholds[1:])
    _importing += 1
    try:
        yield
    finally:
        _importing -= 1
        if _importing == 0:
            gc.set_threshold(*_thresholds)


def _id_key(engine: AsyncEngine) -> bytes | None:
    """The engine's id key (HUB_ID_KEY), for the reader to make the records' opaque ids with;
    None without one (the writer then refuses the records that need one, as it did)."""
    key = engine.sync_engine.get_execution_options().get(ID_KEY_OPTION)
    return key if isinstance(key, bytes) else None


def _force_code(vocabulary: Vocabulary, text: str) -> str:
    code = vocabulary.resolve_force(text)
    if code is None:
        raise MappingError("UNKNOWN_FORCE", f"{text!r} is not a force of the standard")
    return code


class _Codes:
    """Force and capability ids by code, read by the first file of an import that writes."""

    __slots__ = ("ids",)

    def __init__(self) -> None:
        self.ids: tuple[dict[str, int], dict[str, int]] | None = None


class _Run:
    def __init__(
        self,
        engine: AsyncEngine,
        adapter: Adapter,
        validator: Validator,
        dry_run: bool,
        strict: bool,
        actor: str,
        progress: Progress | None,
    ) -> None:
        self.engine = engine
        self.adapter = adapter
        self.validator = validator
        self.dry_run = dry_run
        self.strict = strict
        self.actor = actor
        self.progress = progress
        self.codes = _Codes()  # shared by the runs of one `_import`
        self.batch_id: int | None = None  # the batch being written, held while it runs
        # The keys of the file's accepted records of entities it lists in full (`snapshots`).
        self.seen: dict[str, set[tuple[str, str]]] = {}
        # The file's records found unchanged in the open transaction (`Verified`).
        self.verified = Verified()

    async def file(self, path: Path, source: Sources, held: _Held) -> ImportReport:
        report = ImportReport(
            str(uuid4()),
            path.name,
            self.adapter.name,
            self.validator.default_force,
            dry_run=self.dry_run,
            strict=self.strict,
            warnings=list(self.adapter.warnings),
        )
        try:
            report.checksum = await source.check(path)
        except SourceError as error:
            return _refused(report, error)
        self.batch_id = None
        self.seen = {entity: set() for entity in self.adapter.snapshots}
        self.verified = Verified()
        try:
            async with held.use() as connection:
                try:
                    if self.dry_run or self.strict:
                        await held.commit()  # the files before it
                        await self._whole(connection, source, path, report)
                    else:
                        await self._batched(connection, source, path, report, held)
                finally:
                    if self.batch_id is not None and not connection.invalidated:
                        await release(connection, self.batch_id)
        except (DBAPIError, OSError) as error:
            _lost(report, error)
            if not self.dry_run:
                await fail_batch(self.engine, report)
        return report

    async def _reference(self, connection: AsyncConnection, report: ImportReport) -> Reference:
        if self.codes.ids is None:
            self.codes.ids = await reference_ids(connection)
        forces, capabilities = self.codes.ids
        force_id = forces.get(report.force) if report.force else None
        batch_id = await open_batch(connection, report, self.actor, force_id)
        if self.batch_id is None:
            await hold(connection, batch_id)
            self.batch_id = batch_id
        validator = self.validator
        return Reference(
            forces, capabilities, batch_id, validator.allowed_force, validator.default_force
        )

    async def _batched(
        self,
        connection: AsyncConnection,
        source: Sources,
        path: Path,
        report: ImportReport,
        held: _Held,
    ) -> None:
        """Write the file in the import's transactions of the mapping's `batch_size` records
        (`_Held`; a transaction takes as many batches as it needs: `read_size`). The last batch
        also checks what the file wrote and closes the import batch; to know which is the last,
        the next batch is received before one is written. A file that ends with the
        transaction still open leaves it to the next file (or the end of the import)."""
        reference: Reference | None = None  # the batch row is written with the first batch
        refusal: SourceError | None = None
        closed = False
        begun = False  # the file writes in the open transaction
        committed = _counts(report)  # the report as of the file's last commit
        async with aclosing(source.batches(path)) as chunks:
            try:
                items = await anext(chunks, None)
            except SourceError as error:
                items, refusal = None, error
            try:
                while items is not None:
                    try:
                        following = await anext(chunks, None)
                    except SourceError as error:  # what came before it is still written
                        following, refusal = None, error
                    last = following is None and refusal is None
                    if not begun:
                        await held.begin(report)
                        begun = True
                    if reference is None:
                        reference = await self._reference(connection, report)
                    rejects = await self._write(connection, reference, items, report)
                    await store_rejects(connection, reference.batch_id, rejects)
                    held.size += sum(max(len(item.records), 1) for item in items)
                    if last:
                        report.status = "COMPLETED"
                        await self._close(connection, reference.batch_id, report)
                        closed = True
                    if held.size >= self.adapter.batch_size:
                        self.verified.clear()  # another transaction may write them next
                        await held.commit()
                        begun, committed = False, _counts(report)
                    items = following
                if refusal is not None:
                    _refused(report, refusal)
                elif reference is None:
                    report.status = "COMPLETED"  # a file with no records
                if not closed:
                    if not begun:
                        await held.begin(report)
                        begun = True
                    if reference is None:
                        reference = await self._reference(connection, report)
                        await close_batch(connection, reference.batch_id, report)
                    else:
                        await self._close(connection, reference.batch_id, report)
            except BaseException:
                if begun:
                    with suppress(DBAPIError, OSError):
                        await held.undo_file(report, committed)
                    await held.abandon()  # if it could not be undone
                raise
        if begun:  # the batch's lock goes with the transaction's commit
            await held.finished(report, committed, self.batch_id)
            self.batch_id = None

    async def _close(
        self, connection: AsyncConnection, batch_id: int, report: ImportReport
    ) -> None:
        """Check what the file wrote, finish a completed file's work, close its batch."""
        await check_written(connection, batch_id, report, self.adapter)
        if report.status == "COMPLETED":
            await self._after_write(connection, batch_id, report)
        await close_batch(connection, batch_id, report)

    async def _after_write(
        self, connection: AsyncConnection, batch_id: int, report: ImportReport
    ) -> None:
        """Mark what the mapping marks sensitive; withdraw what a full list omits."""
        if self.adapter.sensitive:
            await mark_written(connection, batch_id, self.adapter.sensitive, report)
        for entity, seen in self.seen.items():
            await apply_snapshot(connection, batch_id, entity, seen, report)

    async def _whole(
        self,
        connection: AsyncConnection,
        source: Sources,
        path: Path,
        report: ImportReport,
    ) -> None:
        rejects: list[Reject] = []
        transaction = await connection.begin()
        try:
            reference = await self._reference(connection, report)
            async with aclosing(source.batches(path)) as chunks:
                async for items in chunks:
                    found = await self._write(connection, reference, items, report)
                    rejects += found[: MAX_STORED_REJECTS_STRICT - len(rejects)]
            await check_written(connection, reference.batch_id, report, self.adapter)
            report.status = "FAILED" if self.strict and report.rejected else "COMPLETED"
            if report.status == "COMPLETED":
                await self._after_write(connection, reference.batch_id, report)
            if self.dry_run or report.status == "FAILED":
                await transaction.rollback()
            else:
                await close_batch(connection, reference.batch_id, report)
                await transaction.commit()
        except SourceError as error:
            _refused(report, error)
        finally:
            if transaction.is_active:
                await transaction.rollback()
        if report.status == "FAILED" and report.error is None and not self.dry_run:
            report.inserted = report.updated = report.unchanged = report.repeated = 0
            report.provisional = {}
            async with connection.begin():
                reference = await self._reference(connection, report)
                await store_rejects(connection, reference.batch_id, rejects)
                await close_batch(connection, reference.batch_id, report)

    async def _write(
        self,
        connection: AsyncConnection,
        reference: Reference,
        items: list[Item],
        report: ImportReport,
    ) -> list[Reject]:
        try:
            chunk = Chunk(connection, reference, items, self.verified)
            tally = await chunk.write(BATCH_SAVEPOINT)
        except DBAPIError as error:
            self.verified.clear()  # the batch's writes were rolled back
            if _fault(error):
                raise
            tally = await _one_by_one(connection, reference, items)
        await refresh_statistics(connection, tally.tables)
        report.read += len(items)
        for item in items:
            for record in item.records if not item.rejected else ():
                seen = self.seen.get(record.entity)
                if seen is not None:
                    seen.add((record.values["force"], record.values["service_number"]))
        report.inserted += tally.inserted
        report.updated += tally.updated
        report.unchanged += tally.unchanged
        report.repeated += tally.repeated
        report.add_counts(tally.entities)
        for entity, count in tally.provisional.items():
            report.provisional[entity] = report.provisional.get(entity, 0) + count
        for item, first in tally.duplicate_lines:
            message = f"the same records as line {first}: not written again"
            report.add_duplicate(
                Reject(report.file, item.line, item.path, None, None, "DUPLICATE_LINE", message)
            )
        rejects = [
            Reject(report.file, item.line, item.path, p.field, p.value, p.code, p.message)
            for item in items
            for p in item.problems
        ]
        report.rejected += sum(1 for item in items if item.rejected)
        for reject in rejects:
            report.add_reject(reject)
        if self.progress is not None:
            self.progress(report.read)
        return rejects


async def _one_by_one(
    connection: AsyncConnection, reference: Reference, items: list[Item]
) -> Tally:
    """After a database error, write the batch's records one source record at a time."""
    total = Tally()
    todo = [item for item in items if not item.rejected]
    for item in todo:
        for record in item.records:
            record.duplicate = False
    while todo:
        waiting: list[Item] = []
        for item in todo:
            try:
                async with connection.begin_nested():
                    tally = await Chunk(connection, reference, [item]).write()
            except DBAPIError as error:
                if _fault(error):
                    raise
                item.reject("DB_CONSTRAINT", _database_message(error))
                continue
            if item.rejected and all(p.code == "UNKNOWN_REFERENCE" for p in item.problems):
                waiting.append(item)
                continue
            total.inserted += tally.inserted
            total.updated += tally.updated
            total.unchanged += tally.unchanged
            total.repeated += tally.repeated
            for entity, counts in tally.entities.items():
                mine = total.entities.setdefault(entity, {})
                for outcome, count in counts.items():
                    mine[outcome] = mine.get(outcome, 0) + count
            for entity, count in tally.provisional.items():
                total.provisional[entity] = total.provisional.get(entity, 0) + count
        if len(waiting) == len(todo):
            break
        for item in waiting:
            item.problems.clear()
        todo = waiting
    return total


def _fault(error: DBAPIError) -> bool:
    """A fault of the database or of the connection to it, not a refusal of one record."""
    return error.connection_invalidated or not isinstance(error, IntegrityError | DataError)


def _lost(report: ImportReport, error: Exception) -> None:
    report.status = "FAILED"
    cause = getattr(error, "orig", None) or error
    first = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
    message = (
        f"the database failed during the import ({type(cause).__name__}: {first}); what was "
        "committed before it stays written: run the import again once the database is back"
    )
    report.error = Reject(report.file, None, None, None, None, "DB_UNAVAILABLE", message)


Counts = tuple[int, int, int, int, int, int, int, dict[str, int]]


def _counts(report: ImportReport) -> Counts:
    return (
        report.read,
        report.inserted,
        report.updated,
        report.unchanged,
        report.repeated,
        report.rejected,
        len(report.rejects),
        dict(report.provisional),
    )


def _restore(report: ImportReport, counts: Counts) -> None:
    read, inserted, updated, unchanged, repeated, rejected, shown, provisional = counts
    report.provisional = provisional
    report.read, report.inserted, report.updated = read, inserted, updated
    report.unchanged, report.repeated, report.rejected = unchanged, repeated, rejected
    del report.rejects[shown:]


def _database_message(error: DBAPIError) -> str:
    text = str(error.orig).strip().splitlines()[0] if error.orig else "database error"
    return f"the database refused the record: {text}"


def _refused(report: ImportReport, error: SourceError) -> ImportReport:
    report.status = "FAILED"
    report.error = Reject(
        report.file, error.line, error.path, None, error.value, error.code, error.message
    )
    return report
