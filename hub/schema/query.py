"""The root Query: every list, look-up and node of the standard, in one graph."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from hub.errors import BadUserInput
from hub.resolvers import queries
from hub.schema import filters as f
from hub.schema import orders as o
from hub.schema.audit import AuditFilterArgument, AuditRecord, audit_log
from hub.schema.base import Connection, HubInfo, Node, filters_of, order_of
from hub.schema.capacity import CapacityQuery
from hub.schema.costs import CostsQuery
from hub.schema.deployment import Deployment
from hub.schema.forecast import ForecastQuery
from hub.schema.location import Location
from hub.schema.logistics import AccommodationBooking, TravelBooking
from hub.schema.officer import Officer
from hub.schema.operation import Operation
from hub.schema.prefetch import prefetch, prefetch_page
from hub.schema.provenance import ImportBatch
from hub.schema.reference import Capability, Force, Rank, Region, all_ranks
from hub.schema.request import MutualAidRequest
from hub.schema.stats import StatsQuery
from hub.schema.units import DutyUnit, PlanningUnit
from hub.schema.workflow_query import WorkflowQuery
from hub.security.policy import disclose_matches, scoped_filters, visible_record

First = Annotated[
    int | None,
    strawberry.argument(description="Page size (default 20, at most the configured limit)."),
]
After = Annotated[
    str | None, strawberry.argument(description="Cursor after which the page starts.")
]
Code = Annotated[str, strawberry.argument(description="The record's code.")]
Reference = Annotated[str, strawberry.argument(description="The record's reference.")]


async def _page(
    info: HubInfo, type_name: str, filter_: Any, order: Any, first: int | None, after: str | None
) -> Any:
    security = info.context.security
    sort = None if order is None else order_of(order.field, order.direction)
    page = await queries.page_of(
        info.context,
        type_name,
        filters=scoped_filters(
            security, type_name, filters_of(filter_), sort.field if sort else None
        ),
        order=sort,
        first=first,
        after=after,
    )
    disclose_matches(security, page.rows)
    await prefetch_page(info, page.rows)
    return Connection(page=page)


async def _by_key(info: HubInfo, type_name: str, *key: str) -> Any:
    """One record by its natural key (or None), with what the query asks of it."""
    found = await queries.by_key(info.context, type_name, *key)
    if found is not None:
        await prefetch(info, [found])
    return found


async def _listed(info: HubInfo, type_name: str, filters: dict[str, Any]) -> Any:
    """Every record of a small list, with what the query asks of them."""
    rows = await queries.rows_of(info.context, type_name, filters)
    await prefetch(info, rows)
    return rows


async def _visible_node(info: HubInfo, global_id: str) -> Any:
    """The record of a global id, or None: also for an officer the principal may not see."""
    found = await queries.node(info.context, global_id)
    return await visible_record(info.context.security, found)


@strawberry.type(description="Everything the hub can be asked, in one graph.")
class Query(StatsQuery, CostsQuery, ForecastQuery, WorkflowQuery, CapacityQuery):
    """Root of all queries: the standard's records, and management information."""

    @strawberry.field(description="The record with this global id, or null.")
    async def node(
        self, info: HubInfo, id: Annotated[strawberry.ID, strawberry.argument(description="Id.")]
    ) -> Node | None:
        result: Node | None = await _visible_node(info, id)
        if result is not None:
            await prefetch(info, [result])
        return result

    @strawberry.field(description="The records with these global ids (null where none), in order.")
    async def nodes(
        self,
        info: HubInfo,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global ids.")],
    ) -> list[Node | None]:
        import asyncio

        limit = info.context.settings.max_page_size
        if len(ids) > limit:  # as many as a page holds, like `first`
            raise BadUserInput(
                "PAGE_SIZE_EXCEEDED", f"give at most {limit} ids, not {len(ids)}", argument="ids"
            )
        found = await asyncio.gather(*(_visible_node(info, id) for id in ids))
        await prefetch(info, [row for row in found if row is not None])
        return list(found)  # type: ignore[arg-type]

    @strawberry.field(description="Every UK police force, by code.")
    async def forces(
        self,
        info: HubInfo,
        filter: Annotated[
            f.ForceFilter | None, strawberry.argument(description="Which forces.")
        ] = None,
    ) -> list[Force]:
        result: list[Force] = await _listed(info, "Force", filters_of(filter))
        return result

    @strawberry.field(description="The force with this code, or null.")
    async def force(self, info: HubInfo, code: Code) -> Force | None:
        result: Force | None = await _by_key(info, "Force", code)
        return result

    @strawberry.field(description="The coordination regions, by code.")
    async def regions(self, info: HubInfo) -> list[Region]:
        result: list[Region] = await _listed(info, "Region", {})
        return result

    @strawberry.field(description="The capabilities of the standard's code list, by code.")
    async def capabilities(self, info: HubInfo) -> list[Capability]:
        result: list[Capability] = await _listed(info, "Capability", {})
        return result

    @strawberry.field(description="The ranks of the standard's code list, by seniority.")
    def ranks(self) -> list[Rank]:
        return all_ranks()

    @strawberry.field(description="Officers, a page at a time.")
    async def officers(
        self,
        info: HubInfo,
        filter: Annotated[f.OfficerFilter | None, strawberry.argument(description="Which.")] = None,
        order_by: Annotated[
            o.OfficerOrder | None, strawberry.argument(description="Order.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Officer]:
        result: Connection[Officer] = await _page(info, "Officer", filter, order_by, first, after)
        return result

    @strawberry.field(description="The officer of this force with this service number, or null.")
    async def officer(
        self,
        info: HubInfo,
        force: Annotated[str, strawberry.argument(description="The force's code.")],
        service_number: Annotated[str, strawberry.argument(description="Service number.")],
    ) -> Officer | None:
        found = await queries.by_key(info.context, "Officer", force, service_number)
        result: Officer | None = await visible_record(info.context.security, found)
        if result is not None:
            await prefetch(info, [result])
        return result

    @strawberry.field(description="Operations, a page at a time.")
    async def operations(
        self,
        info: HubInfo,
        filter: Annotated[
            f.OperationFilter | None, strawberry.argument(description="Which.")
        ] = None,
        order_by: Annotated[
            o.OperationOrder | None, strawberry.argument(description="Order.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Operation]:
        result: Connection[Operation] = await _page(
            info, "Operation", filter, order_by, first, after
        )
        return result

    @strawberry.field(description="The operation with this code, or null.")
    async def operation(self, info: HubInfo, code: Code) -> Operation | None:
        result: Operation | None = await _by_key(info, "Operation", code)
        return result

    @strawberry.field(description="Mutual aid requests, a page at a time.")
    async def mutual_aid_requests(
        self,
        info: HubInfo,
        filter: Annotated[
            f.MutualAidRequestFilter | None, strawberry.argument(description="Which.")
        ] = None,
        order_by: Annotated[
            o.MutualAidRequestOrder | None, strawberry.argument(description="Order.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[MutualAidRequest]:
        result: Connection[MutualAidRequest] = await _page(
            info, "MutualAidRequest", filter, order_by, first, after
        )
        return result

    @strawberry.field(description="The mutual aid request with this reference, or null.")
    async def mutual_aid_request(
        self, info: HubInfo, reference: Reference
    ) -> MutualAidRequest | None:
        result: MutualAidRequest | None = await _by_key(info, "MutualAidRequest", reference)
        return result

    @strawberry.field(description="Planning units, a page at a time.")
    async def planning_units(
        self,
        info: HubInfo,
        filter: Annotated[
            f.PlanningUnitFilter | None, strawberry.argument(description="Which.")
        ] = None,
        order_by: Annotated[
            o.PlanningUnitOrder | None, strawberry.argument(description="Order.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[PlanningUnit]:
        result: Connection[PlanningUnit] = await _page(
            info, "PlanningUnit", filter, order_by, first, after
        )
        return result

    @strawberry.field(description="Duty units (shifts), a page at a time.")
    async def duty_units(
        self,
        info: HubInfo,
        filter: Annotated[
            f.DutyUnitFilter | None, strawberry.argument(description="Which.")
        ] = None,
        order_by: Annotated[
            o.DutyUnitOrder | None, strawberry.argument(description="Order.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[DutyUnit]:
        result: Connection[DutyUnit] = await _page(info, "DutyUnit", filter, order_by, first, after)
        return result

    @strawberry.field(description="Deployments (officer duty-days), a page at a time.")
    async def deployments(
        self,
        info: HubInfo,
        filter: Annotated[
            f.DeploymentFilter | None, strawberry.argument(description="Which.")
        ] = None,
        order_by: Annotated[
            o.DeploymentOrder | None, strawberry.argument(description="Order.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Deployment]:
        result: Connection[Deployment] = await _page(
            info, "Deployment", filter, order_by, first, after
        )
        return result

    @strawberry.field(description="Locations, a page at a time.")
    async def locations(
        self,
        info: HubInfo,
        filter: Annotated[
            f.LocationFilter | None, strawberry.argument(description="Which.")
        ] = None,
        order_by: Annotated[
            o.LocationOrder | None, strawberry.argument(description="Order.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Location]:
        result: Connection[Location] = await _page(info, "Location", filter, order_by, first, after)
        return result

    @strawberry.field(description="The location with this code, or null.")
    async def location(self, info: HubInfo, code: Code) -> Location | None:
        result: Location | None = await _by_key(info, "Location", code)
        return result

    @strawberry.field(description="Accommodation bookings, a page at a time.")
    async def accommodation_bookings(
        self,
        info: HubInfo,
        filter: Annotated[
            f.AccommodationBookingFilter | None, strawberry.argument(description="Which.")
        ] = None,
        order_by: Annotated[
            o.AccommodationBookingOrder | None, strawberry.argument(description="Order.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[AccommodationBooking]:
        result: Connection[AccommodationBooking] = await _page(
            info, "AccommodationBooking", filter, order_by, first, after
        )
        return result

    @strawberry.field(description="Travel bookings, a page at a time.")
    async def travel_bookings(
        self,
        info: HubInfo,
        filter: Annotated[
            f.TravelBookingFilter | None, strawberry.argument(description="Which.")
        ] = None,
        order_by: Annotated[
            o.TravelBookingOrder | None, strawberry.argument(description="Order.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[TravelBooking]:
        result: Connection[TravelBooking] = await _page(
            info, "TravelBooking", filter, order_by, first, after
        )
        return result

    @strawberry.field(description="Import batches, a page at a time, newest last.")
    async def import_batches(
        self,
        info: HubInfo,
        filter: Annotated[
            f.ImportBatchFilter | None, strawberry.argument(description="Which.")
        ] = None,
        order_by: Annotated[
            o.ImportBatchOrder | None, strawberry.argument(description="Order.")
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[ImportBatch]:
        result: Connection[ImportBatch] = await _page(
            info, "ImportBatch", filter, order_by, first, after
        )
        return result

    @strawberry.field(
        description="The read-access audit log, newest first (national coordinators only)."
    )
    async def audit_log(
        self,
        info: HubInfo,
        filter: AuditFilterArgument = None,
        first: First = None,
        after: After = None,
    ) -> Connection[AuditRecord]:
        result: Connection[AuditRecord] = await audit_log(info, filter, first, after)
        return result
