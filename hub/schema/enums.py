"""The standard's fixed code lists as GraphQL enums, described from standards/codelists."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

import strawberry

from hub.standard import CodeList, load_vocabulary
from hub.standard.enums import (
    AvailabilityStatus,
    BookingStatus,
    Classification,
    CommitmentStatus,
    DeploymentStatus,
    LocationType,
    RequestStatus,
    ShiftType,
    TravelMode,
)

E = TypeVar("E", bound=type[StrEnum])


def _described(enum_class: E, codes: CodeList, description: str) -> E:
    strawberry.enum(enum_class, description=description)
    definition: Any = enum_class.__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        code = codes[value.value]
        value.description = f"{code.label}: {code.description}"
    return enum_class


def register_enums() -> None:
    """Attach GraphQL names and descriptions to the standard's enums (idempotent)."""
    if hasattr(RequestStatus, "__strawberry_definition__"):
        return
    vocabulary = load_vocabulary()
    _described(
        RequestStatus, vocabulary.request_statuses, "Where a mutual aid request is in its life."
    )
    _described(
        CommitmentStatus,
        vocabulary.commitment_statuses,
        "Where a providing force's commitment is in its life.",
    )
    _described(
        DeploymentStatus, vocabulary.deployment_statuses, "Where an officer's deployment stands."
    )
    _described(LocationType, vocabulary.location_types, "What a location is used for.")
    _described(TravelMode, vocabulary.travel_modes, "How officers travel.")
    _described(BookingStatus, vocabulary.booking_statuses, "Whether a booking is firm.")
    _described(ShiftType, vocabulary.shift_types, "The shift pattern a duty unit works.")
    _described(
        AvailabilityStatus,
        vocabulary.availability_statuses,
        "Whether an officer can be sent on mutual aid in the period given.",
    )
    _described(
        Classification,
        vocabulary.classifications,
        "A record's government security classification (OFFICIAL tier).",
    )


register_enums()

__all__ = [
    "AvailabilityStatus",
    "BookingStatus",
    "Classification",
    "CommitmentStatus",
    "DeploymentStatus",
    "LocationType",
    "RequestStatus",
    "ShiftType",
    "TravelMode",
]
