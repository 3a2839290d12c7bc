"""Statements as a PDF (fpdf2): one table per statement, its total, the rate sets used."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from hub.costs.export import hours_text
from hub.costs.statements import Statement

#: (heading, width in mm) of the columns, on A4 landscape (277 mm between the margins).
_COLUMNS = (
    ("kind", 28),
    ("reference", 50),
    ("date", 22),
    ("rank", 16),
    ("officers", 16),
    ("qty", 12),
    ("hourly", 18),
    ("hours by rate", 69),
    ("amount", 24),
    ("rate set", 22),
)

_NUMBERS = frozenset({"officers", "qty", "hourly", "amount"})


def _text(value: object) -> str:
    """The value as the PDF core fonts can draw it (Latin-1; other characters become '?')."""
    return str(value).encode("latin-1", "replace").decode("latin-1")


def _row(pdf: FPDF, cells: Iterable[str], bold: bool = False) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", 7)
    for (name, width), cell in zip(_COLUMNS, cells, strict=True):
        align = "R" if name in _NUMBERS else "L"
        pdf.cell(width, 5, _text(cell)[:60], border="B", align=align)
    pdf.ln(5)


class _MarkedPdf(FPDF):
    """Pages marked with their security classification at the top and the bottom."""

    def __init__(self, marking: str) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.marking = marking

    def header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.cell(0, 5, _text(self.marking), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("Helvetica", "B", 9)
        self.cell(0, 5, _text(self.marking), align="C")


def _statement(pdf: FPDF, operation: str, codes: Mapping[int, str], statement: Statement) -> None:
    pdf.add_page()
    provider = codes[statement.providing_force_id]
    requester = codes[statement.requesting_force_id]
    pdf.set_font("Helvetica", "B", 13)
    title = f"{provider} charges {requester}: operation {operation} (amounts in pounds)"
    pdf.cell(0, 9, _text(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _row(pdf, [name for name, _ in _COLUMNS], bold=True)
    for line in statement.lines:
        cost = line.priced.hourly_cost
        _row(
            pdf,
            [
                line.kind.value,
                line.reference,
                line.day.isoformat(),
                line.rank or "",
                str(line.officers),
                "" if line.quantity is None else str(line.quantity),
                "" if cost is None else str(cost),
                hours_text(line),
                f"{line.amount:,}",
                line.priced.valid_from.isoformat(),
            ],
        )
    _row(pdf, ["TOTAL", "", "", "", "", "", "", "", f"{statement.total:,}", ""], bold=True)


def to_pdf(
    operation: str, codes: Mapping[int, str], statements: Iterable[Statement], marking: str
) -> bytes:
    """A4 landscape pages, one statement after another, amounts in pounds; every page marked
    with the classification at its top and bottom."""
    pdf = _MarkedPdf(marking)
    pdf.set_title(_text(f"Cost statements: {operation}"))
    pdf.set_auto_page_break(auto=True, margin=14)
    for statement in statements:
        _statement(pdf, operation, codes, statement)
    if not pdf.pages:
        pdf.add_page()
    return bytes(pdf.output())
