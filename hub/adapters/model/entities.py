"""How each record of the standard is stored: its table, natural key, references and owner.

A record's natural key is in record terms (codes and references); its table's `conflict`
columns are the same key in table terms (ids of the records referred to). The pipeline turns
one into the other once the references are resolved, then finds stored rows by their conflict
columns, which a unique index covers: one indexed statement per table per batch. `lookup`
gives the FROM clause of that statement and the code of the force that owns each row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hub.adapters.model.records import holder_key, request_officers

if TYPE_CHECKING:
    from sqlalchemy import Table

# (FROM clause joining the table to its owner's force, owner force code expression)
Lookup = tuple[Any, Any]


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference: record fields naming another record, stored in `column` as its id.

    `trigger` is the field whose presence in a record means the reference is mapped (the
    force of an officer reference defaults to the import's, so it does not count).
    """

    fields: tuple[str, ...]
    target: str
    column: str
    trigger: str = field(init=False)

    def __post_init__(self) -> None:
        trigger = next((name for name in self.fields if name != "force"), self.fields[0])
        object.__setattr__(self, "trigger", trigger)


@dataclass(frozen=True, slots=True)
class Link:
    """A many-to-many list: record field -> rows of `table` (owner column, target column)."""

    field: str
    table_name: str  # the table, in `hub.store.models`
    owner_column: str
    target_column: str
    target: str

    @property
    def table(self) -> Table:
        return _table(self.table_name)


@dataclass(frozen=True, slots=True)
class EntitySpec:
    """Storage of one entity: see the module docstring."""

    name: str
    model: str  # the class in `hub.store.models` that stores it
    key: tuple[str, ...]
    conflict: tuple[str, ...]
    columns: tuple[str, ...]
    refs: tuple[Ref, ...] = ()
    owner: tuple[str, ...] = ()
    lookup: Callable[[], Lookup] | None = None
    link: Link | None = None
    versioned: bool = True
    update_only: bool = False
    computed: dict[str, Callable[[dict[str, Any]], Any]] = field(default_factory=dict)

    @property
    def table(self) -> Table:
        """The entity's table (SQLAlchemy and the models are loaded on first use: the reader
        process checks records by their keys and references, and never writes them)."""
        return _table(self.model)


def _stated_status(values: dict[str, Any]) -> Any:
    return values.get("status")


def _lookup(name: str) -> Callable[[], Lookup]:
    """The look-up of `hub.adapters.model.lookups` named `name`, imported when first run."""

    def lookup() -> Lookup:
        from hub.adapters.model import lookups

        found: Callable[[], Lookup] = getattr(lookups, name)
        return found()

    return lookup


def _table(name: str) -> Table:
    """The table of the store's model (or the table) named `name`."""
    from hub.store import models

    found = getattr(models, name)
    table: Table = getattr(found, "__table__", found)
    return table


