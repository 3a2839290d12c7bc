"""The records of the standard that adapters produce: the ingest contract, one model each.

References name other records by their natural keys (a force code, a request's reference,
an officer's force and service number); the pipeline resolves them to stored rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from hub.adapters.model.types import (
    AvailabilityStatusCode,
    BookingStatusCode,
    CapabilityCode,
    CommitmentStatusCode,
    Count,
    DeploymentStatusCode,
    ForceCode,
    LocationTypeCode,
    Moment,
    Positive,
    RankCode,
    RequestStatusCode,
    ResourceUnitCode,
    ShiftTypeCode,
    Text10,
    Text12,
    Text40,
    Text60,
    Text80,
    Text120,
    Text200,
    Text300,
    TravelModeCode,
)
from hub.domain.units import officer_equivalent
from hub.standard.codelists import load_vocabulary
from hub.standard.units import OFFICER

# (first, second, strict): fields whose values must be in order (strictly: not equal either).
Order = tuple[tuple[str, str, bool], ...]

# Fields the graph names otherwise than the camelCase of their Python name.
GRAPH_NAMES = {
    "availability": "availabilityStatus",
    "from_location": "origin",
    "to_location": "destination",
}


def graph_name(name: str) -> str:
    """A field's name where people read or write it (mapping files, reports, the graph)."""
    if name in GRAPH_NAMES:
        return GRAPH_NAMES[name]
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class Record(BaseModel):
    """A record of the standard, as an adapter produces it.

    Rules across fields are data (`in_order`, `needs_holder`), checked by `rule_error`, so the
    pipeline's quick validation (`_quick.py`) applies exactly the same rules.
    """

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        alias_generator=graph_name,
        validate_by_name=True,
        validate_by_alias=True,
    )
    in_order: ClassVar[Order] = ()
    needs_holder: ClassVar[bool] = False

    @classmethod
    def prepare(cls, data: dict[str, Any], vocabulary: Any) -> dict[str, Any]:
        """The values to validate, given the values mapped (a hook for rules across fields)."""
        return data

    @model_validator(mode="before")
    @classmethod
    def _prepare(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict):
            return data
        return cls.prepare(data, (info.context or {}).get("vocabulary"))

    @model_validator(mode="after")
    def _rules(self) -> Record:
        error = rule_error(type(self), self.__dict__)
        if error is not None:
            raise error
        return self


def rule_error(model: type[Record], values: Mapping[str, Any]) -> PydanticCustomError | None:
    """The first rule across fields that `values` break, as pydantic reports it."""
    officer = values.get("force") is not None and values.get("service_number") is not None
    if model.needs_holder and values.get("planning_unit") is None and not officer:
        return PydanticCustomError(
            "MISSING_HOLDER", "a booking needs a planningUnit or an officer's serviceNumber", {}
        )
    for first_name, second_name, strict in model.in_order:
        first, second = values.get(first_name), values.get(second_name)
        if (
            first is not None
            and second is not None
            and (second < first or (strict and second == first))
        ):
            relation = "is not after" if strict else "is before"
            return PydanticCustomError(
                "BAD_RANGE",
                "{field} ({value}) {relation} {other} ({bound})",
                {
                    "field": graph_name(second_name),
                    "value": _shown(second),
                    "relation": relation,
                    "other": graph_name(first_name),
                    "bound": _shown(first),
                },
            )
    return None


def _shown(value: Any) -> str:
    """A date or time as ISO 8601 in a message, anything else as itself."""
    return str(value.isoformat()) if hasattr(value, "isoformat") else str(value)


def detective_from_rank(data: dict[str, Any], vocabulary: Any) -> dict[str, Any]:
    """A detective form of a rank ("DS", "Det Sgt") sets `detective` unless it is given."""
    if vocabulary and isinstance(data.get("rank"), str):
        match = vocabulary.resolve_rank(data["rank"])
        if match and match.detective and data.get("detective") is None:
            data = {**data, "detective": True}
    if data.get("detective", 0) is None:
        data = {**data, "detective": False}
    return data


def holder_key(values: Mapping[str, Any]) -> str:
    """How a booking names its holder in its natural key: a planning unit, else an officer."""
    if values.get("planning_unit") is not None:
        return f"unit:{values['planning_unit']}"
    return f"officer:{values.get('force')}:{values.get('service_number')}"


def request_officers(values: Mapping[str, Any]) -> int:
    """A request's officer equivalent: its quantity times its unit's officers (2 PSUs: 50)."""
    unit = load_vocabulary().resource_unit(values.get("unit") or OFFICER)
    return officer_equivalent(values["quantity"], unit)


class ForceRecord(Record):
    """Attributes of an existing force (forces themselves come from the code list)."""

    code: ForceCode
    police_uk_id: Text40 | None = None
    ons_pfa_code: Text12 | None = None
    officer_strength_fte: Count | None = None


