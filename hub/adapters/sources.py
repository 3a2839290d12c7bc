"""Reading large imports in a second process, while this one writes.

An import is bound by Python on two sides: checking, reading, mapping and validating records,
and resolving and writing them. A reader process does the first side while the importing
process does the second, so the two use two CPUs. The first import of `MIN_BYTES` or more
(one file, or all the files of one `ingest` call) starts the reader, which is then kept for
later imports of any size: one per hub process, one import at a time.

The reader is sent all the files of an import when the first is asked for. It checks and reads
them in order (`hub.adapters.reader`), reading each file once and running ahead of this process
by a few MB of batches, and sends their batches of validated records through a socket; this
process keeps at most `AHEAD` batches waiting, so memory stays flat. A larger file, checked
before it is read, is checked in the reader's spare time from when it is sent. A file's batches
are sent, and written, only after the reader has checked the whole file, exactly as when this
process checks it. Writes never leave the importing process.

Only a mapping file's adapter without Python transforms can be rebuilt in the reader. Any other
adapter, a small import while no reader runs, or an import while the reader serves another is
checked and read in a thread of the importing process instead, with the same result.
"""

from __future__ import annotations

import asyncio
import atexit
import gc
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import AsyncGenerator, Iterator, Sequence
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from hub.adapters.check import Item, Validator
from hub.adapters.errors import SourceError
from hub.adapters.map import Adapter, MappingAdapter
from hub.adapters.model.source_record import SourceRecord

MIN_BYTES = 1024 * 1024
# The reader makes and drops a few objects per value, none of them in cycles that matter for
# its lifetime: its cyclic collector runs less often (a tenth of the CPU of reading COP26).
READER_GC_THRESHOLDS = (50_000, 50, 100)
READ_BATCH = 1000  # records per batch read, at most (`read_size`)
AHEAD = 2  # batches received and waiting to be written, at most
FIRST_HERE_BYTES = 256 * 1024  # a smaller first file is read here while a new reader starts
MAIN = "import sys; from hub.adapters.sources import main; main(int(sys.argv[1]))"
ENABLED = True  # tests turn the reader process off, or force it on with MIN_BYTES = 0
_LOCK = threading.Lock()
_reader: _Reader | None = None
Message = tuple[int, str, Any]  # (job, kind, payload)


def read_size(adapter: Adapter) -> int:
    """Records per batch read and handed to the writer: the mapping's `batch_size` (records
    written per transaction), at most `READ_BATCH`, so that a large `batch_size` does not hold
    more records in memory (a transaction then takes several batches)."""
    return min(adapter.batch_size, READ_BATCH)


def take(records: Iterator[SourceRecord], validator: Validator, batch_size: int) -> list[Item]:
    """The next batch: about `batch_size` records, never cutting a record from its holder."""
    return take_items(map(validator.item, records), batch_size)


def take_items(checked: Iterator[Item], batch_size: int) -> list[Item]:
    """The next batch of checked items (`take`)."""
    items: list[Item] = []
    count = 0
    for item in checked:
        items.append(item)
        count += len(item.records) or 1
        if count >= batch_size and item.cut_ok:
            break
    return items


def checked_items(adapter: Adapter, path: Path, validator: Validator) -> Iterator[Item]:
    """The checked items of a checked file, streamed (a mapping file's straight from its raw
    records, `hub.adapters.map.direct`)."""
    from hub.adapters.map import direct

    if direct.direct_adapter(adapter):
        assert isinstance(adapter, MappingAdapter)
        return direct.items(adapter, adapter.raw_records(path), validator)
    return map(validator.item, adapter.records(path))


@dataclass(frozen=True, slots=True)
class Job:
    """What the reader needs to check and read a file as the importing process would."""

    number: int
    mapping: str
    file: str
    batch_size: int
    default_force: str | None
    allowed_force: str | None
    # the importing engine's id key (HUB_ID_KEY): the reader makes the records' opaque ids
    # with it (`hub.adapters.check.prepare`); None: the writer makes them
    id_key: bytes | None = None


class FileSource:
    """Checks and reads one import's files, in order: in a thread of this process."""

    def __init__(self, adapter: Adapter, validator: Validator, pool: ThreadPoolExecutor) -> None:
        self.adapter = adapter
        self.validator = validator
        self.pool = pool

    async def check(self, path: Path) -> str:
        """The file's SHA-256, or SourceError: the file is refused."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool, self.adapter.check, path)
        except OSError as error:
            raise SourceError("FILE_UNREADABLE", str(error)) from None

    async def batches(self, path: Path) -> AsyncGenerator[list[Item], None]:
        """The checked file's batches; the next one is read while this one is written."""
        records = checked_items(self.adapter, path, self.validator)
        size = read_size(self.adapter)
        ahead = self.pool.submit(take_items, records, size)
        try:
            while items := await asyncio.wrap_future(ahead):
                ahead = self.pool.submit(take_items, records, size)
                yield items
        finally:
            # Never close the records while the thread runs them: not even when the import
            # was cancelled while it waited for this batch (its waiting then ends at once).
            try:
                await asyncio.wait([asyncio.wrap_future(ahead)])
            finally:
                futures.wait([ahead])
                if not ahead.cancelled():
                    ahead.exception()  # a batch nobody will write: its error does not matter
                close = getattr(records, "close", None)
                if close is not None:
                    close()

    def close(self) -> None:
        """Nothing to let go of."""