OFFICER_REF = ("force", "service_number")
ENTITY_SPECS: dict[str, EntitySpec] = {
    spec.name: spec
    for spec in (
        EntitySpec(
            "force",
            "Force",
            key=("code",),
            conflict=("code",),
            columns=("police_uk_id", "ons_pfa_code", "officer_strength_fte"),
            owner=("code",),
            lookup=_lookup("_force_lookup"),
            versioned=False,
            update_only=True,
        ),
        EntitySpec(
            "operation",
            "Operation",
            key=("code",),
            conflict=("code",),
            columns=("code", "name", "description", "starts_on", "ends_on"),
            refs=(Ref(("lead_force",), "force", "lead_force_id"),),
            owner=("lead_force",),
            lookup=_lookup("_operation_lookup"),
        ),
        EntitySpec(
            "location",
            "Location",
            key=("code",),
            conflict=("code",),
            columns=(
                "code",
                "name",
                "type",
                "address",
                "postcode",
                "latitude",
                "longitude",
                "capacity",
            ),
            refs=(Ref(("operation",), "operation", "operation_id"),),
            lookup=_lookup("_location_lookup"),
        ),
        EntitySpec(
            "officer",
            "Officer",
            key=OFFICER_REF,
            conflict=("force_id", "service_number"),
            columns=(
                "service_number",
                "given_name",
                "family_name",
                "rank",
                "detective",
                "available_from",
                "available_to",
                "availability",
            ),
            refs=(Ref(("force",), "force", "force_id"),),
            owner=("force",),
            lookup=_lookup("_officer_lookup"),
            link=Link(
                "capabilities", "officer_capability", "officer_id", "capability_id", "capability"
            ),
        ),
        EntitySpec(
            "mutual_aid_request",
            "MutualAidRequest",
            key=("reference",),
            conflict=("reference",),
            columns=(
                "reference",
                "quantity",
                "unit",
                "starts_on",
                "ends_on",
                "description",
                "raised_at",
            ),
            refs=(
                Ref(("requesting_force",), "force", "requesting_force_id"),
                Ref(("operation",), "operation", "operation_id"),
                Ref(("capability",), "capability", "capability_id"),
                Ref(("location",), "location", "location_id"),
            ),
            owner=("requesting_force",),
            lookup=_lookup("_request_lookup"),
            # The status a file states is kept as stated; the request's status follows from it
            # and from its commitments and deployments once the file is written.
            computed={"officers": request_officers, "stated_status": _stated_status},
        ),
        EntitySpec(
            "commitment",
            "Commitment",
            key=("request", "providing_force", "sequence"),
            conflict=("request_id", "providing_force_id", "sequence"),
            columns=("sequence", "quantity", "status"),
            refs=(
                Ref(("request",), "mutual_aid_request", "request_id"),
                Ref(("providing_force",), "force", "providing_force_id"),
            ),
            owner=("providing_force",),
            lookup=_lookup("_commitment_lookup"),
        ),
        EntitySpec(
            "planning_unit",
            "PlanningUnit",
            key=("reference",),
            conflict=("reference",),
            columns=("reference", "name"),
            refs=(
                Ref(("force",), "force", "force_id"),
                Ref(("capability",), "capability", "capability_id"),
                Ref(
                    ("commitment_request", "force", "commitment_sequence"),
                    "commitment",
                    "commitment_id",
                ),
            ),
            owner=("force",),
            lookup=_lookup("_unit_lookup"),
        ),
        EntitySpec(
            "planning_unit_member",
            "PlanningUnitMember",
            key=("planning_unit", *OFFICER_REF),
            conflict=("planning_unit_id", "officer_id"),
            columns=("role",),
            refs=(
                Ref(("planning_unit",), "planning_unit", "planning_unit_id"),
                Ref(OFFICER_REF, "officer", "officer_id"),
            ),
            owner=("@planning_unit",),
            lookup=_lookup("_member_lookup"),
            versioned=False,
        ),
        EntitySpec(
            "duty_unit",
            "DutyUnit",
            key=("reference",),
            conflict=("reference",),
            columns=("reference", "shift_type", "starts_at", "ends_at"),
            refs=(
                Ref(("planning_unit",), "planning_unit", "planning_unit_id"),
                Ref(("location",), "location", "location_id"),
            ),
            owner=("@planning_unit",),
            lookup=_lookup("_duty_lookup"),
        ),
        EntitySpec(
            "deployment",
            "Deployment",
            key=(*OFFICER_REF, "duty_unit"),
            conflict=("officer_id", "duty_unit_id"),
            columns=("duty_date", "status"),
            refs=(
                Ref(OFFICER_REF, "officer", "officer_id"),
                Ref(("duty_unit",), "duty_unit", "duty_unit_id"),
                Ref(("location",), "location", "location_id"),
            ),
            owner=("force",),
            lookup=_lookup("_deployment_lookup"),
        ),
        EntitySpec(
            "accommodation_booking",
            "AccommodationBooking",
            key=("location", "holder_key", "check_in"),
            conflict=("location_id", "holder_key", "check_in"),
            columns=("holder_key", "check_in", "check_out", "rooms", "status"),
            refs=(
                Ref(("location",), "location", "location_id"),
                Ref(("planning_unit",), "planning_unit", "planning_unit_id"),
                Ref(OFFICER_REF, "officer", "officer_id"),
            ),
            owner=("@planning_unit", "force"),
            lookup=_lookup("_accommodation_lookup"),
            computed={"holder_key": holder_key},
        ),
        EntitySpec(
            "travel_booking",
            "TravelBooking",
            key=("reference",),
            conflict=("reference",),
            columns=("reference", "mode", "departs_at", "arrives_at", "seats", "status"),
            refs=(
                Ref(("planning_unit",), "planning_unit", "planning_unit_id"),
                Ref(OFFICER_REF, "officer", "officer_id"),
                Ref(("from_location",), "location", "from_location_id"),
                Ref(("to_location",), "location", "to_location_id"),
            ),
            owner=("@planning_unit", "force"),
            lookup=_lookup("_travel_lookup"),
        ),
    )
}
ORDER = tuple(ENTITY_SPECS)
