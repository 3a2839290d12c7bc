"""Capacity counted the slow way: every table read whole, every officer and day looked at in
Python, following the definitions of docs/querying.md."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

LIVE = {"SUBMITTED", "PARTIALLY_FILLED", "FILLED", "CONFIRMED", "IN_PROGRESS"}
TABLES = (
    "officer",
    "officer_capability",
    "deployment",
    "duty_unit",
    "planning_unit",
    "planning_unit_member",
    "commitment",
    "mutual_aid_request",
    "force",
    "capability",
)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@dataclass
class Store:
    """Every row of the tables capacity reads, by table."""

    rows: dict[str, list[dict[str, Any]]]

    @classmethod
    async def read(cls, engine: AsyncEngine) -> Store:
        rows: dict[str, list[dict[str, Any]]] = {}
        async with engine.connect() as connection:
            for table in TABLES:
                result = await connection.execute(text(f"SELECT * FROM {table}"))
                rows[table] = [dict(row) for row in result.mappings()]
        return cls(rows)

    def code_of(self, table: str) -> dict[int, str]:
        return {row["id"]: row["code"] for row in self.rows[table]}

    def id_of(self, table: str, code: str) -> int:
        return next(row["id"] for row in self.rows[table] if row["code"] == code)

    @property
    def officers(self) -> dict[int, dict[str, Any]]:
        return {
            row["id"]: row
            for row in self.rows["officer"]
            if row["identity_erased_at"] is None and row["withdrawn_at"] is None
        }

    def holders(self, capability: int) -> set[int]:
        live = self.officers
        links = self.rows["officer_capability"]
        return {r["officer_id"] for r in links if r["capability_id"] == capability} & live.keys()

    def requests(self) -> dict[int, dict[str, Any]]:
        return {row["id"]: row for row in self.rows["mutual_aid_request"]}

    def firm(self) -> list[dict[str, Any]]:
        """Accepted commitments on live requests."""
        requests = self.requests()
        return [
            row
            for row in self.rows["commitment"]
            if row["status"] == "ACCEPTED" and requests[row["request_id"]]["status"] in LIVE
        ]

    def members(self, commitment: int) -> list[int]:
        units = {u["id"] for u in self.rows["planning_unit"] if u["commitment_id"] == commitment}
        return [m["officer_id"] for m in self.rows["planning_unit_member"]
                if m["planning_unit_id"] in units]  # fmt: skip

    def spans(self, request: dict[str, Any], day: date) -> bool:
        starts, ends = _day(request["starts_on"]), _day(request["ends_on"])
        assert starts is not None and ends is not None
        return starts <= day <= ends

    def reasons(self, officer: int, day: date) -> set[str]:
        """Why an officer cannot be sent that day: D(eployed), C(ommitted), U(navailable)."""
        why = set()
        for d in self.rows["deployment"]:
            same = d["officer_id"] == officer and _day(d["duty_date"]) == day
            if same and d["status"] != "CANCELLED":
                why.add("D")
        requests = self.requests()
        for c in self.firm():
            if officer in self.members(c["id"]) and self.spans(requests[c["request_id"]], day):
                why.add("C")
        o = self.rows_by_id("officer")[officer]
        starts, ends = _day(o["available_from"]), _day(o["available_to"])
        within = (starts is None or starts <= day) and (ends is None or ends >= day)
        if o["availability"] in ("UNAVAILABLE", "LIMITED") and within:
            why.add("U")
        return why

    def rows_by_id(self, table: str) -> dict[int, dict[str, Any]]:
        return {row["id"]: row for row in self.rows[table]}

    def pending(self, capability: int | None, force: int, day: date, away: bool = False) -> int:
        requests = self.requests()
        total = 0
        for c in self.firm():
            request = requests[c["request_id"]]
            if c["providing_force_id"] != force or not self.spans(request, day):
                continue
            if capability is not None and request["capability_id"] != capability:
                continue
            if away and request["requesting_force_id"] == force:
                continue
            total += max(0, c["quantity"] - len(self.members(c["id"])))
        return total


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def daily(
    store: Store, capability: int, start: date, end: date
) -> dict[tuple[int, date], dict[str, int]]:
    """Capacity per (force id, day) for forces holding the capability."""
    officers = store.officers
    by_force: dict[int, set[int]] = defaultdict(set)
    for officer in store.holders(capability):
        by_force[officers[officer]["force_id"]].add(officer)
    result = {}
    for force, held in by_force.items():
        for day in days(start, end):
            why = {officer: store.reasons(officer, day) for officer in held}
            busy = sum(1 for reasons in why.values() if reasons)
            pending = store.pending(capability, force, day)
            result[(force, day)] = {
                "capable": len(held),
                "deployed": sum(1 for r in why.values() if "D" in r),
                "committed": sum(1 for r in why.values() if "C" in r),
                "unavailable": sum(1 for r in why.values() if "U" in r),
                "busy": busy,
                "pending": pending,
                "available": max(0, len(held) - busy - pending),
            }
    return result


def free_in_window(store: Store, capability: int, start: date, end: date) -> dict[int, int]:
    """Officers of each force free on every day of the window."""
    officers = store.officers
    by_force: dict[int, set[int]] = defaultdict(set)
    for officer in store.holders(capability):
        by_force[officers[officer]["force_id"]].add(officer)
    window = days(start, end)
    result = {}
    for force, held in by_force.items():
        busy = {o for o in held if any(store.reasons(o, day) for day in window)}
        pending = max(store.pending(capability, force, day) for day in window)
        result[force] = max(0, len(held) - len(busy) - pending)
    return result


def away_peak(store: Store, force: int, start: date, end: date) -> int:
    """The force's officers away on other forces' requests on the window's busiest day."""
    officers = store.rows_by_id("officer")
    requests = store.requests()
    commitments = store.rows_by_id("commitment")
    units = store.rows_by_id("planning_unit")
    duties = store.rows_by_id("duty_unit")
    peak = 0
    for day in days(start, end):
        away: set[int] = set()
        for d in store.rows["deployment"]:
            officer = officers[d["officer_id"]]
            if officer["force_id"] != force or d["status"] == "CANCELLED":
                continue
            if _day(d["duty_date"]) != day:
                continue
            unit = units[duties[d["duty_unit_id"]]["planning_unit_id"]]
            if unit["commitment_id"] is None:
                continue
            request = requests[commitments[unit["commitment_id"]]["request_id"]]
            if request["requesting_force_id"] != force:
                away.add(officer["id"])
        for c in store.firm():
            request = requests[c["request_id"]]
            if request["requesting_force_id"] == force or not store.spans(request, day):
                continue
            for member in store.members(c["id"]):
                if officers[member]["force_id"] == force:
                    away.add(member)
        peak = max(peak, len(away) + store.pending(None, force, day, away=True))
    return peak


