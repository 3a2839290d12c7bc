"""The reader process's side (`hub.adapters.reader`): each file read once, with its check folded
into the read; its batches sent only once the whole file is known good, exactly those of a
check followed by a read; files read ahead of what the importing process has taken."""

from __future__ import annotations

import pickle
import socket
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from hub.adapters import reader
from hub.adapters.check import Validator, prepare
from hub.adapters.errors import SourceError
from hub.adapters.map import MappingAdapter, direct, load_adapter
from hub.adapters.read import xml as xml_reader
from hub.adapters.registry import resolve_adapter
from hub.adapters.sources import Job, take
from hub.standard import load_vocabulary
from tests.adapters.conftest import example

ROSTER = example("duty-roster-xml", "roster.xml")
REQUEST = example("edxl-rm-request", "RequestResource.xml")  # validated against its XSD


class Recorder:
    """Stands in for the outbox: the messages in the order they would be sent."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, Any]] = []

    def put(self, message: Any) -> None:
        self.put_pickled(reader.pickled(message))

    def put_pickled(self, blob: bytes) -> None:
        _job, kind, payload = pickle.loads(blob)
        self.messages.append((kind, payload))


def _adapter(name: str) -> MappingAdapter:
    path = resolve_adapter(name).source_path  # type: ignore[attr-defined]
    return load_adapter(path)


def _job(adapter: MappingAdapter, file: Path, batch_size: int = 2) -> Job:
    return Job(1, str(adapter.source_path), str(file), batch_size, None, None)


def _validator(adapter: MappingAdapter) -> Validator:
    return Validator(load_vocabulary(), adapter.timezone, adapter.synonyms, None, None)


def _answer(name: str, file: Path, batch_size: int = 2) -> list[tuple[str, Any]]:
    adapter = _adapter(name)
    recorder = Recorder()
    job = _job(adapter, file, batch_size)
    reader.read(recorder, job, adapter, _validator(adapter))  # type: ignore[arg-type]
    return recorder.messages


def _checked_then_read(name: str, file: Path, batch_size: int = 2) -> list[tuple[str, Any]]:
    """What the importing process would get by checking the file, then reading it, each
    batch prepared for the writer as the reader prepares it (`prepare`)."""
    adapter = _adapter(name)
    try:
        try:
            checksum = adapter.check(file)
        except OSError as problem:
            raise SourceError("FILE_UNREADABLE", str(problem)) from None
    except SourceError as error:
        return [("refused", (error.code, error.message, error.line, error.path, error.value))]
    validator = _validator(adapter)
    records = adapter.records(file)
    messages: list[tuple[str, Any]] = [("checked", checksum)]
    while items := take(records, validator, batch_size):
        messages.append(("batch", prepare(items, None)))
    return [*messages, ("done", None)]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times an XML file is parsed."""
    counted: list[int] = []
    parse = xml_reader._parse

    def counting(*args: Any) -> Any:
        counted.append(1)
        return parse(*args)

    monkeypatch.setattr(xml_reader, "_parse", counting)
    return counted


@pytest.mark.parametrize(
    ("name", "file"), [("duty-roster-xml", ROSTER), ("edxl-rm-request", REQUEST)]
)
def test_a_file_is_parsed_once_and_answered_as_checked_then_read(
    name: str, file: Path, parses: list[int]
) -> None:
    expected = _checked_then_read(name, file)
    parses.clear()
    answer = _answer(name, file)
    assert len(parses) == 1
    assert answer == expected
    assert [kind for kind, _ in answer].count("batch") >= (2 if file == ROSTER else 1)


# Past the bytes held: the first batch held, the rest of the file checked, then read again
# after that batch. A file past the size of one pass: checked, then read.
@pytest.mark.parametrize("constant", ["HOLD_BYTES", "ONE_PASS_BYTES"])
def test_a_file_past_the_caps_is_checked_then_read_with_the_same_answer(
    constant: str, parses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _checked_then_read("duty-roster-xml", ROSTER)
    monkeypatch.setattr(reader, constant, 0)
    parses.clear()
    assert _answer("duty-roster-xml", ROSTER) == expected
    assert len(parses) == 2


def _refusal(answer: list[tuple[str, Any]]) -> tuple[Any, ...]:
    assert [kind for kind, _ in answer] == ["refused"]  # nothing of the file is sent
    return tuple(answer[0][1][:5])


@pytest.mark.parametrize("hold", [reader.HOLD_BYTES, 0])
def test_a_bad_file_sends_its_refusal_and_no_batch(
    tmp_path: Path, hold: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "HOLD_BYTES", hold)
    text = ROSTER.read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: int(len(text) * 0.9)])  # well-formed until near the end
    invalid = tmp_path / "invalid.xml"  # well-formed, but not what its XSD allows
    invalid.write_text(
        REQUEST.read_text().replace("<rmsg:MessageID>", "<rmsg:Odd/><rmsg:MessageID>", 1)
    )
    missing = tmp_path / "missing.xml"
    for name, file, code in [
        ("duty-roster-xml", cut, "XML_MALFORMED"),
        ("edxl-rm-request", invalid, "XML_SCHEMA_INVALID"),
        ("duty-roster-xml", missing, "FILE_UNREADABLE"),
    ]:
        refusal = _refusal(_answer(name, file))
        assert refusal[0] == code
        assert refusal == tuple(_checked_then_read(name, file)[0][1])


