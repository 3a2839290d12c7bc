"""Reading Excel (xlsx) exports with openpyxl in its read-only streaming mode.

One sheet, a header row (matched like a CSV header: aliases, case and punctuation ignored),
one record per row below it. Cells are turned into text as a CSV export would give them
(dates as ISO text, whole numbers without `.0`), so the same transforms apply. A record's line
is its row number; its path names the sheet (`Rota!12`).
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from hub.adapters.errors import SourceError
from hub.adapters.model.source import XlsxSource
from hub.adapters.read.csv import check_header
from hub.adapters.read.fill import fill_down
from hub.adapters.read.raw import Pace, RawRecord, drain


def check_xlsx(
    path: Path, source: XlsxSource, columns: Collection[str], pace: Pace | None = None
) -> None:
    """Read the whole sheet once, refusing the file on any fault before anything is written."""
    drain(read_xlsx(path, source, columns), pace)


def read_xlsx(path: Path, source: XlsxSource, columns: Collection[str]) -> Iterator[RawRecord]:
    """The rows below the header, as cells keyed by column name."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SourceError("XLSX_UNREADABLE", f"not an xlsx workbook: {error}") from None
    try:
        sheet = _sheet(workbook, source)
        rows = sheet.iter_rows(min_row=source.header_row, values_only=True)
        header_cells = next(rows, None)
        if header_cells is None:
            raise SourceError(
                "CSV_NO_HEADER", "the sheet has no header row", line=source.header_row
            )
        header = check_header(
            [_text(cell) or "" for cell in header_cells], source, columns, source.header_row
        )
        records = _records(rows, header, sheet.title, source.header_row + 1)
        yield from fill_down(records, source) if source.fill_down else records
    finally:
        workbook.close()


def _records(rows: Any, header: list[str], title: str, first: int) -> Iterator[RawRecord]:
    for number, cells in enumerate(rows, start=first):
        texts = [_text(cell) for cell in cells]
        if not any(texts):
            continue
        values = dict(zip(header, texts, strict=False))
        for name in header[len(texts) :]:
            values[name] = None
        yield RawRecord(number, f"{title}!{number}", values)


def _sheet(workbook: Any, source: XlsxSource) -> Any:
    if source.sheet is None:
        return workbook.worksheets[0]
    if source.sheet not in workbook.sheetnames:
        names = ", ".join(workbook.sheetnames)
        raise SourceError("XLSX_NO_SHEET", f"no sheet {source.sheet!r} (sheets: {names})")
    return workbook[source.sheet]


def _text(cell: Any) -> str | None:
    """A cell as the text a CSV export would hold."""
    if cell is None:
        return None
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat()
    if isinstance(cell, datetime.date | datetime.time):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = str(cell)
    return text if text.strip() else None
