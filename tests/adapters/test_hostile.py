"""Hostile and malformed files are refused whole, with a clear code, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest
from tests.adapters.conftest import row_counts

HEADER = b"Collar No,Surname,Forename(s),Rank,Skills\r\n"
GOOD_ROW = b"4417,O'Brien,Sean,PC,\r\n"
ROSTER = b'<r:roster xmlns:r="urn:example:duty-planning:roster:2">%s</r:roster>'
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b"<lolz>&lol3;</lolz>"
)
XML_CASES = {
    "billion laughs": (LAUGHS, "XML_DOCTYPE_FORBIDDEN"),
    "external entity": (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        "XML_DOCTYPE_FORBIDDEN",
    ),
    "external DTD": (
        b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.com/evil.dtd"><r/>',
        "XML_DOCTYPE_FORBIDDEN",
    ),
    "nesting 300 deep": (ROSTER % (b"<a>" * 300 + b"</a>" * 300), "XML_TOO_DEEP"),
    "huge text node": (
        ROSTER % (b"<a>" + b"x" * (2 * 1024 * 1024) + b"</a>"),
        "XML_TEXT_TOO_LARGE",
    ),
    "truncated mid-file": (
        (Path(__file__).parents[2] / "adapters/duty-roster-xml/roster.xml").read_bytes()[:2000],
        "XML_MALFORMED",
    ),
    "not XML at all": (b"Collar No,Surname\r\n1,2\r\n", "XML_MALFORMED"),
}
CSV_CASES = {
    "unterminated quote": (
        HEADER + GOOD_ROW + b'5120,"Kowalczyk,Zoe,PC,\r\n',
        "CSV_UNTERMINATED_QUOTE",
    ),
    "oversized cell": (
        HEADER + GOOD_ROW + b'5120,"' + b"x" * 200_000 + b'",Z,PC,\r\n',
        "CSV_FIELD_TOO_LARGE",
    ),
    "NUL byte": (HEADER + GOOD_ROW + b"5120,Kowal\x00czyk,Zoe,PC,\r\n", "NUL_BYTE"),
    "wrong encoding": (HEADER + GOOD_ROW + b"5120,K\x81walczyk,Zoe,PC,\r\n", "ENCODING_ERROR"),
    "duplicate header": (
        b"Collar No,Surname,Surname,Rank,Skills\r\n" + GOOD_ROW,
        "CSV_DUPLICATE_HEADER",
    ),
    "missing column": (b"Collar No,Surname,Rank\r\n4417,O'Brien,PC\r\n", "CSV_MISSING_COLUMN"),
    "empty file": (b"", "CSV_NO_HEADER"),
    "stray quote": (HEADER + b'4417,"O"Brien",Sean,PC,\r\n', "CSV_MALFORMED"),
}


@pytest.mark.parametrize("case", sorted(XML_CASES))
async def test_a_hostile_xml_file_is_refused_and_writes_nothing(
    engine: AsyncEngine, tmp_path: Path, case: str
) -> None:
    content, code = XML_CASES[case]
    path = tmp_path / "roster.xml"
    path.write_bytes(content)
    before = await row_counts(engine)
    (report,) = await ingest(engine, "duty-roster-xml", [path])
    assert report.error is not None and report.error.code == code, report.error
    assert report.status == "FAILED" and not report.written and report.error.message
    assert await row_counts(engine) == before


@pytest.mark.parametrize("case", sorted(CSV_CASES))
async def test_a_malformed_csv_file_is_refused_and_writes_nothing(
    engine: AsyncEngine, tmp_path: Path, case: str
) -> None:
    content, code = CSV_CASES[case]
    path = tmp_path / "officers.csv"
    path.write_bytes(content)
    before = await row_counts(engine)
    (report,) = await ingest(engine, "hr-officers", [path])
    assert report.error is not None and report.error.code == code, report.error
    assert await row_counts(engine) == before


async def test_the_nul_byte_and_bad_encoding_are_located(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    path = tmp_path / "officers.csv"
    path.write_bytes(HEADER + GOOD_ROW + b"5120,Kowal\x00czyk\r\n")
    (report,) = await ingest(engine, "hr-officers", [path])
    assert report.error is not None and report.error.line == 3
    assert str(len(HEADER + GOOD_ROW) + 10) in report.error.message


async def test_a_file_over_the_size_cap_is_refused(engine: AsyncEngine, tmp_path: Path) -> None:
    mapping = tmp_path / "small.yaml"
    text = (Path(__file__).parents[2] / "adapters/hr-officers/mapping.yaml").read_text("utf-8")
    mapping.write_text(
        text.replace(
            "  encoding: windows-1252\n",
            "  encoding: windows-1252\n  limits: {max_file_bytes: 100}\n",
        ),
        "utf-8",
    )
    path = tmp_path / "officers.csv"
    path.write_bytes(HEADER + GOOD_ROW * 10)
    (report,) = await ingest(engine, mapping, [path])
    assert report.error is not None and report.error.code == "FILE_TOO_LARGE"
