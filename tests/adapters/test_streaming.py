"""Readers stream: memory stays bounded however long the file (a few MB here; see docs)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from hub.adapters import load_adapter
from tests.adapters.conftest import example

UNIT = (
    '<rs:unit ref="U{n}" skill="PO L2"><rs:name>Unit {n}</rs:name><rs:members>'
    + "".join(
        f'<rs:member role="PC"><hr:officer number="{{n}}{m}"><hr:surname>S</hr:surname>'
        f"<hr:forenames>F</hr:forenames><hr:rank>PC</hr:rank></hr:officer></rs:member>"
        for m in range(20)
    )
    + "</rs:members></rs:unit>"
)
HEAD = (
    '<rs:roster xmlns:rs="urn:example:duty-planning:roster:2"'
    ' xmlns:hr="urn:example:duty-planning:people:1">'
)


def _peak(path: Path, kind: str) -> tuple[int, int]:
    adapter = load_adapter(example(kind, "mapping.yaml"))
    tracemalloc.start()
    try:
        count = sum(1 for _ in adapter.records(path))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("units", [50, 300])
def test_the_xml_reader_keeps_a_flat_memory_profile(tmp_path: Path, units: int) -> None:
    path = tmp_path / "roster.xml"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for n in range(units):
            out.write(UNIT.format(n=n))
        out.write("</rs:roster>")
    count, peak = _peak(path, "duty-roster-xml")
    assert count == units * 21
    assert peak < 2 * 1024 * 1024, peak


def test_the_csv_reader_keeps_a_flat_memory_profile(tmp_path: Path) -> None:
    path = tmp_path / "officers.csv"
    with path.open("w", encoding="cp1252", newline="") as out:
        out.write("Collar No,Surname,Forename(s),Rank,Skills\r\n")
        for n in range(20_000):
            out.write(f"{n},Surname{n},Given,PC,PO L2;PSU Driver\r\n")
    assert path.stat().st_size > 700_000
    count, peak = _peak(path, "hr-officers")
    assert count == 20_000
    assert peak < 1024 * 1024, peak
