"""What `hub standard validate` found, in the shape of an import's report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MAX_PROBLEMS_IN_REPORT = 1000


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem with one record or message (or, as `FileReport.error`, with the file)."""

    file: str
    line: int | None
    path: str | None
    field: str | None
    value: str | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        if self.path:
            where += f" {self.path}"
        parts = [where, self.code]
        if self.field:
            parts.append(f"field {self.field}")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        return " ".join(parts) + f": {self.message}"


class FileError(Exception):
    """The file cannot be read as its kind: one problem for the whole file."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def file_error(shown: str, line: int | None, code: str, message: str) -> FileError:
    return FileError(Problem(shown, line, None, None, None, code, message))


@dataclass(slots=True)
class FileReport:
    """The outcome of validating one file: records read, records with problems, the problems.

    `kind` is `json`, `csv` or `xml`; `type` the record type (or the EDXL-RM message) checked
    against. `error` is set when the file could not be read as its kind (nothing was checked
    after it).
    """

    file: str
    kind: str
    type: str | None = None
    read: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    error: Problem | None = None

    @property
    def valid(self) -> bool:
        return self.error is None and self.rejected == 0

    def reject(self, problems: list[Problem]) -> None:
        """Count one record with these problems (none: the record is valid)."""
        if problems:
            self.rejected += 1
            room = MAX_PROBLEMS_IN_REPORT - len(self.problems)
            self.problems.extend(problems[: max(room, 0)])

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["valid"] = self.valid
        return data
