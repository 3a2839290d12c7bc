"""The demo operation in memory: what `hub generate` writes and what `hub demo` should find.

See docs/demo.md for how the published COP26 figures shape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

HOST = "police-scotland"
EVENT_START = date(2021, 10, 31)
EVENT_DAYS = 14  # 31 October - 13 November 2021
EVENT_END = date(2021, 11, 13)
OPERATION_CODE = "COP26"
OPERATION_NAME = "Operation Urram (COP26, Glasgow)"
OPERATION_DESCRIPTION = (
    "Policing of the UN climate change conference (COP26) at the Scottish Event Campus, "
    "Glasgow, led by Police Scotland with mutual aid from forces across the UK."
)


class Shape(StrEnum):
    """How a force's duty planning system exports units and shifts."""

    ROSTER_XML = "roster-xml"  # duty-roster-xml: units, members, shifts in one XML file
    SHIFT_CSV = "shift-csv"  # demo-unit-members + shift-codes-csv


@dataclass(frozen=True)
class ScaleSpec:
    """The size of a generated operation."""

    forces: int
    officers: int
    units: int
    duty_units: int
    venues: int
    briefing_points: int
    hotels: int


SCALES: dict[str, ScaleSpec] = {
    "small": ScaleSpec(
        forces=6, officers=320, units=120, duty_units=192, venues=5, briefing_points=3, hotels=6
    ),
    "cop26": ScaleSpec(
        forces=42,
        officers=15_000,
        units=7_200,
        duty_units=11_600,
        venues=24,
        briefing_points=30,
        hotels=139,
    ),
}


@dataclass(frozen=True)
class Template:
    """The make-up of a kind of planning unit: (rank, role, count) slots."""

    kind: str
    capability: str
    resource_type: str  # the EDXL-RM resource type name
    weight: float
    slots: tuple[tuple[str, str, int], ...]
    #: The resource unit its requests count in (`resource-units.csv`), and how many of that
    #: unit one planning unit of this kind is: size == per_unit x the unit's officers.
    unit: str = "OFFICER"
    per_unit: int = 0

    @property
    def size(self) -> int:
        return sum(count for _, _, count in self.slots)

    @property
    def quantity(self) -> int:
        """One planning unit of this kind, in its resource unit (officers if none is given)."""
        return self.per_unit or self.size


TEMPLATES: tuple[Template, ...] = (
    Template(
        "PSU",
        "PUBLIC_ORDER_L2",
        "PSU",
        0.225,
        (
            ("INSP", "Commander", 1),
            ("SGT", "Serial sergeant", 3),
            ("PC", "Constable", 18),
            ("PC", "Driver", 3),
        ),
        "PSU",
        1,
    ),
    Template(
        "SER",
        "PUBLIC_ORDER_L2",
        "PO serial",
        0.275,
        (("SGT", "Serial sergeant", 1), ("PC", "Constable", 6), ("PC", "Driver", 1)),
        "SERIAL",
        1,
    ),
    Template(
        "ARV", "FIREARMS_ARV", "ARV crew", 0.10, (("SGT", "Team leader", 1), ("PC", "AFO", 3))
    ),
    Template(
        "SRCH",
        "SEARCH_TEAM",
        "Search team",
        0.15,
        (("SGT", "Team leader", 1), ("PC", "Searcher", 6)),
    ),
    Template(
        "PLT",
        "POLICE_LIAISON_TEAM",
        "PLT",
        0.10,
        (("SGT", "Team leader", 1), ("PC", "Liaison officer", 5)),
    ),
    Template(
        "DOG", "DOG_GENERAL_PURPOSE", "Dog handlers", 0.05, (("PC", "Handler", 2),), "DOG_UNIT", 2
    ),
    Template(
        "MTD",
        "MOUNTED",
        "Mounted section",
        0.05,
        (("SGT", "Section sergeant", 1), ("PC", "Rider", 5)),
    ),
    Template("EG", "EVIDENCE_GATHERER", "Evidence gatherers", 0.05, (("PC", "Camera", 3),)),
)
RANK_SHARES = (("INSP", 0.03), ("SGT", 0.15), ("PC", 0.82))
SHIFTS = {
    "E": ("DAY", "07:00", "15:00"),
    "L": ("LATE", "15:00", "23:00"),
    "N": ("NIGHT", "23:00", "07:00"),
}


@dataclass
class Officer:
    force: str
    service_number: str
    given_name: str
    family_name: str
    rank: str
    capabilities: set[str] = field(default_factory=set)
    busy: int = 0  # bit d set: on duty on day d of the event


@dataclass(frozen=True)
class Location:
    code: str
    name: str
    type: str
    postcode: str


@dataclass(frozen=True)
class DutyUnit:
    day: int
    shift: str  # E, L or N
    location: str

    @property
    def date(self) -> date:
        return date.fromordinal(EVENT_START.toordinal() + self.day)


@dataclass
class PlanningUnit:
    reference: str
    name: str
    force: str
    template: Template
    request_message: str
    request_line: int
    quantity_requested: int
    members: list[tuple[Officer, str]] = field(default_factory=list)
    duty_units: list[DutyUnit] = field(default_factory=list)
    hotel: str = ""


@dataclass(frozen=True)
class BadRow:
    """A row written on purpose to be rejected, with the code the import should give."""

    file: str
    code: str


@dataclass
class ForcePlan:
    code: str
    name: str
    shape: Shape
    officers: list[Officer] = field(default_factory=list)
    units: list[PlanningUnit] = field(default_factory=list)


@dataclass
class Operation:
    """Everything generated, in a stable order."""

    seed: int
    scale: str
    forces: list[ForcePlan]
    locations: list[Location]
    bad_rows: list[BadRow] = field(default_factory=list)

    @property
    def officers(self) -> list[Officer]:
        return [officer for force in self.forces for officer in force.officers]

    @property
    def units(self) -> list[PlanningUnit]:
        return [unit for force in self.forces for unit in force.units]

    def counts(self) -> dict[str, int]:
        """The records of each kind a clean import of the exports gives."""
        units = self.units
        return {
            "operation": 1,
            "officer": len(self.officers),
            "location": len(self.locations),
            "mutual_aid_request": len(units),
            "commitment": len(units),
            "planning_unit": len(units),
            "planning_unit_member": sum(len(unit.members) for unit in units),
            "duty_unit": sum(len(unit.duty_units) for unit in units),
            "deployment": sum(len(unit.members) * len(unit.duty_units) for unit in units),
            "accommodation_booking": len(units),
            "travel_booking": len(units),
        }
