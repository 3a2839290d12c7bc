"""What an import did: counts, and every rejected record with where and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MAX_REJECTS_IN_REPORT = 1000


@dataclass(frozen=True, slots=True)
class Reject:
    """One problem with one source record (or, as `ImportReport.error`, with the whole file)."""

    file: str
    line: int | None
    path: str | None
    field: str | None
    value: str | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        parts = [where, self.code]
        if self.field:
            parts.append(f"field {self.field}")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        return " ".join(parts) + f": {self.message}"


@dataclass(slots=True)
class ImportReport:
    """The outcome of importing one file.

    `read` and `rejected` count source records (rows, XML records); `inserted`, `updated`,
    `unchanged` (equal to the stored record) and `repeated` (equal to an earlier record of the
    same batch of the file, not written again) count records of the standard, which one source
    record may yield several of. `provisional` counts, by entity, the records created with their
    key alone because an accepted record named them (an output's `provisional`); they are not
    in `inserted`. `duplicates` names the accepted source records that only repeat
    an earlier one (code DUPLICATE_LINE, the first's line in the message).
    `rejects` holds the first 1,000 rejects (all are stored with the batch); `error` is set when
    the whole file was refused (then nothing was written). `warnings` says what the adapter
    should change before a coming release (a deprecated field name, ...).
    """

    batch_uid: str
    file: str
    adapter: str
    force: str | None
    checksum: str = ""
    dry_run: bool = False
    strict: bool = False
    status: str = "RUNNING"
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    repeated: int = 0
    rejected: int = 0
    provisional: dict[str, int] = field(default_factory=dict)
    # `inserted`, `updated` and `unchanged` by entity: {"duty_unit": {"inserted": 10}, ...}
    entities: dict[str, dict[str, int]] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    error: Reject | None = None
    duplicates: list[Reject] = field(default_factory=list)
    # Accepted records that break a rule across records once written: a request status its
    # commitments contradict, an officer on overlapping duties (`write/findings.py`).
    findings: list[Reject] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # A full list (`snapshot: true`): records of its forces it omits, marked withdrawn (each
    # named in `withdrawals`, the first 1,000), and withdrawn ones it names again, reinstated.
    withdrawn: dict[str, int] = field(default_factory=dict)
    reinstated: dict[str, int] = field(default_factory=dict)
    withdrawals: list[Reject] = field(default_factory=list)
    # Records marked OFFICIAL_SENSITIVE by the mapping (`classification`), by entity.
    marked: dict[str, int] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """Whether the file was read whole and no record was rejected."""
        return self.error is None and self.rejected == 0

    @property
    def written(self) -> bool:
        """Whether the import changed the database (not a dry run, not refused, not rolled back)."""
        return self.status == "COMPLETED" and not self.dry_run

    def add_reject(self, reject: Reject) -> None:
        if len(self.rejects) < MAX_REJECTS_IN_REPORT:
            self.rejects.append(reject)

    def add_duplicate(self, duplicate: Reject) -> None:
        if len(self.duplicates) < MAX_REJECTS_IN_REPORT:
            self.duplicates.append(duplicate)

    def add_finding(self, finding: Reject) -> None:
        if len(self.findings) < MAX_REJECTS_IN_REPORT:
            self.findings.append(finding)

    def add_counts(self, entities: dict[str, dict[str, int]]) -> None:
        """Add a batch's records by entity and outcome."""
        for entity, counts in entities.items():
            mine = self.entities.setdefault(entity, {})
            for outcome, count in counts.items():
                mine[outcome] = mine.get(outcome, 0) + count

    def add_withdrawal(self, withdrawal: Reject) -> None:
        if len(self.withdrawals) < MAX_REJECTS_IN_REPORT:
            self.withdrawals.append(withdrawal)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        data = asdict(self)
        data["valid"] = self.valid
        return data