def test_a_mapping_that_fails_on_a_bad_file_gives_the_refusal_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: MappingAdapter, raw: Any) -> Any:
        raise ZeroDivisionError("a fault in mapping")

    def broken_items(adapter: Any, raws: Any, validator: Any) -> Any:
        for raw in raws:
            yield broken(adapter, raw)

    monkeypatch.setattr(MappingAdapter, "map", broken)
    monkeypatch.setattr(direct, "items", broken_items)  # records mapped and checked at once
    text = ROSTER.read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: int(len(text) * 0.9)])
    assert _refusal(_answer("duty-roster-xml", cut))[0] == "XML_MALFORMED"
    with pytest.raises(ZeroDivisionError):  # a good file: the fault, as after its check
        _answer("duty-roster-xml", ROSTER)


def _officers(path: Path, rows: int) -> Path:
    lines = ["Collar No,Surname,Forename(s),Rank,Skills"]
    lines += [f"{10000 + n},Surname{n},Forename{n},PC," for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    return path


def test_the_reader_reads_the_next_file_while_the_batches_before_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    adapter = _adapter("hr-officers")
    big = _officers(tmp_path / "big.csv", 3000)  # far more than the socket holds
    small = _officers(tmp_path / "small.csv", 3)
    answered: list[str] = []
    read = reader.read
    second = threading.Event()

    def reading(outbox: Any, job: Job, *args: Any) -> None:
        read(outbox, job, *args)
        answered.append(Path(job.file).name)
        if len(answered) == 2:
            second.set()

    monkeypatch.setattr(reader, "read", reading)
    ours, theirs = socket.socketpair()
    theirs.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    connection = Connection(ours.detach())
    served = threading.Thread(target=reader.serve, args=(Connection(theirs.detach()),))
    served.start()
    try:
        for number, file in enumerate([big, small], start=1):
            connection.send(Job(number, str(adapter.source_path), str(file), 100, None, None))
        # nothing received yet: the small file is read all the same
        assert second.wait(30), answered
        messages = []
        while not messages or messages[-1][:2] != (2, "done"):
            messages.append(connection.recv())
    finally:
        connection.close()
        served.join(10)
    assert not served.is_alive()
    kinds = [(job, kind) for job, kind, _ in messages]
    assert kinds[0] == (1, "checked") and kinds[-2:] == [(2, "batch"), (2, "done")]
    assert kinds.index((1, "done")) + 2 == kinds.index((2, "batch"))
    assert sum(len(items) for job, kind, items in messages if kind == "batch" and job == 1) == 3000


def test_a_larger_file_is_checked_ahead_only_while_the_reading_thread_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A larger file is checked as soon as its job comes, but only in the reading thread's
    spare time: while that thread reads (here: never waits), the check stands still at its
    first pause; once the reading thread waits for it, it runs to the end."""
    monkeypatch.setattr(reader, "ONE_PASS_BYTES", 0)
    adapter = _adapter("hr-officers")
    big = _officers(tmp_path / "big.csv", 3 * 200 + 1)  # a pause every 200 records
    paused = threading.Event()
    paces: list[int] = []
    idle = reader.Idle()
    pace = idle.pace

    def counted() -> None:
        paces.append(1)
        paused.set()
        pace()

    monkeypatch.setattr(idle, "pace", counted)
    ours, theirs = socket.socketpair()
    connection = Connection(ours.detach())
    inbox = reader.Inbox(Connection(theirs.detach()), idle)
    try:
        connection.send(Job(1, str(adapter.source_path), str(big), 100, None, None))
        assert paused.wait(30)  # at its first pause; the reading thread is busy (not waiting)
        early = inbox.checks[1]
        assert not early.future.done() and len(paces) == 1
        job = inbox.next()
        assert job is not None and inbox.check_of(job) is early
        assert early.checksum() == adapter.check(big)  # the reading thread waits: it goes on
        assert len(paces) == 3
    finally:
        inbox.close()
        connection.close()


def test_files_checked_ahead_are_answered_as_when_checked_then_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through `serve`, every file past the size of one pass checked ahead of its turn: a
    good one, one malformed near its end, one missing; the same answers as a check, then a
    read."""
    monkeypatch.setattr(reader, "ONE_PASS_BYTES", 0)
    text = ROSTER.read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: int(len(text) * 0.9)])
    files = [ROSTER, cut, tmp_path / "missing.xml", ROSTER]
    adapter = _adapter("duty-roster-xml")
    ours, theirs = socket.socketpair()
    connection = Connection(ours.detach())
    served = threading.Thread(target=reader.serve, args=(Connection(theirs.detach()),))
    served.start()
    try:
        for number, file in enumerate(files, start=1):
            connection.send(Job(number, str(adapter.source_path), str(file), 2, None, None))
        answers: dict[int, list[tuple[str, Any]]] = {n: [] for n in range(1, len(files) + 1)}
        ended = 0
        while ended < len(files):
            job, kind, payload = connection.recv()
            answers[job].append((kind, payload[:5] if kind == "refused" else payload))
            ended += kind in ("done", "refused")
    finally:
        connection.close()
        served.join(10)
    assert not served.is_alive()
    for number, file in enumerate(files, start=1):
        assert answers[number] == _checked_then_read("duty-roster-xml", file), file
    assert [kind for kind, _ in answers[2]] == ["refused"]
    assert answers[3][0][1][0] == "FILE_UNREADABLE"
