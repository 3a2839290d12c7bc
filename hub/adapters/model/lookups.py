"""The FROM clause and owner force code of each entity's look-up statement (`EntitySpec.lookup`):
SQLAlchemy and the store's models, loaded only by the write stage that runs them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, func, null
from sqlalchemy.orm import aliased

from hub.store import models as m

# (FROM clause joining the table to its owner's force, owner force code expression)
Lookup = tuple[Any, Any]


def _t(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _force_lookup() -> Lookup:
    return _t(m.Force), m.Force.code


def _operation_lookup() -> Lookup:
    lead = aliased(m.Force)
    return _t(m.Operation).join(lead, m.Operation.lead_force_id == lead.id), lead.code


def _location_lookup() -> Lookup:
    return _t(m.Location), null()


def _officer_lookup() -> Lookup:
    return _t(m.Officer).join(_t(m.Force), m.Officer.force_id == m.Force.id), m.Force.code


def _request_lookup() -> Lookup:
    joined = _t(m.MutualAidRequest).join(
        _t(m.Force), m.MutualAidRequest.requesting_force_id == m.Force.id
    )
    return joined, m.Force.code


def _commitment_lookup() -> Lookup:
    joined = _t(m.Commitment).join(_t(m.Force), m.Commitment.providing_force_id == m.Force.id)
    return joined, m.Force.code


def _unit_lookup() -> Lookup:
    return _t(m.PlanningUnit).join(_t(m.Force), m.PlanningUnit.force_id == m.Force.id), m.Force.code


def _unit_owned(model: Any) -> Lookup:
    joined = (
        _t(model)
        .join(_t(m.PlanningUnit), model.planning_unit_id == m.PlanningUnit.id)
        .join(_t(m.Force), m.PlanningUnit.force_id == m.Force.id)
    )
    return joined, m.Force.code


def _member_lookup() -> Lookup:
    return _unit_owned(m.PlanningUnitMember)


def _duty_lookup() -> Lookup:
    return _unit_owned(m.DutyUnit)


def _deployment_lookup() -> Lookup:
    joined = (
        _t(m.Deployment)
        .join(_t(m.Officer), m.Deployment.officer_id == m.Officer.id)
        .join(_t(m.Force), m.Officer.force_id == m.Force.id)
    )
    return joined, m.Force.code


def _holder_lookup(model: Any) -> Lookup:
    unit_force, officer_force = aliased(m.Force), aliased(m.Force)
    joined = (
        _t(model)
        .outerjoin(_t(m.PlanningUnit), model.planning_unit_id == m.PlanningUnit.id)
        .outerjoin(unit_force, m.PlanningUnit.force_id == unit_force.id)
        .outerjoin(_t(m.Officer), model.officer_id == m.Officer.id)
        .outerjoin(officer_force, m.Officer.force_id == officer_force.id)
    )
    return joined, func.coalesce(unit_force.code, officer_force.code)


def _accommodation_lookup() -> Lookup:
    return _holder_lookup(m.AccommodationBooking)


def _travel_lookup() -> Lookup:
    return _holder_lookup(m.TravelBooking)
