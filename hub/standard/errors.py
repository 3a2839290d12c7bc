"""The one error the code-list loader raises: a stable code, a file, a line and the value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from hub.errors import ConfigurationError

ErrorCode = Literal[
    "CODELIST_BAD_HEADER",
    "CODELIST_BAD_ROW",
    "CODELIST_MISSING_VALUE",
    "CODELIST_BAD_VALUE",
    "CODELIST_DUPLICATE_CODE",
    "CODELIST_AMBIGUOUS_TERM",
    "CODELIST_UNKNOWN_REFERENCE",
]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a value came from: a file (or a list's name) and, when known, a line."""

    path: Path | str
    line: int | None = None

    def __str__(self) -> str:
        return str(self.path) if self.line is None else f"{self.path}:{self.line}"


class CodeListError(ConfigurationError, ValueError):
    """A code list file is malformed or contradicts itself; the hub cannot start with it."""

    def __init__(self, code: ErrorCode, message: str, *, at: Location, value: str) -> None:
        super().__init__(code, message, file=str(at.path), line=at.line, value=value)
        self.at = at
        self.value = value
