"""Reading the published CSV files into rows that know their own line number."""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from hub.standard.errors import CodeListError, ErrorCode, Location

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
UPPER_SNAKE = re.compile(r"[A-Z0-9]+(?:_[A-Z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Row:
    at: Location
    cells: Mapping[str, str]

    def error(self, code: ErrorCode, message: str, value: str) -> CodeListError:
        return CodeListError(code, message, at=self.at, value=value)

    def text(self, column: str) -> str:
        value = self.cells.get(column, "").strip()
        if not value:
            raise self.error("CODELIST_MISSING_VALUE", f"column {column!r} is empty", value)
        return value

    def optional(self, column: str) -> str | None:
        return self.cells.get(column, "").strip() or None

    def terms(self, column: str) -> tuple[str, ...]:
        """A `|`-separated list of names; empty cells and blank items are skipped."""
        items = (item.strip() for item in self.cells.get(column, "").split("|"))
        return tuple(item for item in items if item)

    def integer(self, column: str) -> int | None:
        value = self.optional(column)
        if value is None:
            return None
        if not value.isdigit():
            raise self.error(
                "CODELIST_BAD_VALUE", f"column {column!r} is not a whole number", value
            )
        return int(value)

    def date(self, column: str) -> datetime.date:
        value = self.text(column)
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            message = f"column {column!r} is not a YYYY-MM-DD date"
            raise self.error("CODELIST_BAD_VALUE", message, value) from None

    def code(self, column: str, pattern: re.Pattern[str]) -> str:
        value = self.text(column)
        if not pattern.fullmatch(value):
            raise self.error("CODELIST_BAD_VALUE", f"column {column!r} is not a valid code", value)
        return value

    def choice(self, column: str, allowed: Iterable[str]) -> str:
        value = self.text(column)
        options = tuple(allowed)
        if value not in options:
            raise self.error(
                "CODELIST_BAD_VALUE", f"column {column!r} must be one of {options}", value
            )
        return value


def read_rows(path: Path, required: Sequence[str], optional: Sequence[str] = ()) -> list[Row]:
    """Rows of a UTF-8 CSV file whose header holds `required` and maybe `optional` columns."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader, [])
        _check_header(path, header, required, optional)
        rows: list[Row] = []
        end_of_previous = reader.line_num
        for cells in reader:
            at = Location(path, end_of_previous + 1)
            end_of_previous = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                message = f"row has {len(cells)} cells, the header has {len(header)}"
                raise CodeListError("CODELIST_BAD_ROW", message, at=at, value=",".join(cells))
            rows.append(Row(at, dict(zip(header, cells, strict=True))))
    return rows


def _check_header(
    path: Path, header: Sequence[str], required: Sequence[str], optional: Sequence[str]
) -> None:
    at = Location(path, 1)
    missing = [column for column in required if column not in header]
    if missing:
        raise CodeListError("CODELIST_BAD_HEADER", "header lacks a column", at=at, value=missing[0])
    unknown = [column for column in header if column not in (*required, *optional)]
    if unknown:
        raise CodeListError(
            "CODELIST_BAD_HEADER", "header has an unknown column", at=at, value=unknown[0]
        )
    if len(set(header)) != len(header):
        raise CodeListError(
            "CODELIST_BAD_HEADER", "header repeats a column", at=at, value=",".join(header)
        )


def check_unique_codes(rows: Iterable[Row], column: str = "code") -> None:
    first_seen: dict[str, Location] = {}
    for row in rows:
        value = row.text(column)
        if value in first_seen:
            message = f"code already defined at line {first_seen[value].line}"
            raise row.error("CODELIST_DUPLICATE_CODE", message, value)
        first_seen[value] = row.at