@dataclass(frozen=True, slots=True)
class Planned:
    """A file to import, with the adapter and the validation it is imported with."""

    path: Path
    adapter: Adapter
    validator: Validator


class ReaderStopped(RuntimeError):
    """The reader process stopped (killed, or out of memory) before it sent what was asked."""


class Sources:
    """Checks and reads the files of one or more imports, in the order they are imported.

    Files whose adapter the reader can rebuild go to the reader process when one serves these
    imports, all of them when the first file is asked for (so it reads the next files, even
    of the next import, while this process writes, and checks the larger ones early); the
    others are read in a thread here, and so is a small first file while a reader started for
    these imports gets ready."""

    def __init__(
        self,
        planned: Sequence[Planned],
        pool: ThreadPoolExecutor,
        reader: _Reader | None,
        id_key: bytes | None = None,
    ) -> None:
        self.planned = list(planned)
        self.pool = pool
        self.reader = reader
        self.id_key = id_key
        remote = [i for i, p in enumerate(self.planned) if _rebuildable(p.adapter)]
        if reader is not None and reader.jobs == 0 and self._first_here(remote):
            remote = remote[1:]  # read here while the reader just started gets ready
        self.remote = remote if reader is not None else []
        self.position = {index: n for n, index in enumerate(self.remote)}
        self.jobs: dict[int, int] = {}  # planned file -> its job in the reader
        self.current = -1  # the file being imported
        self.finished = 0  # files of the reader all read (or refused)
        self.reading = False  # the current file's batches are still coming

    def _first_here(self, remote: list[int]) -> bool:
        """The first file is small, and the reader has others to read."""
        if remote[:1] != [0] or len(remote) < 2:
            return False
        return _size(self.planned[0].path) < FIRST_HERE_BYTES

    def _local(self, index: int) -> FileSource:
        planned = self.planned[index]
        return FileSource(planned.adapter, planned.validator, self.pool)

    def _remote(self, index: int) -> bool:
        return self.reader is not None and index in self.position

    def _send(self) -> None:
        """Send the reader's files not sent yet (a job is a few hundred bytes: the reader
        receives them as they come, whatever it is doing)."""
        reader = self.reader
        while reader is not None and len(self.jobs) < len(self.remote):
            index = self.remote[len(self.jobs)]
            planned = self.planned[index]
            job = Job(
                reader.next_job(),
                str(getattr(planned.adapter, "source_path", "")),
                os.path.abspath(planned.path),  # the reader has its own working folder
                read_size(planned.adapter),
                planned.validator.default_force,
                planned.validator.allowed_force,
                self.id_key,
            )
            reader.connection.send(job)
            self.jobs[index] = job.number

    async def check(self, path: Path) -> str:
        """The file's SHA-256, or SourceError: the file is refused."""
        self.current += 1
        index = self.current
        self._send()  # the next ones too, once
        if not self._remote(index):
            return await self._local(index).check(path)
        try:
            kind, payload = await self._receive(index)
        except RuntimeError:  # the reader stopped before this file: nothing of it is written
            return await self._local(index).check(path)
        if kind == "checked":
            self.reading = True
            return str(payload)
        self.finished += 1
        raise _refusal(kind, payload, self)

    async def batches(self, path: Path) -> AsyncGenerator[list[Item], None]:
        """The checked file's batches."""
        index = self.current
        if not self._remote(index) or index not in self.jobs:
            async for items in self._local(index).batches(path):
                yield items
            return
        finished = False
        received = False  # a batch of this file came from the reader
        try:
            while True:
                try:
                    kind, payload = await self._receive(index)
                except ReaderStopped:
                    if received:
                        raise
                    finished = True  # checked by the reader, but nothing of it read yet
                    self.reading = False
                    break
                if kind == "batch":
                    received = True
                    yield payload
                    continue
                finished = True
                self.reading = False
                self.finished += 1
                if kind == "done":
                    return
                raise _refusal(kind, payload, self)
        finally:
            if not finished:
                self._give_up()
        async for items in self._local(index).batches(path):  # the reader stopped first
            yield items

    async def _receive(self, index: int) -> tuple[str, Any]:
        reader = self.reader
        assert reader is not None
        try:  # usually there already (the reader is ahead): no hop through a thread
            message: Message | None = reader.messages.get_nowait()
        except queue.Empty:
            loop = asyncio.get_running_loop()
            message = await loop.run_in_executor(self.pool, reader.messages.get)
        if message is None:
            self._give_up()
            raise ReaderStopped("the reader process stopped")
        job, kind, payload = message
        if kind == "failed":
            self._give_up()
            raise RuntimeError(f"the reader process failed:\n{payload}")
        if job != self.jobs[index]:
            self._give_up()
            raise RuntimeError(f"the reader sent job {job}'s {kind}, not job {self.jobs[index]}'s")
        return kind, payload

    def _give_up(self) -> None:
        """Stop the reader (it may be ahead, or stuck); the rest is read in this process."""
        if self.reader is not None:
            _discard(self.reader)
            self.reader = None
            _LOCK.release()

    def close(self) -> None:
        """Let the reader go, stopping it if it is still busy with files not imported."""
        if self.reader is None:
            return
        if self.reading or len(self.jobs) > self.finished:
            _discard(self.reader)
        self.reader = None
        _LOCK.release()


