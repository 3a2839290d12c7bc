"""Order inputs of the root lists. Enum values are the resolvers' ordering names."""

from __future__ import annotations

from enum import Enum

import strawberry

from hub.schema.base import OrderDirection


@strawberry.enum(description="What `officers` can be sorted by.")
class OfficerOrderField(Enum):
    """Sort keys of `officers`."""

    ID = strawberry.enum_value(
        "ID",
        description="By global id: an order that tells nothing about the officers (the default).",
    )
    SERVICE_NUMBER = strawberry.enum_value(
        "SERVICE_NUMBER",
        description="By service number (personal data: keys that may not read service numbers "
        "get FORBIDDEN_FIELD; a partner's list is narrowed to its own force).",
    )
    FAMILY_NAME = strawberry.enum_value(
        "FAMILY_NAME",
        description="By family name (personal data: keys that may not read names get "
        "FORBIDDEN_FIELD; a partner's list is narrowed to its own force).",
    )
    RANK = strawberry.enum_value("RANK", description="By rank code.")


@strawberry.input(description="How to sort `officers`; ties keep a stable order.")
class OfficerOrder:
    """Order of `officers`."""

    field: OfficerOrderField = strawberry.field(
        default=OfficerOrderField.ID, description="What to sort by."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.enum(description="What `operations` can be sorted by.")
class OperationOrderField(Enum):
    """Sort keys of `operations`."""

    STARTS_ON = strawberry.enum_value("STARTS_ON", description="By first day.")
    CODE = strawberry.enum_value("CODE", description="By code.")


@strawberry.input(description="How to sort `operations`; ties keep a stable order.")
class OperationOrder:
    """Order of `operations`."""

    field: OperationOrderField = strawberry.field(
        default=OperationOrderField.STARTS_ON, description="What to sort by."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.enum(description="What `locations` can be sorted by.")
class LocationOrderField(Enum):
    """Sort keys of `locations`."""

    CODE = strawberry.enum_value("CODE", description="By code.")
    NAME = strawberry.enum_value("NAME", description="By name.")


@strawberry.input(description="How to sort `locations`; ties keep a stable order.")
class LocationOrder:
    """Order of `locations`."""

    field: LocationOrderField = strawberry.field(
        default=LocationOrderField.CODE, description="What to sort by."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.enum(description="What `mutualAidRequests` can be sorted by.")
class MutualAidRequestOrderField(Enum):
    """Sort keys of `mutualAidRequests`."""

    REFERENCE = strawberry.enum_value("REFERENCE", description="By reference.")
    STARTS_ON = strawberry.enum_value("STARTS_ON", description="By first day needed.")
    RAISED_AT = strawberry.enum_value("RAISED_AT", description="By time raised.")
    QUANTITY = strawberry.enum_value("QUANTITY", description="By quantity, in its own unit.")
    OFFICERS = strawberry.enum_value("OFFICERS", description="By officers asked for.")


@strawberry.input(description="How to sort `mutualAidRequests`; ties keep a stable order.")
class MutualAidRequestOrder:
    """Order of `mutualAidRequests`."""

    field: MutualAidRequestOrderField = strawberry.field(
        default=MutualAidRequestOrderField.REFERENCE, description="What to sort by."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.enum(description="What `planningUnits` can be sorted by.")
class PlanningUnitOrderField(Enum):
    """Sort keys of `planningUnits`."""

    REFERENCE = strawberry.enum_value("REFERENCE", description="By reference.")
    NAME = strawberry.enum_value("NAME", description="By name.")


@strawberry.input(description="How to sort `planningUnits`; ties keep a stable order.")
class PlanningUnitOrder:
    """Order of `planningUnits`."""

    field: PlanningUnitOrderField = strawberry.field(
        default=PlanningUnitOrderField.REFERENCE, description="What to sort by."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.enum(description="What `dutyUnits` can be sorted by.")
class DutyUnitOrderField(Enum):
    """Sort keys of `dutyUnits`."""

    STARTS_AT = strawberry.enum_value("STARTS_AT", description="By start time.")
    REFERENCE = strawberry.enum_value("REFERENCE", description="By reference.")


@strawberry.input(description="How to sort `dutyUnits`; ties keep a stable order.")
class DutyUnitOrder:
    """Order of `dutyUnits`."""

    field: DutyUnitOrderField = strawberry.field(
        default=DutyUnitOrderField.STARTS_AT, description="What to sort by."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.enum(description="What `deployments` can be sorted by.")
class DeploymentOrderField(Enum):
    """Sort keys of `deployments`."""

    DUTY_DATE = strawberry.enum_value("DUTY_DATE", description="By day of duty.")


@strawberry.input(description="How to sort `deployments`; ties keep a stable order.")
class DeploymentOrder:
    """Order of `deployments`."""

    field: DeploymentOrderField = strawberry.field(
        default=DeploymentOrderField.DUTY_DATE, description="What to sort by."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.enum(description="What `accommodationBookings` can be sorted by.")
class AccommodationBookingOrderField(Enum):
    """Sort keys of `accommodationBookings`."""

    CHECK_IN = strawberry.enum_value("CHECK_IN", description="By check-in date.")


@strawberry.input(description="How to sort `accommodationBookings`; ties keep a stable order.")
class AccommodationBookingOrder:
    """Order of `accommodationBookings`."""

    field: AccommodationBookingOrderField = strawberry.field(
        default=AccommodationBookingOrderField.CHECK_IN, description="What to sort by."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.enum(description="What `travelBookings` can be sorted by.")
class TravelBookingOrderField(Enum):
    """Sort keys of `travelBookings`."""

    DEPARTS_AT = strawberry.enum_value("DEPARTS_AT", description="By departure time.")
    REFERENCE = strawberry.enum_value("REFERENCE", description="By reference.")


@strawberry.input(description="How to sort `travelBookings`; ties keep a stable order.")
class TravelBookingOrder:
    """Order of `travelBookings`."""

    field: TravelBookingOrderField = strawberry.field(
        default=TravelBookingOrderField.DEPARTS_AT, description="What to sort by."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )


@strawberry.enum(description="What `importBatches` can be sorted by.")
class ImportBatchOrderField(Enum):
    """Sort keys of `importBatches`."""

    STARTED_AT = strawberry.enum_value("STARTED_AT", description="By start time.")


@strawberry.input(description="How to sort `importBatches`; ties keep a stable order.")
class ImportBatchOrder:
    """Order of `importBatches`."""

    field: ImportBatchOrderField = strawberry.field(
        default=ImportBatchOrderField.STARTED_AT, description="What to sort by."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending or descending."
    )
