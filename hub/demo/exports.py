"""Write the operation as each force's legacy exports, in its adapter's shape, byte for byte.

Layout (and `manifest.json`, the order `hub demo` imports them in, with the generator's
fingerprint): operation/operation.csv, operation/locations.csv, operation/requests/*.xml,
forces/<code>/officers.csv,
forces/<code>/commitments-NN.xml, forces/<code>/roster.xml or members.csv + shifts.csv,
forces/<code>/bookings.csv.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from hub.demo.model import (
    EVENT_END,
    EVENT_START,
    HOST,
    OPERATION_CODE,
    OPERATION_DESCRIPTION,
    OPERATION_NAME,
    SHIFTS,
    BadRow,
    ForcePlan,
    Operation,
    PlanningUnit,
    Shape,
)
from hub.standard.codelists import default_path as default_codelists

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
RANK_SPELLINGS = (
    {"PC": "PC", "SGT": "Sgt", "INSP": "Insp"},
    {"PC": "Police Constable", "SGT": "Police Sergeant", "INSP": "Inspector"},
    {"PC": "Const", "SGT": "PS", "INSP": "Police Inspector"},
)
SKILL_SPELLINGS = {
    "PUBLIC_ORDER_L2": "PO L2",
    "FIREARMS_ARV": "ARV",
    "SEARCH_TEAM": "Search officer",
    "POLICE_LIAISON_TEAM": "PLT",
    "DOG_GENERAL_PURPOSE": "Dog handler",
    "MOUNTED": "Mounted",
    "EVIDENCE_GATHERER": "EG",
    "PSU_DRIVER": "PSU carrier driver",
    "PSU_COMMANDER": "PSU inspector",
}
SHIFT_LABELS = {"E": "Day", "L": "Late", "N": "Night"}
EDXL_NS = (
    'xmlns:rm="urn:oasis:names:tc:emergency:EDXL:RM:1.0" '
    'xmlns:rmsg="urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg"'
)


def write_exports(operation: Operation, outdir: Path) -> list[Path]:
    """Write every file of the operation under `outdir`; return them in import order."""
    writer = _Writer(operation, outdir)
    writer.write_all()
    return writer.written


class _Writer:
    def __init__(self, operation: Operation, outdir: Path) -> None:
        self.operation = operation
        self.outdir = outdir
        self.written: list[Path] = []
        self.steps: list[dict[str, Any]] = []
        operation.bad_rows.clear()

    def write_all(self) -> None:
        op = self.operation
        self._step("demo-operation", HOST, [self._operation()])
        self._step("demo-locations", None, [self._locations()])
        self._step("demo-edxl-rm-request", HOST, self._requests())
        for index, force in enumerate(op.forces):
            self._step("hr-officers", force.code, [self._officers(force, index)])
        for force in op.forces:
            self._step("demo-edxl-rm-commit", force.code, self._commitments(force))
        for index, force in enumerate(op.forces):
            if force.shape is Shape.ROSTER_XML:
                self._step("duty-roster-xml", force.code, [self._roster(force, index)])
            else:
                self._step("demo-unit-members", force.code, [self._members(force, index)])
                self._step("shift-codes-csv", force.code, [self._shifts(force)])
        for index, force in enumerate(op.forces):
            self._step("accommodation-travel", force.code, [self._bookings(force, index)])
        manifest = {
            "generator": generator_fingerprint(),
            "scale": op.scale,
            "seed": op.seed,
            "steps": self.steps,
        }
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        self._write("manifest.json", text.encode())

    def _step(self, adapter: str, force: str | None, files: list[str]) -> None:
        self.steps.append({"adapter": adapter, "force": force, "files": files})

    def _write(self, name: str, data: bytes) -> str:
        path = self.outdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.written.append(path)
        return name

    def _csv(self, name: str, header: list[str], rows: Iterable[list[str]], **kw: Any) -> str:
        buffer = io.StringIO()
        out = csv.writer(buffer, lineterminator="\r\n", delimiter=kw.get("delimiter", ","))
        buffer.write(kw.get("preamble", ""))
        out.writerow(header)
        out.writerows(rows)
        data = buffer.getvalue().encode(kw.get("encoding", "utf-8"))
        return self._write(name, kw.get("bom", b"") + data)

    def _bad(self, name: str, code: str) -> None:
        self.operation.bad_rows.append(BadRow(name, code))

    def _operation(self) -> str:
        header = ["Operation", "Title", "Description", "Lead Force", "Starts", "Ends"]
        row = [
            OPERATION_CODE,
            OPERATION_NAME,
            OPERATION_DESCRIPTION,
            "Police Scotland",
            _dmy(EVENT_START),
            _dmy(EVENT_END),
        ]
        return self._csv("operation/operation.csv", header, [row])

    def _locations(self) -> str:
        rows = [
            [loc.code, loc.name, loc.type, loc.postcode, OPERATION_CODE]
            for loc in self.operation.locations
            if loc.type not in ("ACCOMMODATION", "POLICE_STATION")
        ]
        header = ["Code", "Name", "Type", "Postcode", "Operation"]
        return self._csv("operation/locations.csv", header, rows)

    def _requests(self) -> list[str]:
        messages: dict[str, list[PlanningUnit]] = {}
        for unit in self.operation.units:
            messages.setdefault(unit.request_message, []).append(unit)
        return [
            self._write(f"operation/requests/{message}.xml", _request_xml(message, units))
            for message, units in messages.items()
        ]

    def _officers(self, force: ForcePlan, index: int) -> str:
        name = f"forces/{force.code}/officers.csv"
        ranks = RANK_SPELLINGS[index % len(RANK_SPELLINGS)]
        rows = [
            [o.service_number, o.family_name, o.given_name, ranks[o.rank], _skills(o.capabilities)]
            for o in force.officers
        ]
        if index % 3 == 1:
            rows.insert(len(rows) // 2, ["99001", "Lennox", "Ash", "Cadet", "n/a"])
            self._bad(name, "UNKNOWN_CODE")
        if index % 3 == 2:
            rows.insert(len(rows) // 3, ["99002", "", "Rowan", ranks["PC"], "n/a"])
            self._bad(name, "MISSING_VALUE")
        header = ["Collar No", "Surname", "Forename(s)", "Rank", "Skills"]
        return self._csv(name, header, rows, encoding="windows-1252")

    def _commitments(self, force: ForcePlan) -> list[str]:
        messages: dict[str, list[PlanningUnit]] = {}
        for unit in force.units:
            messages.setdefault(unit.request_message, []).append(unit)
        return [
            self._write(
                f"forces/{force.code}/commitments-{n:02d}.xml", _commit_xml(force, message, units)
            )
            for n, (message, units) in enumerate(messages.items(), start=1)
        ]

    def _roster(self, force: ForcePlan, index: int) -> str:
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n',
            '<rs:roster xmlns:rs="urn:example:duty-planning:roster:2" '
            'xmlns:hr="urn:example:duty-planning:people:1" operation="COP26">\n',
        ]
        ranks = RANK_SPELLINGS[(index + 1) % len(RANK_SPELLINGS)]
        names = {loc.code: loc.name for loc in self.operation.locations}
        for unit in force.units:
            parts.append(_roster_unit(unit, ranks, names))
        parts.append("</rs:roster>\n")
        return self._write(f"forces/{force.code}/roster.xml", "".join(parts).encode())

    def _members(self, force: ForcePlan, index: int) -> str:
        name = f"forces/{force.code}/members.csv"
        rows = [[u.reference, o.service_number, role] for u in force.units for o, role in u.members]
        if index % 4 == 1 and rows:
            rows.insert(len(rows) // 2, [force.units[0].reference, "88888", "Constable"])
            self._bad(name, "UNKNOWN_REFERENCE")
        return self._csv(name, ["Unit", "Collar", "Role"], rows)

    def _shifts(self, force: ForcePlan) -> str:
        name = f"forces/{force.code}/shifts.csv"
        rows = [
            [
                unit.reference,
                _dd_mon_yy(duty.date),
                duty.shift,
                duty.location,
                officer.service_number,
            ]
            for unit in force.units
            for duty in unit.duty_units
            for officer, _ in unit.members
        ]
        if rows:
            bad = list(rows[len(rows) // 2])
            bad[1] = "31-Nov-21"
            rows.insert(len(rows) // 2, bad)
            self._bad(name, "BAD_DATE")
        preamble = (
            f"{force.name.upper()} - DUTY PLANNING EXPORT\r\n"
            "Operation: COP26 (Urram);Printed 29/10/2021 09:12\r\n\r\n"
        )
        header = ["Unit", "Date", "Shift", "Post", "Collar"]
        return self._csv(name, header, rows, delimiter=";", preamble=preamble)

    def _bookings(self, force: ForcePlan, index: int) -> str:
        name = f"forces/{force.code}/bookings.csv"
        names = {loc.code: loc for loc in self.operation.locations}
        hq = names[f"HQ-{force.code.upper()}"]
        rows = [_booking_row(unit, names[unit.hotel], hq.code, hq.name) for unit in force.units]
        if index % 2 == 1 and rows:
            bad = list(rows[0])
            bad[4], bad[5], bad[7] = bad[5], bad[4], bad[7] + "-X"  # check-out before check-in
            rows.append(bad)
            self._bad(name, "BAD_RANGE")
        header = [
            "Unit", "Hotel Code", "Hotel", "Hotel Postcode", "Check In", "Check Out", "Rooms",
            "Coach Ref", "Depart From", "Depart From Name", "Depart", "Arrive", "Seats",
        ]  # fmt: skip
        return self._csv(name, header, rows, bom="\ufeff".encode())


def generator_fingerprint() -> str:
    """A digest of what decides the exports' bytes: this package's code and the code lists.

    `hub demo` regenerates exports whose manifest records another fingerprint, so exports
    written by an older generator are never imported."""
    digest = hashlib.sha256()
    demo = Path(__file__).resolve().parent
    codelists = default_codelists()
    sources = sorted(demo.glob("*.py")) + sorted(codelists.glob("*.csv"))
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _skills(capabilities: set[str]) -> str:
    return "; ".join(SKILL_SPELLINGS[c] for c in sorted(capabilities)) or "n/a"


def _dd_mon_yy(day: date) -> str:
    return f"{day.day:02d}-{MONTHS[day.month - 1]}-{day.year % 100:02d}"


def _dmy(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _request_xml(message: str, units: list[PlanningUnit]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f"<rmsg:RequestResource {EDXL_NS}>\n",
        f"  <rmsg:MessageID>{message}</rmsg:MessageID>\n",
        "  <rmsg:SentDateTime>2021-10-04T09:00:00</rmsg:SentDateTime>\n",
        "  <rmsg:MessageContentType>RequestResource</rmsg:MessageContentType>\n",
        f"  <rmsg:OriginatingMessageID>{message}</rmsg:OriginatingMessageID>\n",
        _contact("Requester", "NPoCC mutual aid desk, Operation Urram"),
    ]
    for unit in units:
        first, last = unit.duty_units[0].date, unit.duty_units[-1].date
        parts.append(
            "  <rmsg:ResourceInformation>\n"
            f"    <rmsg:ResourceInfoElementID>RI-{unit.request_line:04d}"
            "</rmsg:ResourceInfoElementID>\n"
            "    <rmsg:Resource><rmsg:TypeInfo>"
            f"<Resource>{unit.template.resource_type}</Resource></rmsg:TypeInfo></rmsg:Resource>\n"
            f"{_assignment(unit.quantity_requested * unit.template.quantity, unit.template.unit)}"
            f"{_schedule('RequestedArrival', first)}{_schedule('RequestedDeparture', last)}"
            "    <rmsg:ScheduleInformation><rmsg:ScheduleType>ReportTo</rmsg:ScheduleType>"
            "<rmsg:Location><rm:LocationDescription>"
            f"{unit.duty_units[0].location}</rm:LocationDescription></rmsg:Location>"
            "</rmsg:ScheduleInformation>\n"
            "  </rmsg:ResourceInformation>\n"
        )
    parts.append("</rmsg:RequestResource>\n")
    return "".join(parts).encode()


#: The value list that EDXL-RM units of measure name: the standard's resource units.
RESOURCE_UNITS_URN = "urn:x-mutual-aid-hub:codelist:resource-units"


def _assignment(quantity: int, unit: str) -> str:
    """An EDXL-RM quantity measured in one of the standard's resource units (2 PSU)."""
    return (
        "    <rmsg:AssignmentInformation><rmsg:Quantity><rm:MeasuredQuantity>"
        f"<rm:Amount>{quantity}</rm:Amount><rm:UnitOfMeasure>"
        f"<rm:ValueListURN>{RESOURCE_UNITS_URN}</rm:ValueListURN><rm:Value>{unit}</rm:Value>"
        "</rm:UnitOfMeasure></rm:MeasuredQuantity></rmsg:Quantity></rmsg:AssignmentInformation>\n"
    )