def national(store: Store, start: date, end: date) -> dict[tuple[int, date], dict[str, int]]:
    """Per (capability id, day): capable, available, requested, committed, on duty."""
    requests = store.requests()
    units = store.rows_by_id("planning_unit")
    duties = store.rows_by_id("duty_unit")
    result = {}
    for capability in store.rows_by_id("capability"):
        supply = daily(store, capability, start, end) if store.holders(capability) else {}
        for day in days(start, end):
            cells = [v for (_, d), v in supply.items() if d == day]
            live = [r for r in requests.values()
                    if r["capability_id"] == capability and r["status"] in LIVE
                    and store.spans(r, day)]  # fmt: skip
            ids = {r["id"] for r in live}
            on_duty = {
                d["officer_id"]
                for d in store.rows["deployment"]
                if d["status"] != "CANCELLED"
                and _day(d["duty_date"]) == day
                and units[duties[d["duty_unit_id"]]["planning_unit_id"]]["capability_id"]
                == capability
            }
            result[(capability, day)] = {
                "capable": sum(c["capable"] for c in cells),
                "available": sum(c["available"] for c in cells),
                "requested": sum(r["officers"] for r in live),
                "committed": sum(c["quantity"] for c in store.firm() if c["request_id"] in ids),
                "onDuty": len(on_duty),
            }
    return result
