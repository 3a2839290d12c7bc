"""Fill down: a blank cell of a `fill_down` column takes the last value written above it.

A value written once over a group of rows (a unit's serial in cells merged down over its
officers' rows, a report printing a group's name on its first row only) becomes the value
of every row of the group. Rows keep their own line; nothing but the blank cells changes.
"""

from __future__ import annotations

from collections.abc import Iterator

from hub.adapters.model.source import CsvSource, XlsxSource
from hub.adapters.read.raw import RawRecord
from hub.standard._terms import normalise

REMEMBERED = 4096  # values whose header check is remembered (serials recur down a file)


def fill_down(records: Iterator[RawRecord], source: CsvSource | XlsxSource) -> Iterator[RawRecord]:
    """`records` with the blank cells of the source's `fill_down` columns filled from above.

    Rows are taken as the reader hands them over, before any `when:`: a row a mapping leaves
    out still passes its value down. A row that could not be split into cells, and a cell
    repeating its column's header (a header row printed again on each page), pass nothing
    down and do not end the group. A blank above the first value stays blank.
    """
    headers = {
        column: {normalise(name) for name in (column, *source.headers.get(column, ()))}
        for column in source.fill_down
    }
    above: dict[str, str] = {}
    headed: dict[tuple[str, str], bool] = {}  # (column, value) -> the value is its header
    for record in records:
        if record.error is None:
            cells = record.data
            for column, names in headers.items():
                value = cells.get(column)
                if not value or value.isspace():
                    if column in above:
                        cells[column] = above[column]
                elif value != above.get(column):
                    header = headed.get((column, value))
                    if header is None:
                        if len(headed) >= REMEMBERED:
                            headed.clear()
                        header = headed[column, value] = normalise(value) in names
                    if not header:
                        above[column] = value
        yield record