def _contact(role: str, place: str) -> str:
    return (
        "  <rmsg:IncidentInformation><rm:IncidentID>COP26</rm:IncidentID>"
        "</rmsg:IncidentInformation>\n"
        f"  <rmsg:ContactInformation><rm:ContactRole>{role}</rm:ContactRole><rm:ContactLocation>"
        f"<rm:LocationDescription>{escape(place)}</rm:LocationDescription></rm:ContactLocation>"
        "</rmsg:ContactInformation>\n"
    )


def _schedule(kind: str, day: date) -> str:
    return (
        f"    <rmsg:ScheduleInformation><rmsg:ScheduleType>{kind}</rmsg:ScheduleType>"
        f"<rmsg:DateTime>{day.isoformat()}T00:00:00</rmsg:DateTime></rmsg:ScheduleInformation>\n"
    )


def _commit_xml(force: ForcePlan, message: str, units: list[PlanningUnit]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f"<rmsg:CommitResource {EDXL_NS}>\n",
        f"  <rmsg:MessageID>COP26-CR-{message[9:]}</rmsg:MessageID>\n",
        "  <rmsg:SentDateTime>2021-10-11T09:00:00</rmsg:SentDateTime>\n",
        "  <rmsg:MessageContentType>CommitResource</rmsg:MessageContentType>\n",
        f"  <rmsg:OriginatingMessageID>{message}</rmsg:OriginatingMessageID>\n",
        f"  <rmsg:PrecedingMessageID>{message}</rmsg:PrecedingMessageID>\n",
        _contact("Owner", f"{force.name} operational planning"),
    ]
    for unit in units:
        parts.append(
            "  <rmsg:ResourceInformation>\n"
            f"    <rmsg:ResourceInfoElementID>CI-{unit.request_line:04d}-1"
            "</rmsg:ResourceInfoElementID>\n"
            "    <rmsg:ResponseInformation><rm:PrecedingResourceInfoElementID>"
            f"RI-{unit.request_line:04d}</rm:PrecedingResourceInfoElementID>"
            "<rm:ResponseType>Accept</rm:ResponseType></rmsg:ResponseInformation>\n"
            f"    <rmsg:Resource><rmsg:ResourceID>{unit.reference}</rmsg:ResourceID>"
            f"<rmsg:Name>{escape(unit.name)}</rmsg:Name><rmsg:TypeInfo>"
            f"<Resource>{unit.template.resource_type}</Resource></rmsg:TypeInfo></rmsg:Resource>\n"
            f"{_assignment(unit.template.quantity, unit.template.unit)}"
            "  </rmsg:ResourceInformation>\n"
        )
    parts.append("</rmsg:CommitResource>\n")
    return "".join(parts).encode()