def _refusal(kind: str, payload: Any, sources: Sources) -> SourceError:
    if kind != "refused":
        sources._give_up()
        raise RuntimeError(f"unexpected message from the reader process: {kind}")
    code, message, line, where, value, offset = payload
    return SourceError(code, message, line=line, path=where, value=value, offset=offset)


def open_sources(
    planned: Sequence[Planned], pool: ThreadPoolExecutor, id_key: bytes | None = None
) -> Sources:
    """How to check and read these files: with the reader process if it serves them. With
    the id key of the engine the files are written to (`hub.store.gids.id_key_of`), the
    reader also makes the opaque ids of the records it sends."""
    readable = [p.path for p in planned if _rebuildable(p.adapter)]
    return Sources(planned, pool, _claim(readable), id_key)


def _rebuildable(adapter: Adapter) -> bool:
    return getattr(adapter, "source_path", None) is not None


class _Reader:
    """A Python process of its own (not a fork of this one, and never running this process's
    main module), talking through a socket pair; a thread here receives what it sends."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        root = str(Path(__file__).resolve().parents[2])
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": root + (os.pathsep + path if path else "")}
        self.process = subprocess.Popen(
            [sys.executable, "-c", MAIN, str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            env=env,
        )
        theirs.close()
        self.connection = Connection(ours.detach())
        self.messages: queue.Queue[Message | None] = queue.Queue(AHEAD)
        self.jobs = 0
        self.receiver = threading.Thread(
            target=self._receive, name="hub-ingest-receiver", daemon=True
        )
        self.receiver.start()

    def next_job(self) -> int:
        self.jobs += 1
        return self.jobs

    def _receive(self) -> None:
        while True:
            try:
                message = self.connection.recv()
            except (EOFError, OSError):
                self.messages.put(None)
                return
            self.messages.put(message)

    def alive(self) -> bool:
        return self.process.poll() is None

    def discard(self) -> None:
        """Stop the reader, whatever it is doing (it may be waiting to hand over a batch)."""
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.connection.close()
        while True:  # let the receiver thread end, if it waits to queue a batch
            try:
                self.messages.get_nowait()
            except queue.Empty:
                break
        self.receiver.join(5)


def _claim(files: Sequence[Path]) -> _Reader | None:
    global _reader
    if not ENABLED or os.name != "posix" or not files:
        return None
    if not _LOCK.acquire(blocking=False):
        return None
    try:
        if _reader is None or not _reader.alive():
            if sum(_size(path) for path in files) < MIN_BYTES:
                _LOCK.release()
                return None
            _reader = _Reader()
        return _reader
    except BaseException:
        _LOCK.release()
        raise


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _discard(reader: _Reader) -> None:
    global _reader
    reader.discard()
    if _reader is reader:
        _reader = None


def shutdown_reader() -> None:
    """Stop the reader process, if one runs (at exit, or in tests)."""
    global _reader
    with _LOCK:
        if _reader is not None:
            _reader.discard()
            _reader = None


atexit.register(shutdown_reader)


def main(descriptor: int) -> None:
    """The reader process's entry point (see `MAIN`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the importing process
    from hub.adapters.map import load_adapter  # noqa: F401 (imported before the freeze)
    from hub.adapters.reader import serve
    from hub.standard import load_vocabulary

    load_vocabulary()
    gc.freeze()  # what the imports made stays: the collector no longer walks it
    gc.set_threshold(*READER_GC_THRESHOLDS)
    serve(Connection(descriptor))