class OperationRecord(Record):
    code: Text60
    name: Text200
    description: str = ""
    lead_force: ForceCode
    starts_on: datetime.date
    ends_on: datetime.date

    in_order = (("starts_on", "ends_on", False),)


class LocationRecord(Record):
    code: Text60
    name: Text200
    type: LocationTypeCode
    address: Text300 | None = None
    postcode: Text10 | None = None
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    capacity: Count | None = None
    operation: Text60 | None = None


class OfficerRecord(Record):
    force: ForceCode
    service_number: Text40
    given_name: Text80
    family_name: Text80
    rank: RankCode
    detective: bool = False
    capabilities: list[CapabilityCode] = Field(default_factory=list)
    available_from: datetime.date | None = None
    available_to: datetime.date | None = None
    availability: AvailabilityStatusCode | None = None

    in_order = (("available_from", "available_to", False),)

    @classmethod
    def prepare(cls, data: dict[str, Any], vocabulary: Any) -> dict[str, Any]:
        if isinstance(data.get("capabilities"), str):  # one XML node or one cell: a list of one
            data = {**data, "capabilities": [data["capabilities"]]}
        return detective_from_rank(data, vocabulary)


class MutualAidRequestRecord(Record):
    reference: Text60
    requesting_force: ForceCode
    operation: Text60 | None = None
    capability: CapabilityCode
    quantity: Positive
    unit: ResourceUnitCode = OFFICER
    starts_on: datetime.date
    ends_on: datetime.date
    location: Text60 | None = None
    status: RequestStatusCode = "DRAFT"
    description: str = ""
    raised_at: Moment | None = None

    in_order = (("starts_on", "ends_on", False),)


class CommitmentRecord(Record):
    request: Text60
    providing_force: ForceCode
    sequence: Positive = 1
    quantity: Positive
    status: CommitmentStatusCode = "OFFERED"


class PlanningUnitRecord(Record):
    reference: Text60
    name: Text120
    force: ForceCode
    capability: CapabilityCode
    commitment_request: Text60 | None = None
    commitment_sequence: Positive = 1


class PlanningUnitMemberRecord(Record):
    planning_unit: Text60
    force: ForceCode
    service_number: Text40
    role: Text60 | None = None


class DutyUnitRecord(Record):
    reference: Text60
    planning_unit: Text60
    shift_type: ShiftTypeCode
    starts_at: Moment
    ends_at: Moment
    location: Text60 | None = None

    in_order = (("starts_at", "ends_at", True),)


class DeploymentRecord(Record):
    force: ForceCode
    service_number: Text40
    duty_unit: Text60
    duty_date: datetime.date
    location: Text60 | None = None
    status: DeploymentStatusCode = "PLANNED"


class _Held(Record):
    """A booking held by a planning unit or, failing that, by one officer."""

    planning_unit: Text60 | None = None
    force: ForceCode | None = None
    service_number: Text40 | None = None

    needs_holder = True

    @property
    def holder_key(self) -> str:
        return holder_key(self.__dict__)


class AccommodationBookingRecord(_Held):
    location: Text60
    check_in: datetime.date
    check_out: datetime.date
    rooms: Positive = 1
    status: BookingStatusCode = "CONFIRMED"

    in_order = (("check_in", "check_out", True),)


class TravelBookingRecord(_Held):
    reference: Text60
    mode: TravelModeCode
    from_location: Text60
    to_location: Text60
    departs_at: Moment
    arrives_at: Moment
    seats: Positive = 1
    status: BookingStatusCode = "CONFIRMED"

    in_order = (("departs_at", "arrives_at", True),)


RECORDS: dict[str, type[Record]] = {
    "force": ForceRecord,
    "operation": OperationRecord,
    "location": LocationRecord,
    "officer": OfficerRecord,
    "mutual_aid_request": MutualAidRequestRecord,
    "commitment": CommitmentRecord,
    "planning_unit": PlanningUnitRecord,
    "planning_unit_member": PlanningUnitMemberRecord,
    "duty_unit": DutyUnitRecord,
    "deployment": DeploymentRecord,
    "accommodation_booking": AccommodationBookingRecord,
    "travel_booking": TravelBookingRecord,
}


# The fields of each record that default to the adapter's force when the source leaves them empty.
FORCE_FIELDS: dict[str, tuple[str, ...]] = {
    "force": ("code",),
    "operation": ("lead_force",),
    "officer": ("force",),
    "mutual_aid_request": ("requesting_force",),
    "commitment": ("providing_force",),
    "planning_unit": ("force",),
    "planning_unit_member": ("force",),
    "deployment": ("force",),
    "accommodation_booking": ("force",),
    "travel_booking": ("force",),
}