def _roster_unit(unit: PlanningUnit, ranks: dict[str, str], names: dict[str, str]) -> str:
    skill = SKILL_SPELLINGS[unit.template.capability]
    parts = [
        f"  <rs:unit ref={quoteattr(unit.reference)} skill={quoteattr(skill)}>\n",
        f"    <rs:name>{escape(unit.name)}</rs:name>\n    <rs:members>\n",
    ]
    for officer, role in unit.members:
        parts.append(
            f"      <rs:member role={quoteattr(role)}><hr:officer number="
            f'"{officer.service_number}"><hr:surname>{escape(officer.family_name)}</hr:surname>'
            f"<hr:forenames>{escape(officer.given_name)}</hr:forenames>"
            f"<hr:rank>{ranks[officer.rank]}</hr:rank></hr:officer></rs:member>\n"
        )
    parts.append("    </rs:members>\n    <rs:shifts>\n")
    on = "".join(f"<rs:on>{officer.service_number}</rs:on>" for officer, _ in unit.members)
    for n, duty in enumerate(unit.duty_units, start=1):
        _, start, end = SHIFTS[duty.shift]
        parts.append(
            f'      <rs:shift id="{unit.reference}-{duty.shift}{n}" '
            f'type="{SHIFT_LABELS[duty.shift]}">\n'
            f"        <rs:date>{_dmy(duty.date)}</rs:date><rs:from>{start}</rs:from>"
            f"<rs:to>{end}</rs:to>\n"
            f'        <rs:post code="{duty.location}">{escape(names[duty.location])}</rs:post>\n'
            f"        {on}\n      </rs:shift>\n"
        )
    parts.append("    </rs:shifts>\n  </rs:unit>\n")
    return "".join(parts)


def _booking_row(unit: PlanningUnit, hotel: Any, hq: str, hq_name: str) -> list[str]:
    first, last = unit.duty_units[0].date, unit.duty_units[-1].date
    arrive = first - timedelta(days=1)
    return [
        unit.reference,
        hotel.code,
        hotel.name,
        hotel.postcode,
        _dmy(arrive),
        _dmy(last + timedelta(days=1)),
        str((len(unit.members) + 1) // 2),
        f"COACH-{unit.reference}",
        hq,
        hq_name,
        f"{_dmy(arrive)} 08:00",
        f"{_dmy(arrive)} 14:00",
        str(max(len(unit.members), 1)),
    ]
