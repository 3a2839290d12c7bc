"""Statements as files: CSV (formula-like cells neutralised) and printable HTML."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable, Mapping

from hub.costs.statements import Line, Statement

COLUMNS = (
    "operation",
    "providing_force",
    "requesting_force",
    "kind",
    "reference",
    "date",
    "rank",
    "officers",
    "quantity",
    "hourly_cost",
    "hours",
    "amount",
    "rate_set",
    "status",
    "classification",
)
#: A cell starting with one of these is read as a formula by spreadsheets (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The cell's text, with a leading apostrophe if a spreadsheet would take it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def hours_text(line: Line) -> str:
    """`PLAIN 8.00 x 1; OVERTIME 1.50 x 4/3`: a line's hours per officer, by rate."""
    return "; ".join(f"{h.kind.value} {float(h.hours):.2f} x {h.multiplier}" for h in line.hours)


def _cells(
    operation: str, codes: Mapping[int, str], statement: Statement, marking: str
) -> Iterable[list[str]]:
    pair = [operation, codes[statement.providing_force_id], codes[statement.requesting_force_id]]
    for line in statement.lines:
        yield [
            *pair,
            line.kind.value,
            line.reference,
            line.day.isoformat(),
            line.rank or "",
            str(line.officers),
            "" if line.quantity is None else str(line.quantity),
            "" if line.priced.hourly_cost is None else str(line.priced.hourly_cost),
            hours_text(line),
            str(line.amount),
            line.priced.valid_from.isoformat(),
            line.status or "",
            marking,
        ]
    yield [*pair, "TOTAL", "", "", "", "", "", "", "", str(statement.total), "", "", marking]


def to_csv(
    operation: str, codes: Mapping[int, str], statements: Iterable[Statement], marking: str
) -> str:
    """Every line of the statements, then each statement's total row; every row carries the
    security marking (the `classification` column)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for statement in statements:
        for row in _cells(operation, codes, statement, marking):
            writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


_STYLE = """
body { font: 10pt sans-serif; margin: 2em; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2em; }
th, td { border-bottom: 1px solid #ccc; padding: 2px 6px; text-align: left; }
td.n, th.n { text-align: right; }
tr.total td { font-weight: bold; border-top: 2px solid #000; }
h2 { page-break-before: always; } h2:first-of-type { page-break-before: avoid; }
p.marking { text-align: center; font-weight: bold; letter-spacing: 0.1em; }
"""


def to_html(
    operation: str, codes: Mapping[int, str], statements: Iterable[Statement], marking: str
) -> str:
    """A printable page per statement (print it to PDF from a browser), marked at the top and
    the bottom of the document."""
    stamp = f"<p class='marking'>{html.escape(marking)}</p>"
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Cost statements: {html.escape(operation)}</title><style>{_STYLE}</style>",
        f"</head><body>{stamp}",
    ]
    for statement in statements:
        rows = list(_cells(operation, codes, statement, marking))
        parts.append(
            f"<h2>{html.escape(rows[0][1])} charges {html.escape(rows[0][2])}: "
            f"operation {html.escape(operation)}</h2><table><tr>"
            + "".join(f"<th>{html.escape(name)}</th>" for name in COLUMNS[3:-1])
            + "</tr>"
        )
        for row in rows:
            total = row[3] == "TOTAL"
            cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in row[3:-1])
            parts.append(f"<tr class='total'>{cells}</tr>" if total else f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append(f"{stamp}</body></html>")
    return "\n".join(parts)
