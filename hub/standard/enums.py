"""The status and type lists as enums, for typed code; their values are the CSV codes, and the
CSV files (`standards/codelists/*.csv`) give their labels and descriptions."""

from __future__ import annotations

from enum import StrEnum


class RequestStatus(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    PARTIALLY_FILLED = "PARTIALLY_FILLED"
    FILLED = "FILLED"
    CONFIRMED = "CONFIRMED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class CommitmentStatus(StrEnum):
    OFFERED = "OFFERED"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    WITHDRAWN = "WITHDRAWN"
    RELEASED = "RELEASED"


class DeploymentStatus(StrEnum):
    PLANNED = "PLANNED"
    ON_DUTY = "ON_DUTY"
    STOOD_DOWN = "STOOD_DOWN"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class LocationType(StrEnum):
    VENUE = "VENUE"
    BRIEFING_CENTRE = "BRIEFING_CENTRE"
    MUSTER_POINT = "MUSTER_POINT"
    RENDEZVOUS_POINT = "RENDEZVOUS_POINT"
    COMMAND_CENTRE = "COMMAND_CENTRE"
    ACCOMMODATION = "ACCOMMODATION"
    FEEDING_POINT = "FEEDING_POINT"
    POLICE_STATION = "POLICE_STATION"
    CUSTODY_SUITE = "CUSTODY_SUITE"
    TRANSPORT_HUB = "TRANSPORT_HUB"
    OTHER = "OTHER"


class TravelMode(StrEnum):
    COACH = "COACH"
    MINIBUS = "MINIBUS"
    POLICE_VEHICLE = "POLICE_VEHICLE"
    TRAIN = "TRAIN"
    AIR = "AIR"
    FERRY = "FERRY"
    OTHER = "OTHER"


class BookingStatus(StrEnum):
    PROVISIONAL = "PROVISIONAL"
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


class ShiftType(StrEnum):
    DAY = "DAY"
    LATE = "LATE"
    NIGHT = "NIGHT"


class AvailabilityStatus(StrEnum):
    AVAILABLE = "AVAILABLE"
    LIMITED = "LIMITED"
    UNAVAILABLE = "UNAVAILABLE"


class Classification(StrEnum):
    """Government security classification of a record, least restrictive first."""

    OFFICIAL = "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL_SENSITIVE"
