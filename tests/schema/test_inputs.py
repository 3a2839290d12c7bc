"""The schema's filter and order inputs name only what the resolvers know how to do."""

from __future__ import annotations

import dataclasses

import pytest

from hub.resolvers.catalog import ENTITIES
from hub.schema import filters, orders

PAIRS = [
    (filters.OfficerFilter, orders.OfficerOrderField, "Officer"),
    (filters.OperationFilter, orders.OperationOrderField, "Operation"),
    (filters.LocationFilter, orders.LocationOrderField, "Location"),
    (filters.MutualAidRequestFilter, orders.MutualAidRequestOrderField, "MutualAidRequest"),
    (filters.PlanningUnitFilter, orders.PlanningUnitOrderField, "PlanningUnit"),
    (filters.DutyUnitFilter, orders.DutyUnitOrderField, "DutyUnit"),
    (filters.DeploymentFilter, orders.DeploymentOrderField, "Deployment"),
    (
        filters.AccommodationBookingFilter,
        orders.AccommodationBookingOrderField,
        "AccommodationBooking",
    ),
    (filters.TravelBookingFilter, orders.TravelBookingOrderField, "TravelBooking"),
    (filters.ImportBatchFilter, orders.ImportBatchOrderField, "ImportBatch"),
    (filters.ForceFilter, None, "Force"),
]


@pytest.mark.parametrize(("filter_input", "order_enum", "type_name"), PAIRS)
def test_every_filter_and_order_field_has_sql_behind_it(
    filter_input: type, order_enum: type | None, type_name: str
) -> None:
    entity = ENTITIES[type_name]
    names = {field.name for field in dataclasses.fields(filter_input)}
    assert names == set(entity.filters)
    if order_enum is not None:
        assert {member.value for member in order_enum} == set(entity.orders)
        assert entity.default_order in entity.orders
