"""The reader process gives the same imports as reading in this process, refusals included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ImportReport, ingest, pipeline
from hub.adapters import sources as reading
from hub.adapters.pipeline import ImportStep, ingest_sequence
from tests.adapters.conftest import example, row_counts
from tests.adapters.test_examples import SEQUENCE

BAD_OFFICERS = example("hr-officers", "officers-with-errors.csv")


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every import goes through the reader process."""
    monkeypatch.setattr(reading, "MIN_BYTES", 0)
    try:
        yield
    finally:
        reading.shutdown_reader()


def _summary(reports: list[ImportReport]) -> list[tuple[Any, ...]]:
    return [
        (
            r.file,
            r.status,
            r.checksum,
            r.read,
            r.inserted,
            r.updated,
            r.unchanged,
            r.rejected,
            [(j.line, j.path, j.field, j.value, j.code) for j in r.rejects],
            r.error.code if r.error else None,
        )
        for r in reports
    ]


async def test_the_examples_import_the_same_through_the_reader(
    engine: AsyncEngine, reader: None
) -> None:
    for name, sample, read, inserted, unchanged, repeated in SEQUENCE:
        (first,) = await ingest(engine, name, [example(name, sample)])
        counts = (first.read, first.inserted, first.updated, first.unchanged, first.repeated)
        assert counts == (read, inserted, 0, unchanged, repeated), (name, first.rejects)
        assert first.rejected == 0
        assert reading._reader is not None and reading._reader.alive()
    (again,) = await ingest(engine, "hr-officers", [example("hr-officers", "officers.csv")])
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 6)


async def test_rejects_and_refusals_are_the_same_in_either_process(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truncated = tmp_path / "roster.xml"
    truncated.write_bytes(example("duty-roster-xml", "roster.xml").read_bytes()[:2000])
    files = [BAD_OFFICERS, tmp_path / "missing.csv", example("hr-officers", "officers.csv")]
    monkeypatch.setattr(reading, "ENABLED", False)
    here = _summary(await ingest(engine, "hr-officers", files, dry_run=True))
    refused_here = _summary(await ingest(engine, "duty-roster-xml", [truncated]))
    monkeypatch.setattr(reading, "ENABLED", True)
    monkeypatch.setattr(reading, "MIN_BYTES", 0)
    try:
        there = _summary(await ingest(engine, "hr-officers", files, dry_run=True))
        refused_there = _summary(await ingest(engine, "duty-roster-xml", [truncated]))
    finally:
        reading.shutdown_reader()
    assert there == here
    assert [row[1] for row in here] == ["COMPLETED", "FAILED", "COMPLETED"]
    assert here[1][-1] == "FILE_UNREADABLE"
    assert refused_there == refused_here and refused_here[0][-1] == "XML_MALFORMED"


async def test_an_import_that_fails_midway_stops_the_reader_and_the_next_one_works(
    engine: AsyncEngine, reader: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = pipeline._Run._write

    async def failing(*args: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(pipeline._Run, "_write", failing)
    files = [example("hr-officers", "officers.csv"), BAD_OFFICERS]
    with pytest.raises(RuntimeError, match="went away"):
        await ingest(engine, "hr-officers", files)
    assert reading._reader is None  # it was busy with the next file: stopped
    monkeypatch.setattr(pipeline._Run, "_write", write)
    reports = await ingest(engine, "hr-officers", files)
    assert [(r.status, r.inserted) for r in reports] == [("COMPLETED", 6), ("COMPLETED", 0)]
    assert (await row_counts(engine))["officer"] == 6


async def test_a_reader_that_dies_between_files_leaves_the_rest_to_this_process(
    engine: AsyncEngine, reader: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = pipeline._Run.file

    async def then_kill(self: Any, path: Path, source: Any, held: Any) -> ImportReport:
        report = await file(self, path, source, held)
        if reading._reader is not None:
            reading._reader.process.kill()
            reading._reader.process.wait()
        return report

    monkeypatch.setattr(pipeline._Run, "file", then_kill)
    files = [example("hr-officers", "officers.csv"), BAD_OFFICERS]
    reports = await ingest(engine, "hr-officers", files)
    assert [(r.status, r.inserted, r.rejected) for r in reports] == [
        ("COMPLETED", 6, 0),
        ("COMPLETED", 0, 4),
    ]


async def test_a_reader_that_dies_after_checking_a_file_leaves_its_reading_to_this_process(
    engine: AsyncEngine, reader: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the reader reads ahead: it may have checked the next file, and said so, when it dies
    receive = reading.Sources._receive

    async def dies_once_checked(self: reading.Sources, index: int) -> tuple[str, Any]:
        if index == 1 and self.reading and self.reader is not None:
            self.reader.process.kill()
            self.reader.process.wait()
            self._give_up()
            raise reading.ReaderStopped("the reader process stopped")
        return await receive(self, index)

    monkeypatch.setattr(reading.Sources, "_receive", dies_once_checked)
    files = [example("hr-officers", "officers.csv"), BAD_OFFICERS]
    reports = await ingest(engine, "hr-officers", files)
    assert [(r.status, r.inserted, r.rejected) for r in reports] == [
        ("COMPLETED", 6, 0),
        ("COMPLETED", 0, 4),
    ]


async def test_a_sequence_imports_as_one_ingest_after_another(
    engine: AsyncEngine, reader: None
) -> None:
    steps = [ImportStep(name, [example(name, sample)]) for name, sample, *_ in SEQUENCE]
    done: list[int] = []
    results = await ingest_sequence(engine, steps, step_done=lambda i, _r: done.append(i))
    assert done == list(range(len(SEQUENCE)))
    for (name, _sample, read, inserted, unchanged, repeated), (report,) in zip(
        SEQUENCE, results, strict=True
    ):
        counts = (report.read, report.inserted, report.updated, report.unchanged, report.repeated)
        assert counts == (read, inserted, 0, unchanged, repeated), (name, report.rejects)
        assert report.rejected == 0
    assert reading._reader is not None  # it read every file


async def test_a_small_first_file_is_read_here_while_a_new_reader_starts(
    engine: AsyncEngine, reader: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    here: list[str] = []
    check = reading.FileSource.check

    async def checked_here(self: reading.FileSource, path: Path) -> str:
        here.append(path.name)
        return await check(self, path)

    monkeypatch.setattr(reading.FileSource, "check", checked_here)
    files = [example("hr-officers", "officers.csv"), BAD_OFFICERS]
    first = await ingest(engine, "hr-officers", files)
    assert here == ["officers.csv"]  # the reader, new, read the second
    again = await ingest(engine, "hr-officers", files)
    assert here == ["officers.csv"]  # the reader was up: it read both
    assert [(r.inserted, r.rejected) for r in first] == [(6, 0), (0, 4)]
    assert [(r.inserted, r.rejected) for r in again] == [(0, 0), (0, 4)]
