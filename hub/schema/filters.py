"""Filter and order inputs of the root lists. Field names are the resolvers' filter names."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry.utils.str_converters import to_camel_case

from hub.errors import BadUserInput
from hub.schema.base import DateRange, DateTimeRange
from hub.schema.enums import (
    BookingStatus,
    DeploymentStatus,
    LocationType,
    RequestStatus,
    ShiftType,
    TravelMode,
)

CodeList = list[str] | None
#: The longest text a filter takes (search text, a code), and the most values in one list.
MAX_TEXT = 200
MAX_VALUES = 100


class _Bounded:
    """A filter input that refuses values no real filter needs (INPUT_TOO_LARGE, naming the
    argument): text over MAX_TEXT characters, lists of over MAX_VALUES values."""

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            where = f"filter.{to_camel_case(name)}"
            values = value if isinstance(value, list) else [value]
            if len(values) > MAX_VALUES:
                raise BadUserInput(
                    "INPUT_TOO_LARGE", f"give at most {MAX_VALUES} values", argument=where
                )
            if any(isinstance(item, str) and len(item) > MAX_TEXT for item in values):
                raise BadUserInput(
                    "INPUT_TOO_LARGE", f"give at most {MAX_TEXT} characters", argument=where
                )


def _codes(what: str) -> Any:
    return strawberry.field(default=None, description=f"Only records of these {what} (codes).")


def _search(what: str) -> Any:
    return strawberry.field(
        default=None, description=f"Case-insensitive text that {what} must contain."
    )


@strawberry.input(description="Which forces to list.")
class ForceFilter(_Bounded):
    """Filter of `forces`."""

    regions: CodeList = _codes("regions")
    kinds: CodeList = strawberry.field(default=None, description="`territorial` or `national`.")
    search: str | None = _search("the name or code")


@strawberry.input(description="Which officers to list.")
class OfficerFilter(_Bounded):
    """Filter of `officers`."""

    forces: CodeList = _codes("forces")
    regions: CodeList = _codes("forces' regions")
    ranks: CodeList = _codes("ranks")
    capabilities: CodeList = strawberry.field(
        default=None, description="Only officers holding any of these capabilities (codes)."
    )
    search: str | None = _search("the family name, given name or service number")


@strawberry.input(description="Which operations to list.")
class OperationFilter(_Bounded):
    """Filter of `operations`."""

    lead_forces: CodeList = _codes("lead forces")
    active_on: date | None = strawberry.field(
        default=None, description="Only operations running on this day."
    )
    search: str | None = _search("the code or name")


@strawberry.input(description="Which locations to list.")
class LocationFilter(_Bounded):
    """Filter of `locations`."""

    types: list[LocationType] | None = strawberry.field(
        default=None, description="Only locations of these types."
    )
    operations: CodeList = _codes("operations")
    search: str | None = _search("the code, name or postcode")


@strawberry.input(description="Which mutual aid requests to list.")
class MutualAidRequestFilter(_Bounded):
    """Filter of `mutualAidRequests`."""

    forces: CodeList = _codes("requesting forces")
    providing_forces: CodeList = strawberry.field(
        default=None, description="Only requests with a commitment from any of these forces."
    )
    regions: CodeList = _codes("requesting forces' regions")
    operations: CodeList = _codes("operations")
    statuses: list[RequestStatus] | None = strawberry.field(
        default=None, description="Only requests in these states."
    )
    capabilities: CodeList = _codes("capabilities")
    locations: CodeList = _codes("locations")
    starts_on: DateRange | None = strawberry.field(
        default=None, description="Only requests whose first day is in this range."
    )
    search: str | None = _search("the reference or description")


@strawberry.input(description="Which planning units to list.")
class PlanningUnitFilter(_Bounded):
    """Filter of `planningUnits`."""

    forces: CodeList = _codes("forces")
    regions: CodeList = _codes("forces' regions")
    capabilities: CodeList = _codes("capabilities")
    operations: CodeList = _codes("operations")
    search: str | None = _search("the reference or name")


@strawberry.input(description="Which duty units to list.")
class DutyUnitFilter(_Bounded):
    """Filter of `dutyUnits`."""

    forces: CodeList = _codes("planning units' forces")
    locations: CodeList = _codes("locations")
    shift_types: list[ShiftType] | None = strawberry.field(
        default=None, description="Only these shift types."
    )
    starts_at: DateTimeRange | None = strawberry.field(
        default=None, description="Only shifts starting in this range."
    )
    search: str | None = _search("the reference")


@strawberry.input(description="Which deployments to list.")
class DeploymentFilter(_Bounded):
    """Filter of `deployments`."""

    forces: CodeList = _codes("officers' forces")
    regions: CodeList = _codes("officers' forces' regions")
    locations: CodeList = _codes("locations")
    statuses: list[DeploymentStatus] | None = strawberry.field(
        default=None, description="Only deployments in these states."
    )
    duty_date: DateRange | None = strawberry.field(
        default=None, description="Only duty days in this range."
    )


@strawberry.input(description="Which accommodation bookings to list.")
class AccommodationBookingFilter(_Bounded):
    """Filter of `accommodationBookings`."""

    locations: CodeList = _codes("locations")
    statuses: list[BookingStatus] | None = strawberry.field(
        default=None, description="Only bookings in these states."
    )
    check_in: DateRange | None = strawberry.field(
        default=None, description="Only bookings checking in within this range."
    )


@strawberry.input(description="Which travel bookings to list.")
class TravelBookingFilter(_Bounded):
    """Filter of `travelBookings`."""

    modes: list[TravelMode] | None = strawberry.field(
        default=None, description="Only these modes of travel."
    )
    statuses: list[BookingStatus] | None = strawberry.field(
        default=None, description="Only bookings in these states."
    )
    locations: CodeList = strawberry.field(
        default=None, description="Only journeys from or to any of these locations (codes)."
    )
    departs_at: DateTimeRange | None = strawberry.field(
        default=None, description="Only journeys departing in this range."
    )
    search: str | None = _search("the reference")


@strawberry.input(description="Which import batches to list.")
class ImportBatchFilter(_Bounded):
    """Filter of `importBatches`."""

    forces: CodeList = _codes("forces")
    statuses: CodeList = strawberry.field(
        default=None, description="RUNNING, COMPLETED, FAILED, INTERRUPTED."
    )
    adapters: CodeList = strawberry.field(default=None, description="Only these adapters.")
