"""The records of the standard that adapters produce: the ingest contract, one model each.

References name other records by their natural keys (a force code, a request's reference,
an officer's force and service number); the pipeline resolves them to stored rows.
"""

from __future__ import annotations

import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from hub.adapters._types import (
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


class Record(BaseModel):
    """A record of the standard, as an adapter produces it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _in_order(first: Any, second: Any, names: str, strict: bool = False) -> None:
    if (
        first is not None
        and second is not None
        and (second < first or (strict and second == first))
    ):
        raise PydanticCustomError("BAD_RANGE", "{names} are in the wrong order", {"names": names})


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

    @model_validator(mode="after")
    def _dates(self) -> OperationRecord:
        _in_order(self.starts_on, self.ends_on, "starts_on and ends_on")
        return self


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

    @model_validator(mode="before")
    @classmethod
    def _detective_rank(cls, data: Any, info: ValidationInfo) -> Any:
        """A detective form of a rank ("DS", "Det Sgt") sets `detective` unless it is given."""
        context = info.context or {}
        vocabulary = context.get("vocabulary")
        if isinstance(data, dict) and vocabulary and isinstance(data.get("rank"), str):
            match = vocabulary.resolve_rank(data["rank"])
            if match and match.detective and data.get("detective") is None:
                data = {**data, "detective": True}
        if isinstance(data, dict) and data.get("detective", 0) is None:
            data = {**data, "detective": False}
        return data


class MutualAidRequestRecord(Record):
    reference: Text60
    requesting_force: ForceCode
    operation: Text60 | None = None
    capability: CapabilityCode
    quantity: Positive
    starts_on: datetime.date
    ends_on: datetime.date
    location: Text60 | None = None
    status: RequestStatusCode = "DRAFT"
    description: str = ""
    raised_at: Moment | None = None

    @model_validator(mode="after")
    def _dates(self) -> MutualAidRequestRecord:
        _in_order(self.starts_on, self.ends_on, "starts_on and ends_on")
        return self


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

    @model_validator(mode="after")
    def _times(self) -> DutyUnitRecord:
        _in_order(self.starts_at, self.ends_at, "starts_at and ends_at", strict=True)
        return self


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

    @property
    def holder_key(self) -> str:
        if self.planning_unit is not None:
            return f"unit:{self.planning_unit}"
        return f"officer:{self.force}:{self.service_number}"

    def _check_holder(self) -> None:
        if self.planning_unit is None and (self.force is None or self.service_number is None):
            raise PydanticCustomError(
                "MISSING_HOLDER",
                "a booking needs a planning_unit or an officer's service_number",
                {},
            )


class AccommodationBookingRecord(_Held):
    location: Text60
    check_in: datetime.date
    check_out: datetime.date
    rooms: Positive = 1
    status: BookingStatusCode = "CONFIRMED"

    @model_validator(mode="after")
    def _valid(self) -> AccommodationBookingRecord:
        self._check_holder()
        _in_order(self.check_in, self.check_out, "check_in and check_out", strict=True)
        return self


class TravelBookingRecord(_Held):
    reference: Text60
    mode: TravelModeCode
    from_location: Text60
    to_location: Text60
    departs_at: Moment
    arrives_at: Moment
    seats: Positive = 1
    status: BookingStatusCode = "CONFIRMED"

    @model_validator(mode="after")
    def _valid(self) -> TravelBookingRecord:
        self._check_holder()
        _in_order(self.departs_at, self.arrives_at, "departs_at and arrives_at", strict=True)
        return self


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
