"""A file with bad rows keeps its good rows and reports, stores and serves each bad one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ingest
from hub.config import Settings
from tests.adapters.conftest import example, row_counts, run_ingest
from tests.client import graph_client

# (line, field, code, value) of every bad row of the sample with errors.
EXPECTED_REJECTS = [
    (3, "rank", "UNKNOWN_CODE", "Archbishop"),
    (4, "familyName", "MISSING_VALUE", None),
    (5, "capabilities.0", "UNKNOWN_CODE", "Juggling"),
    (6, None, "ROW_COLUMN_COUNT", None),
]
QUERY = """
query Batches {
  importBatches(first: 5, filter: {adapters: ["hr-officers"]}) {
    nodes {
      fileName status rowsRead inserted rejected force { code }
      rejects { line field value code message }
    }
  }
}
"""


async def test_good_rows_are_kept_and_each_bad_row_is_reported(engine: AsyncEngine) -> None:
    (report,) = await ingest(
        engine, "hr-officers", [example("hr-officers", "officers-with-errors.csv")]
    )
    assert (report.read, report.inserted, report.rejected) == (6, 2, 4)
    assert not report.valid and report.written
    found = [(r.line, r.field, r.code, r.value) for r in report.rejects]
    assert found == EXPECTED_REJECTS
    assert all(r.file == "officers-with-errors.csv" and r.message for r in report.rejects)
    assert (await row_counts(engine))["officer"] == 2


async def test_rejects_are_stored_and_queryable_through_graphql(
    engine: AsyncEngine, settings: Settings
) -> None:
    await ingest(engine, "hr-officers", [example("hr-officers", "officers-with-errors.csv")])
    async with graph_client(settings) as graph:
        data = await graph.data(QUERY)
    (batch,) = data["importBatches"]["nodes"]
    assert batch["status"] == "COMPLETED"
    assert (batch["rowsRead"], batch["inserted"], batch["rejected"]) == (6, 2, 4)
    assert batch["force"] == {"code": "greater-manchester"}
    stored = [(r["line"], r["field"], r["code"], r["value"]) for r in batch["rejects"]]
    assert stored == EXPECTED_REJECTS


async def test_xml_rejects_name_the_line_and_element_path(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    source = example("duty-roster-xml", "roster.xml").read_text(encoding="utf-8")
    bad = tmp_path / "roster.xml"
    bad.write_text(source.replace("<hr:rank>PC</hr:rank>", "<hr:rank>Bishop</hr:rank>", 1), "utf-8")
    (report,) = await ingest(engine, "duty-roster-xml", [bad])
    rejected = [(r.line, r.path, r.field, r.code, r.value) for r in report.rejects]
    member = "/rs:roster[1]/rs:unit[1]/rs:members[1]/rs:member[3]"
    on = "/rs:roster[1]/rs:unit[1]/rs:shifts[1]/rs:shift[{}]/rs:on[{}]"
    assert rejected[0] == (14, member, "rank", "UNKNOWN_CODE", "Bishop")
    # The officer (and his membership, from the same element) is refused, so the
    # deployments that name him are rejected too.
    assert [(r[1], r[3]) for r in rejected[1:]] == [
        (on.format(1, 3), "UNKNOWN_REFERENCE"),
        (on.format(2, 2), "UNKNOWN_REFERENCE"),
    ]
    assert report.rejected == 3


async def test_two_versions_of_one_record_in_a_batch_are_a_duplicate_key(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    path = tmp_path / "officers.csv"
    rows = [
        "Collar No,Surname,Forename(s),Rank,Skills",
        "1,Ash,Al,PC,",
        "1,Ash,Al,PC,",
        "1,Oak,Al,PC,",
    ]
    path.write_text("\r\n".join(rows) + "\r\n", encoding="cp1252")
    (report,) = await ingest(engine, "hr-officers", [path])
    assert (report.inserted, report.unchanged, report.repeated, report.rejected) == (1, 0, 1, 1)
    assert [(r.line, r.code) for r in report.rejects] == [(4, "DUPLICATE_KEY")]
    assert [(d.line, d.code) for d in report.duplicates] == [(3, "DUPLICATE_LINE")]


async def test_a_row_the_database_refuses_rolls_back_to_a_savepoint_and_is_rejected(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    await ingest(engine, "hr-officers", [example("hr-officers", "officers.csv")])
    await ingest(engine, "duty-roster-xml", [example("duty-roster-xml", "roster.xml")])
    path = tmp_path / "shifts.csv"
    text = example("shift-codes-csv", "shifts.csv").read_text("utf-8")
    # A second unit-shift with another reference but the same unit and start: the database's
    # unique constraint (planning unit, start) refuses it, the rest of the batch is kept.
    path.write_text(text + "GMP-PSU-02;1-Nov-21;N;ZONE-BLUE;7734\r\n", encoding="utf-8")
    (report,) = await ingest(engine, "shift-codes-csv", [path])
    assert (report.read, report.inserted, report.rejected) == (7, 8, 1)
    assert [(r.line, r.code) for r in report.rejects] == [(11, "DB_CONSTRAINT")]


EMPLOYEE = """  <hr:Employee payroll="L{n}" collar="{collar}" status="ACTIVE">
    <hr:Name><hr:Given>Al</hr:Given><hr:Family>{family}</hr:Family></hr:Name>
    <hr:Rank code="PC">Police Constable</hr:Rank>
  </hr:Employee>
"""


async def test_an_xml_element_repeating_an_earlier_one_is_named_a_duplicate_line(
    settings: Settings, engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    employees = [("1", "7001", "Ash"), ("1", "7001", "Ash"), ("2", "7002", "Oak")]
    employees += [("2", "7002", "Oak"), ("3", "7001", "Elm")]
    body = "".join(EMPLOYEE.format(n=n, collar=c, family=f) for n, c, f in employees)
    path = tmp_path / "establishment.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<hr:Establishment xmlns:hr="urn:lancashire:hr:establishment:2.1">\n'
        f"{body}</hr:Establishment>\n",
        encoding="utf-8",
    )
    report = await run_ingest("hr-establishment-xml", path, tmp_path)
    assert (report["inserted"], report["repeated"], report["rejected"]) == (2, 2, 1)
    duplicates = [(d["line"], d["code"], d["message"]) for d in report["duplicates"]]
    assert duplicates == [
        (7, "DUPLICATE_LINE", "the same records as line 3: not written again"),
        (15, "DUPLICATE_LINE", "the same records as line 11: not written again"),
    ]
    assert [(r["line"], r["code"]) for r in report["rejects"]] == [(19, "DUPLICATE_KEY")]
    again = await run_ingest("hr-establishment-xml", path, tmp_path)
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 2)
