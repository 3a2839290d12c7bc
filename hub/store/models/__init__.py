"""The hub's tables, one module per aggregate of the standard."""

from hub.store.models.availability import AvailabilityChange
from hub.store.models.base import Base
from hub.store.models.capacity import (
    CapacityAwayDay,
    CapacityBatch,
    CapacityDay,
    CapacityRun,
    DutyDay,
)
from hub.store.models.costs import CostAgreement, DeploymentTerms
from hub.store.models.edxl import EdxlRecord
from hub.store.models.imports import ImportBatch, ImportReject
from hub.store.models.logistics import AccommodationBooking, TravelBooking
from hub.store.models.markings import RecordMarking
from hub.store.models.operations import Commitment, Location, MutualAidRequest, Operation
from hub.store.models.people import Officer, officer_capability
from hub.store.models.reference import Capability, Force, Region
from hub.store.models.retention import RetentionErasure
from hub.store.models.security import ApiKey, AuditRecord, RateLimitWindow
from hub.store.models.units import Deployment, DutyUnit, PlanningUnit, PlanningUnitMember
from hub.store.models.workflow import IdempotencyKey, RequestEvent

__all__ = [
    "AccommodationBooking",
    "ApiKey",
    "AuditRecord",
    "AvailabilityChange",
    "Base",
    "Capability",
    "CapacityAwayDay",
    "CapacityBatch",
    "CapacityDay",
    "CapacityRun",
    "Commitment",
    "CostAgreement",
    "Deployment",
    "DeploymentTerms",
    "DutyDay",
    "DutyUnit",
    "EdxlRecord",
    "Force",
    "IdempotencyKey",
    "ImportBatch",
    "ImportReject",
    "Location",
    "MutualAidRequest",
    "Officer",
    "Operation",
    "PlanningUnit",
    "PlanningUnitMember",
    "RateLimitWindow",
    "RecordMarking",
    "Region",
    "RequestEvent",
    "RetentionErasure",
    "TravelBooking",
    "officer_capability",
]
