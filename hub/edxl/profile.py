"""The hub's profile of EDXL-RM 1.0: where each fact of a request sits in every message type.

The sixteen schemas differ in which elements each message may hold: whether it names the
message before it, whether its resource lines carry a response, which schedule types it
allows. This table says so once, for the builder and the reader both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

RMSG = "urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg"
RM = "urn:oasis:names:tc:emergency:EDXL:RM:1.0"
#: The hub's own elements inside `Resource/TypeInfo` (EDXL-RM lets each community type there).
MAH = "urn:uk:police:mutual-aid:edxl-rm:1"
NAMESPACES = {"rmsg": RMSG, "rm": RM, "mah": MAH}
#: `ContactDescription` of a message the national coordinator sent (no force).
NATIONAL = "national"
#: `Funding/FundCode` of a requisition: mutual aid is paid for under the national guidance.
FUND_CODE = "police-mutual-aid"
#: The OASIS schemas, as published (kept with the example adapters).
SCHEMAS = Path(__file__).resolve().parents[2] / "adapters" / "edxl-rm-schemas" / "external"
SCHEMA_DIR = SCHEMAS / "edxl-rm" / "1.0"


class Presence(StrEnum):
    """Whether a message type has an element: never, may, or must."""

    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


@dataclass(frozen=True, slots=True)
class Shape:
    """What one message type's schema allows."""

    preceding: Presence
    response: Presence
    start: str = "RequestedArrival"
    end: str = "EstimatedReturnDeparture"
    resource_status: bool = False
    funding: bool = False
    price: bool = False


_N, _O, _R = Presence.NONE, Presence.OPTIONAL, Presence.REQUIRED
SHAPES: Mapping[str, Shape] = {
    "RequestResource": Shape(_N, _N),
    "ResponseToRequestResource": Shape(_R, _R),
    "RequisitionResource": Shape(_O, _N, funding=True),
    "CommitResource": Shape(_R, _R),
    "RequestInformation": Shape(_O, _N),
    "ResponseToRequestInformation": Shape(_R, _O),
    "OfferUnsolicitedResource": Shape(_N, _N, start="BeginAvailable", end="EndAvailable"),
    "ReleaseResource": Shape(_O, _O),
    "RequestReturn": Shape(_O, _N, end="RequestedReturnDeparture"),
    "ResponseToRequestReturn": Shape(_R, _R, resource_status=True),
    "RequestQuote": Shape(_O, _O),
    "ResponseToRequestQuote": Shape(_R, _R, price=True),
    "RequestResourceDeploymentStatus": Shape(_O, _N),
    "ReportResourceDeploymentStatus": Shape(_O, _O),
    "RequestExtendedDeploymentDuration": Shape(_O, _N),
    "ResponseToRequestExtendedDeploymentDuration": Shape(_R, _R),
}


def schema_path(message_type: str) -> Path:
    """The OASIS XSD of a message type."""
    return SCHEMA_DIR / f"EDXL-RM{message_type}.xsd"
