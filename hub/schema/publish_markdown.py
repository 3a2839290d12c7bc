"""Markdown building blocks for the generated data dictionary: tables, cells, headings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table; cells are escaped here."""
    lines = [_row(header), _row(["---"] * len(header))]
    lines.extend(_row([cell(value) for value in row]) for row in rows)
    return "\n".join(lines)


def cell(text: str | None) -> str:
    """Text that stays inside one table cell: one line, `|` escaped."""
    if not text:
        return ""
    return " ".join(text.split()).replace("|", "\\|")


def code(text: str) -> str:
    """Inline code; empty text stays empty."""
    return f"`{text}`" if text else ""


def deprecated(description: str | None, reason: str | None) -> str:
    """A description followed by its deprecation, if any."""
    text = description or ""
    if reason is None:
        return text
    return f"{text} **Deprecated:** {reason}".strip()


def section(title: str, level: int, *blocks: str) -> str:
    """A heading followed by its non-empty blocks, separated by blank lines."""
    return "\n\n".join([f"{'#' * level} {title}", *(block for block in blocks if block)])


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
