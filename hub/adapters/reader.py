"""The reader process (see `hub.adapters.sources`): checks and reads files ahead of the importer.

The importing process sends jobs, files in the order it imports them. Each is answered with
"checked" (the file's SHA-256), its batches and "done"; or with "refused" (a `SourceError`)
and no batch; or with "failed" (an unexpected error, with its traceback).

A file of up to `ONE_PASS_BYTES` is read once: reading it to its end is its check, and its
batches are held, pickled, until the whole file is known good. If its held batches would pass
`HOLD_BYTES`, the rest of it is only checked, then read again from where the held batches end.
A larger file is checked, then read (two passes): its first batches come sooner after its
check than after holding a few MB of them, and they could not all be held.
One thread reads, another sends what it has read: the reader goes on with the next files while
the importing process still takes the batches of the one before, up to `OUTBOX_BYTES` of
pickled messages waiting, so it has the next file checked and its batches ready when asked.
A third thread receives the jobs as soon as they come, and a fourth checks each larger file in
the reading thread's spare time (while it waits for room in the outbox), so that its check (a
whole pass over a file of many MB) is done before its turn, not at its turn while the
importing process waits; it never slows the reading of the files before it (`Idle`).
Each batch is prepared for the writer before it is sent (`hub.adapters.check.prepare`):
deduplicated, the keys to look up gathered, and the records' opaque ids made with the id key
of the job (that of the engine the importing process writes to), so that the importing
process, the import's bottleneck, has less to do per record.
"""

from __future__ import annotations

import pickle
import queue
import threading
import traceback
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from hub.adapters.check import Validator, prepare
from hub.adapters.errors import SourceError
from hub.adapters.map.adapter import MappingAdapter
from hub.adapters.map.direct import checked
from hub.adapters.read import Pace
from hub.adapters.sources import Job, Message, take_items

ONE_PASS_BYTES = 1024 * 1024  # a larger file is checked, then read: two passes
HOLD_BYTES = 4 * 1024 * 1024  # a file's pickled batches held until it is known good, at most
OUTBOX_BYTES = 2 * 1024 * 1024  # pickled messages waiting to be sent, at most
MAX_VALIDATORS = 64  # validators kept (one per adapter and forces)


class Outbox:
    """Messages waiting for the sending thread, pickled: at most `limit` bytes of them (a
    bigger one waits until the box is empty, then goes alone)."""

    def __init__(
        self, connection: Any, limit: int = OUTBOX_BYTES, idle: Idle | None = None
    ) -> None:
        self.connection = connection
        self.limit = limit
        self.idle = idle or Idle()  # set while the reading thread waits for room
        self.waiting: deque[bytes] = deque()
        self.size = 0  # bytes waiting, the one being sent included
        self.broken = False  # the importing process no longer listens
        self.closed = False
        self.changed = threading.Condition()
        self.sender = threading.Thread(target=self._send, name="hub-reader-sender", daemon=True)
        self.sender.start()

    def put(self, message: Message) -> None:
        self.put_pickled(pickled(message))

    def put_pickled(self, blob: bytes) -> None:
        """Queue a pickled message; wait while the box is full. BrokenPipeError: nobody listens."""
        with self.changed:
            while self.waiting and self.size + len(blob) > self.limit and not self.broken:
                with self.idle.waiting():
                    self.changed.wait()
            if self.broken:
                raise BrokenPipeError("the importing process no longer reads")
            self.waiting.append(blob)
            self.size += len(blob)
            self.changed.notify_all()

    def close(self) -> None:
        """Let the sending thread end (what still waits is not sent)."""
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def _send(self) -> None:
        while True:
            with self.changed:
                while not self.waiting and not self.closed:
                    self.changed.wait()
                if self.closed:
                    return
                blob = self.waiting[0]
            try:
                self.connection.send_bytes(blob)
            except OSError:
                with self.changed:
                    self.broken = True
                    self.changed.notify_all()
                return
            with self.changed:
                self.waiting.popleft()
                self.size -= len(blob)
                self.changed.notify_all()


def pickled(message: Message) -> bytes:
    return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)


class Idle:
    """Whether the reading thread waits (for room in the outbox, for the next job, or for a
    check made ahead): a check made ahead of time (`Inbox`) goes on only then, so it never
    slows the reading of the files before it."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.stopped = False

    @contextmanager
    def waiting(self) -> Iterator[None]:
        self.event.set()
        try:
            yield
        finally:
            self.event.clear()

    def pace(self) -> None:
        """Called by a check now and then: wait while the reading thread is busy."""
        self.event.wait()
        if self.stopped:
            raise _Stopped

    def stop(self) -> None:
        self.stopped = True
        self.event.set()


class _Stopped(Exception):
    """The reader is ending: a check made ahead of time is given up."""


@dataclass(frozen=True, slots=True)
class EarlyCheck:
    """A file's check begun when its job came (`Inbox`)."""

    future: Future[str]
    idle: Idle

    def checksum(self) -> str:
        """The file's SHA-256 (SourceError: refused), once the check is done; the check
        goes on at full speed meanwhile."""
        with self.idle.waiting():
            return self.future.result()


