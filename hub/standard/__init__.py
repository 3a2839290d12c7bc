"""The standard's vocabulary: code lists loaded from `standards/codelists`, and their enums."""

from hub.standard.capabilities import Capability
from hub.standard.codelists import Vocabulary, load_vocabulary
from hub.standard.codes import Code, CodeList
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
from hub.standard.errors import CodeListError
from hub.standard.forces import Force, Region
from hub.standard.ranks import Rank, RankMatch
from hub.standard.units import ResourceUnit

__all__ = [
    "AvailabilityStatus",
    "BookingStatus",
    "Capability",
    "Classification",
    "Code",
    "CodeList",
    "CodeListError",
    "CommitmentStatus",
    "DeploymentStatus",
    "Force",
    "LocationType",
    "Rank",
    "RankMatch",
    "Region",
    "RequestStatus",
    "ResourceUnit",
    "ShiftType",
    "TravelMode",
    "Vocabulary",
    "load_vocabulary",
]
