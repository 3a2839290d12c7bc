"""The entities of the standard as SQL (see `spec.py`): one description per type of the graph."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import aliased

from hub.resolvers.spec import Entity, Relation, linked, one_of, search, within
from hub.store import models as m

ProvenanceModel = Any


def _provenance(model: ProvenanceModel) -> tuple[ColumnElement[Any], ...]:
    return (
        model.source_batch_id,
        model.source_line,
        model.source_path,
        model.recorded_at,
        model.updated_at,
    )


def force_ids(codes: list[str]) -> Select[Any]:
    return select(m.Force.id).where(m.Force.code.in_(codes))


def region_force_ids(codes: list[str]) -> Select[Any]:
    return select(m.Force.id).join(m.Region).where(m.Region.code.in_(codes))


def capability_ids(codes: list[str]) -> Select[Any]:
    return select(m.Capability.id).where(m.Capability.code.in_(codes))


def operation_ids(codes: list[str]) -> Select[Any]:
    return select(m.Operation.id).where(m.Operation.code.in_(codes))


def location_ids(codes: list[str]) -> Select[Any]:
    return select(m.Location.id).where(m.Location.code.in_(codes))


REGION = Entity(
    name="Region",
    table=m.Region.__table__,
    pk=m.Region.id,
    columns=(
        m.Region.code,
        m.Region.label,
        m.Region.description,
        m.Region.country,
        m.Region.effective_from,
        m.Region.effective_to,
    ),
    key=(m.Region.code,),
    orders={"CODE": m.Region.code, "LABEL": m.Region.label},
    default_order="CODE",
)

FORCE = Entity(
    name="Force",
    table=m.Force.__table__,
    pk=m.Force.id,
    columns=(
        m.Force.code,
        m.Force.name,
        m.Force.short_name,
        m.Force.kind,
        m.Force.country,
        m.Force.region_id,
        m.Force.police_uk_id,
        m.Force.ons_pfa_code,
        m.Force.officer_strength_fte,
        m.Force.aliases,
    ),
    key=(m.Force.code,),
    filters={
        "regions": linked(m.Force.region_id, lambda codes: region_ids(codes)),
        "kinds": one_of(m.Force.kind),
        "search": search(m.Force.name, m.Force.code, m.Force.short_name),
    },
    orders={"CODE": m.Force.code, "NAME": m.Force.name},
    default_order="CODE",
)


def region_ids(codes: list[str]) -> Select[Any]:
    return select(m.Region.id).where(m.Region.code.in_(codes))


CAPABILITY = Entity(
    name="Capability",
    table=m.Capability.__table__,
    pk=m.Capability.id,
    columns=(
        m.Capability.code,
        m.Capability.label,
        m.Capability.description,
        m.Capability.category,
    ),
    key=(m.Capability.code,),
    filters={"categories": one_of(m.Capability.category)},
    orders={"CODE": m.Capability.code, "LABEL": m.Capability.label},
    default_order="CODE",
)

_officer_force = aliased(m.Force, name="officer_force")

OFFICER = Entity(
    name="Officer",
    table=m.Officer.__table__,
    pk=m.Officer.id,
    columns=(
        m.Officer.force_id,
        _officer_force.code.label("force_code"),
        m.Officer.service_number,
        m.Officer.given_name,
        m.Officer.family_name,
        m.Officer.rank.label("rank_code"),
        m.Officer.detective,
        m.Officer.available_from,
        m.Officer.available_to,
        m.Officer.availability,
        m.Officer.provisional,
        m.Officer.identity_erased_at,
        m.Officer.withdrawn_at,
        m.Officer.version,
        *_provenance(m.Officer),
    ),
    key=(_officer_force.code, m.Officer.service_number),
    joins=((_officer_force, _officer_force.id == m.Officer.force_id),),
    filters={
        "forces": linked(m.Officer.force_id, force_ids),
        "regions": linked(m.Officer.force_id, region_force_ids),
        "ranks": one_of(m.Officer.rank),
        "capabilities": lambda codes: m.Officer.id.in_(
            select(m.officer_capability.c.officer_id).where(
                m.officer_capability.c.capability_id.in_(capability_ids(list(codes)))
            )
        ),
        "search": search(m.Officer.family_name, m.Officer.given_name, m.Officer.service_number),
    },
    # By default officers come in the order of their opaque ids, which says nothing about
    # them; sorting by a name or a service number is for keys that may read it
    # (`hub.security.policy.PERSONAL_ORDERS`).
    orders={
        "ID": m.Officer.gid,
        "SERVICE_NUMBER": m.Officer.service_number,
        "FAMILY_NAME": m.Officer.family_name,
        "RANK": m.Officer.rank,
    },
    default_order="ID",
    gid=m.Officer.gid,
)

_lead_force = aliased(m.Force, name="lead_force")

OPERATION = Entity(
    name="Operation",
    table=m.Operation.__table__,
    pk=m.Operation.id,
    columns=(
        m.Operation.code,
        m.Operation.name,
        m.Operation.description,
        m.Operation.lead_force_id,
        m.Operation.starts_on,
        m.Operation.ends_on,
        m.Operation.version,
        *_provenance(m.Operation),
    ),
    key=(m.Operation.code,),
    filters={
        "lead_forces": linked(m.Operation.lead_force_id, force_ids),
        "active_on": lambda day: (m.Operation.starts_on <= day) & (m.Operation.ends_on >= day),
        "search": search(m.Operation.code, m.Operation.name),
    },
    orders={"CODE": m.Operation.code, "STARTS_ON": m.Operation.starts_on},
    default_order="STARTS_ON",
)

LOCATION = Entity(
    name="Location",
    table=m.Location.__table__,
    pk=m.Location.id,
    columns=(
        m.Location.code,
        m.Location.name,
        m.Location.type,
        m.Location.address,
        m.Location.postcode,
        m.Location.latitude,
        m.Location.longitude,
        m.Location.capacity,
        m.Location.operation_id,
        m.Location.version,
        *_provenance(m.Location),
    ),
    key=(m.Location.code,),
    filters={
        "types": one_of(m.Location.type),
        "operations": linked(m.Location.operation_id, operation_ids),
        "search": search(m.Location.code, m.Location.name, m.Location.postcode),
    },
    orders={"CODE": m.Location.code, "NAME": m.Location.name},
    default_order="CODE",
)

_R = m.MutualAidRequest

MUTUAL_AID_REQUEST = Entity(
    name="MutualAidRequest",
    table=_R.__table__,
    pk=_R.id,
    columns=(
        _R.reference,
        _R.requesting_force_id,
        _R.operation_id,
        _R.capability_id,
        _R.quantity,
        _R.unit,
        _R.officers,
        _R.starts_on,
        _R.ends_on,
        _R.location_id,
        _R.status,
        _R.description,
        _R.raised_at,
        _R.version,
        *_provenance(_R),
    ),
    key=(_R.reference,),
    filters={
        "forces": linked(_R.requesting_force_id, force_ids),
        "providing_forces": lambda codes: _R.id.in_(
            select(m.Commitment.request_id).where(
                m.Commitment.providing_force_id.in_(force_ids(list(codes)))
            )
        ),
        "regions": linked(_R.requesting_force_id, region_force_ids),
        "operations": linked(_R.operation_id, operation_ids),
        "statuses": one_of(_R.status),
        "capabilities": linked(_R.capability_id, capability_ids),
        "locations": linked(_R.location_id, location_ids),
        "starts_on": within(_R.starts_on),
        "search": search(_R.reference, _R.description),
    },
    orders={
        "REFERENCE": _R.reference,
        "STARTS_ON": _R.starts_on,
        "RAISED_AT": _R.raised_at,
        "QUANTITY": _R.quantity,
        "OFFICERS": _R.officers,
    },
    default_order="REFERENCE",
)

_C = m.Commitment
_commitment_request = aliased(m.MutualAidRequest, name="commitment_request")
_providing_force = aliased(m.Force, name="providing_force")

COMMITMENT = Entity(
    name="Commitment",
    table=_C.__table__,
    pk=_C.id,
    columns=(
        _C.request_id,
        _commitment_request.reference.label("request_reference"),
        _C.providing_force_id,
        _providing_force.code.label("providing_force_code"),
        _C.sequence,
        _C.quantity,
        _C.status,
        _C.version,
        *_provenance(_C),
    ),
    key=(_commitment_request.reference, _providing_force.code, _C.sequence),
    joins=(
        (_commitment_request, _commitment_request.id == _C.request_id),
        (_providing_force, _providing_force.id == _C.providing_force_id),
    ),
    filters={
        "providing_forces": linked(_C.providing_force_id, force_ids),
        "statuses": one_of(_C.status),
    },
    orders={"SEQUENCE": _C.sequence},
    default_order="SEQUENCE",
)

_PU = m.PlanningUnit

PLANNING_UNIT = Entity(
    name="PlanningUnit",
    table=_PU.__table__,
    pk=_PU.id,
    columns=(
        _PU.reference,
        _PU.name,
        _PU.force_id,
        _PU.capability_id,
        _PU.commitment_id,
        _PU.provisional,
        _PU.version,
        *_provenance(_PU),
    ),
    key=(_PU.reference,),
    filters={
        "forces": linked(_PU.force_id, force_ids),
        "regions": linked(_PU.force_id, region_force_ids),
        "capabilities": linked(_PU.capability_id, capability_ids),
        "operations": lambda codes: _PU.commitment_id.in_(
            select(m.Commitment.id)
            .join(m.MutualAidRequest)
            .where(m.MutualAidRequest.operation_id.in_(operation_ids(list(codes))))
        ),
        "search": search(_PU.reference, _PU.name),
    },
    orders={"REFERENCE": _PU.reference, "NAME": _PU.name},
    default_order="REFERENCE",
)

_DU = m.DutyUnit

DUTY_UNIT = Entity(
    name="DutyUnit",
    table=_DU.__table__,
    pk=_DU.id,
    columns=(
        _DU.reference,
        _DU.planning_unit_id,
        _DU.shift_type,
        _DU.starts_at,
        _DU.ends_at,
        _DU.location_id,
        _DU.version,
        *_provenance(_DU),
    ),
    key=(_DU.reference,),
    filters={
        "forces": lambda codes: _DU.planning_unit_id.in_(
            select(m.PlanningUnit.id).where(m.PlanningUnit.force_id.in_(force_ids(list(codes))))
        ),
        "locations": linked(_DU.location_id, location_ids),
        "shift_types": one_of(_DU.shift_type),
        "starts_at": within(_DU.starts_at),
        "search": search(_DU.reference),
    },
    orders={"STARTS_AT": _DU.starts_at, "REFERENCE": _DU.reference},
    default_order="STARTS_AT",
)

_D = m.Deployment
_deployed_officer = aliased(m.Officer, name="deployed_officer")
_deployed_force = aliased(m.Force, name="deployed_force")
_deployed_duty = aliased(m.DutyUnit, name="deployed_duty")

DEPLOYMENT = Entity(
    name="Deployment",
    table=_D.__table__,
    pk=_D.id,
    columns=(
        _D.officer_id,
        _deployed_force.code.label("officer_force_code"),
        _deployed_officer.service_number.label("officer_service_number"),
        _D.duty_unit_id,
        _deployed_duty.reference.label("duty_unit_reference"),
        _D.duty_date,
        _D.location_id,
        _D.status,
        _D.version,
        *_provenance(_D),
    ),
    key=(_deployed_force.code, _deployed_officer.service_number, _deployed_duty.reference),
    joins=(
        (_deployed_officer, _deployed_officer.id == _D.officer_id),
        (_deployed_force, _deployed_force.id == _deployed_officer.force_id),
        (_deployed_duty, _deployed_duty.id == _D.duty_unit_id),
    ),
    filters={
        "forces": linked(_deployed_officer.force_id, force_ids),
        "regions": linked(_deployed_officer.force_id, region_force_ids),
        "locations": linked(_D.location_id, location_ids),
        "statuses": one_of(_D.status),
        "duty_date": within(_D.duty_date),
    },
    orders={"DUTY_DATE": _D.duty_date},
    default_order="DUTY_DATE",
    gid=_D.gid,
)

_AB = m.AccommodationBooking
_stay_location = aliased(m.Location, name="stay_location")

ACCOMMODATION_BOOKING = Entity(
    name="AccommodationBooking",
    table=_AB.__table__,
    pk=_AB.id,
    columns=(
        _AB.location_id,
        _stay_location.code.label("location_code"),
        _AB.holder_key,
        _AB.planning_unit_id,
        _AB.officer_id,
        _AB.check_in,
        _AB.check_out,
        _AB.rooms,
        _AB.status,
        _AB.version,
        *_provenance(_AB),
    ),
    key=(_stay_location.code, _AB.holder_key, _AB.check_in),
    joins=((_stay_location, _stay_location.id == _AB.location_id),),
    filters={
        "locations": linked(_AB.location_id, location_ids),
        "statuses": one_of(_AB.status),
        "check_in": within(_AB.check_in),
    },
    orders={"CHECK_IN": _AB.check_in},
    default_order="CHECK_IN",
    gid=_AB.gid,
)

_TB = m.TravelBooking

TRAVEL_BOOKING = Entity(
    name="TravelBooking",
    table=_TB.__table__,
    pk=_TB.id,
    columns=(
        _TB.reference,
        _TB.mode,
        _TB.planning_unit_id,
        _TB.officer_id,
        _TB.from_location_id,
        _TB.to_location_id,
        _TB.departs_at,
        _TB.arrives_at,
        _TB.seats,
        _TB.status,
        _TB.version,
        *_provenance(_TB),
    ),
    key=(_TB.reference,),
    filters={
        "modes": one_of(_TB.mode),
        "statuses": one_of(_TB.status),
        "locations": lambda codes: or_(
            _TB.from_location_id.in_(location_ids(list(codes))),
            _TB.to_location_id.in_(location_ids(list(codes))),
        ),
        "departs_at": within(_TB.departs_at),
        "search": search(_TB.reference),
    },
    orders={"DEPARTS_AT": _TB.departs_at, "REFERENCE": _TB.reference},
    default_order="DEPARTS_AT",
    gid=_TB.gid,
)

_IB = m.ImportBatch

IMPORT_BATCH = Entity(
    name="ImportBatch",
    table=_IB.__table__,
    pk=_IB.id,
    columns=(
        _IB.uid,
        _IB.force_id,
        _IB.adapter,
        _IB.file_name,
        _IB.checksum,
        _IB.actor,
        _IB.status,
        _IB.dry_run,
        _IB.strict,
        _IB.started_at,
        _IB.finished_at,
        _IB.rows_read,
        _IB.inserted,
        _IB.updated,
        _IB.unchanged,
        _IB.rejected,
    ),
    key=(_IB.uid,),
    filters={
        "forces": linked(_IB.force_id, force_ids),
        "statuses": one_of(_IB.status),
        "adapters": one_of(_IB.adapter),
    },
    orders={"STARTED_AT": _IB.started_at},
    default_order="STARTED_AT",
)

_IR = m.ImportReject

IMPORT_REJECT = Entity(
    name="ImportReject",
    table=_IR.__table__,
    pk=_IR.id,
    columns=(
        _IR.batch_id,
        _IR.file,
        _IR.line,
        _IR.path,
        _IR.field,
        _IR.value,
        _IR.code,
        _IR.message,
    ),
    key=(_IR.id,),
)

ENTITIES: dict[str, Entity] = {
    entity.name: entity
    for entity in (
        REGION,
        FORCE,
        CAPABILITY,
        OFFICER,
        OPERATION,
        LOCATION,
        MUTUAL_AID_REQUEST,
        COMMITMENT,
        PLANNING_UNIT,
        DUTY_UNIT,
        DEPLOYMENT,
        ACCOMMODATION_BOOKING,
        TRAVEL_BOOKING,
        IMPORT_BATCH,
    )
}

_OC = m.officer_capability.c
_members = m.PlanningUnitMember
_via_duty = aliased(m.DutyUnit, name="via_duty")
_via_unit = aliased(m.PlanningUnit, name="via_unit")
_via_commitment = aliased(m.Commitment, name="via_commitment")

RELATIONS: dict[str, Relation] = {
    "region.forces": Relation(FORCE, m.Force.region_id, order_by=(m.Force.code,)),
    "officer.capabilities": Relation(
        CAPABILITY,
        _OC.officer_id,
        via=((m.officer_capability, _OC.capability_id == m.Capability.id),),
        order_by=(m.Capability.code,),
    ),
    "officer.deployments": Relation(DEPLOYMENT, _D.officer_id, order_by=(_D.duty_date,)),
    "officer.planning_units": Relation(
        PLANNING_UNIT,
        _members.officer_id,
        via=((_members, _members.planning_unit_id == _PU.id),),
        order_by=(_PU.reference,),
    ),
    "operation.requests": Relation(MUTUAL_AID_REQUEST, _R.operation_id, order_by=(_R.reference,)),
    "operation.locations": Relation(LOCATION, m.Location.operation_id, order_by=(m.Location.code,)),
    "request.commitments": Relation(COMMITMENT, _C.request_id, order_by=(_C.sequence,)),
    "request.planning_units": Relation(
        PLANNING_UNIT,
        _via_commitment.request_id,
        via=((_via_commitment, _via_commitment.id == _PU.commitment_id),),
        order_by=(_PU.reference,),
    ),
    "request.deployments": Relation(
        DEPLOYMENT,
        _via_commitment.request_id,
        via=(
            (_via_unit, _via_unit.id == _deployed_duty.planning_unit_id),
            (_via_commitment, _via_commitment.id == _via_unit.commitment_id),
        ),
        order_by=(_D.duty_date,),
    ),
    "commitment.planning_units": Relation(
        PLANNING_UNIT, _PU.commitment_id, order_by=(_PU.reference,)
    ),
    "planning_unit.members": Relation(
        OFFICER,
        _members.planning_unit_id,
        via=((_members, _members.officer_id == m.Officer.id),),
        order_by=(m.Officer.service_number,),
        extra=(_members.role.label("member_role"),),
    ),
    "planning_unit.duty_units": Relation(
        DUTY_UNIT, _DU.planning_unit_id, order_by=(_DU.starts_at,)
    ),
    "planning_unit.accommodation": Relation(
        ACCOMMODATION_BOOKING, _AB.planning_unit_id, order_by=(_AB.check_in,)
    ),
    "planning_unit.travel": Relation(
        TRAVEL_BOOKING, _TB.planning_unit_id, order_by=(_TB.departs_at,)
    ),
    "duty_unit.deployments": Relation(
        DEPLOYMENT, _D.duty_unit_id, order_by=(_deployed_officer.service_number,)
    ),
    "location.duty_units": Relation(DUTY_UNIT, _DU.location_id, order_by=(_DU.starts_at,)),
    "import_batch.rejects": Relation(IMPORT_REJECT, _IR.batch_id, order_by=(_IR.line,)),
}