class Inbox:
    """The jobs the importing process sends, received as soon as they come (by a thread of
    its own). A file of more than `ONE_PASS_BYTES` is checked in another thread, in the order
    the files come, while the reading thread waits (`Idle`): its check is then done, or under
    way, when its turn comes (`check_of`)."""

    def __init__(self, connection: Any, idle: Idle) -> None:
        self.connection = connection
        self.idle = idle
        self.jobs: queue.Queue[Job | None] = queue.Queue()
        self.checks: dict[int, EarlyCheck] = {}  # job -> its file's check
        self.unchecked: queue.Queue[tuple[Job, Future[str]] | None] = queue.Queue()
        for target, name in ((self._receive, "receiver"), (self._check, "checker")):
            threading.Thread(target=target, name=f"hub-reader-{name}", daemon=True).start()

    def next(self) -> Job | None:
        """The next job; None once the importing process has gone away."""
        with self.idle.waiting():
            return self.jobs.get()

    def check_of(self, job: Job) -> EarlyCheck | None:
        """The check of the job's file begun when it came, if it is a larger file."""
        return self.checks.pop(job.number, None)

    def close(self) -> None:
        """Let the checking thread end (a check under way is given up)."""
        self.unchecked.put(None)
        self.idle.stop()

    def _receive(self) -> None:
        while True:
            try:
                job: Job | None = self.connection.recv()
            except (EOFError, OSError):
                job = None
            if job is not None and _size(Path(job.file)) > ONE_PASS_BYTES:
                future: Future[str] = Future()
                self.checks[job.number] = EarlyCheck(future, self.idle)
                self.unchecked.put((job, future))
            self.jobs.put(job)
            if job is None:
                return

    def _check(self) -> None:
        from hub.adapters.map import load_adapter

        while (waiting := self.unchecked.get()) is not None:
            job, future = waiting
            if not future.set_running_or_notify_cancel():
                continue
            try:
                adapter = load_adapter(Path(job.mapping))
                future.set_result(_check(adapter, Path(job.file), self.idle.pace))
            except _Stopped:
                return
            except BaseException as error:  # raised again where the check is read
                future.set_exception(error)


def serve(connection: Any) -> None:
    """Check and read the files the importing process sends, in order, until it goes away."""
    from hub.adapters.map import load_adapter
    from hub.standard import load_vocabulary

    idle = Idle()
    outbox = Outbox(connection, idle=idle)
    inbox = Inbox(connection, idle)
    # One validator per adapter and forces, kept from file to file: its generated checks are
    # made once, not once per file (an import sends many files of one adapter and force).
    validators: dict[tuple[Any, ...], Validator] = {}
    try:
        while True:
            job = inbox.next()
            if job is None:
                return
            check = inbox.check_of(job)
            try:
                adapter = load_adapter(Path(job.mapping))
                vocabulary = load_vocabulary()
                force, allowed = job.default_force, job.allowed_force
                key = (adapter, vocabulary, force, allowed)
                validator = validators.get(key)
                if validator is None:
                    if len(validators) >= MAX_VALIDATORS:
                        validators.clear()
                    validator = validators[key] = Validator(
                        vocabulary, adapter.timezone, adapter.synonyms, force, allowed
                    )
                read(outbox, job, adapter, validator, check)
            except BrokenPipeError:
                return
            except Exception:
                outbox.put((job.number, "failed", traceback.format_exc()))
    except BrokenPipeError:
        return
    finally:
        inbox.close()
        outbox.close()


def read(
    outbox: Outbox,
    job: Job,
    adapter: MappingAdapter,
    validator: Validator,
    check: EarlyCheck | None = None,
) -> None:
    """Answer one job: the file checked and its batches, or its refusal. A larger file's
    check may have begun already (`check`, `Inbox`)."""
    path = Path(job.file)
    held: deque[bytes] = deque()
    count: int | None = 0  # source records held (None: all the file's)
    try:
        if check is not None:
            checksum = check.checksum()
        elif _size(path) > ONE_PASS_BYTES:  # its batches would not be held: check it first
            checksum = _check(adapter, path)
        else:
            checksum, held, count = _hold(job, adapter, validator, path)
    except SourceError as error:
        where = (error.code, error.message, error.line, error.path, error.value, error.offset)
        outbox.put((job.number, "refused", where))
        return
    outbox.put((job.number, "checked", checksum))
    while held:
        outbox.put_pickled(held.popleft())
    if count is not None:  # more to read than the batches held: read again after them
        raws = adapter.raw_records(path)
        try:
            records = checked(adapter, islice(raws, count, None), validator)
            while items := take_items(records, job.batch_size):
                outbox.put((job.number, "batch", prepare(items, job.id_key)))
        finally:
            raws.close()  # type: ignore[attr-defined]
    outbox.put((job.number, "done", None))


def _hold(
    job: Job, adapter: MappingAdapter, validator: Validator, path: Path
) -> tuple[str, deque[bytes], int | None]:
    """Check the file while reading it: its SHA-256 and its batches, pickled, with None; or,
    for a file with more than `HOLD_BYTES` of them, the first batches and the count of source
    records they hold, the rest of the file checked but not read. SourceError: refused."""
    try:
        checksum = adapter.scan(path)
        raws = adapter.raw_records(path, checked=True)
        try:
            records = checked(adapter, raws, validator)
            held: deque[bytes] = deque()
            size = count = 0
            while items := take_items(records, job.batch_size):
                held.append(pickled((job.number, "batch", prepare(items, job.id_key))))
                size += len(held[-1])
                count += len(items)  # one item per source record, one record per raw record
                if size >= HOLD_BYTES:
                    for _ in raws:  # the rest is checked only
                        pass
                    return checksum, held, count
            return checksum, held, None
        finally:
            raws.close()  # type: ignore[attr-defined]
    except SourceError:
        raise
    except OSError as error:
        raise SourceError("FILE_UNREADABLE", str(error)) from None
    except Exception:
        # As when the file was checked before it was read: a refusal of the file comes first.
        _check(adapter, path)
        raise


def _check(adapter: MappingAdapter, path: Path, pace: Pace | None = None) -> str:
    try:
        return adapter.check(path, pace)
    except OSError as error:
        raise SourceError("FILE_UNREADABLE", str(error)) from None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # refused by its check
