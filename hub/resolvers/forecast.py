"""What forecasts read from the store: demand per capability, and operations' demand.

Demand counts requests that were raised and not withdrawn (neither DRAFT nor CANCELLED), in
officers: a request's `officers` is its quantity times its unit's officer equivalent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select

from hub.forecast import Demand, DemandRow, PastOperation
from hub.resolvers.aggregates import OPEN_REQUESTS
from hub.resolvers.reader import Reader
from hub.store import models as m

_R, _C, _O = m.MutualAidRequest, m.Capability, m.Operation
#: Officers a day a request asks for.
_OFFICERS = _R.officers


async def capability_id(reader: Reader, code: str) -> int | None:
    """The primary key of the capability with this code, or None."""
    rows = await reader.rows(select(_C.id).where(_C.code == code))
    return int(rows[0].id) if rows else None


async def capability_demand(
    reader: Reader, capability: int, excluded: Sequence[str] = ()
) -> list[DemandRow]:
    """Requests for one capability grouped by their days (one row per distinct pair), leaving
    out those of the operations whose codes are `excluded`."""
    stmt = (
        select(
            _R.starts_on,
            _R.ends_on,
            func.count().label("requests"),
            func.sum(_OFFICERS).label("officers"),
        )
        .where(_R.capability_id == capability, OPEN_REQUESTS)
        .group_by(_R.starts_on, _R.ends_on)
    )
    if excluded:
        left_out = select(_O.id).where(_O.code.in_(list(excluded)))
        stmt = stmt.where(or_(_R.operation_id.is_(None), _R.operation_id.not_in(left_out)))
    return [
        DemandRow(row.starts_on, row.ends_on, int(row.requests), int(row.officers))
        for row in await reader.rows(stmt)
    ]


def _operation(row: Any, demand: Sequence[Demand] = ()) -> PastOperation:
    return PastOperation(
        row.code, row.name, row.description, row.starts_on, row.ends_on, tuple(demand)
    )


async def operation(reader: Reader, code: str) -> PastOperation | None:
    """The operation with this code, without its demand, or None."""
    rows = await reader.rows(
        select(_O.code, _O.name, _O.description, _O.starts_on, _O.ends_on).where(_O.code == code)
    )
    return _operation(rows[0]) if rows else None


async def operations_with_demand(reader: Reader, before: date | None) -> list[PastOperation]:
    """Every operation that starts before `before` (all when None) with its requests' demand
    by capability and days."""
    ops = select(_O.id, _O.code, _O.name, _O.description, _O.starts_on, _O.ends_on)
    if before is not None:
        ops = ops.where(_O.starts_on < before)
    demand = (
        select(
            _R.operation_id,
            _C.code.label("capability"),
            _R.starts_on,
            _R.ends_on,
            func.sum(_OFFICERS).label("officers"),
        )
        .join(_C, _C.id == _R.capability_id)
        .where(_R.operation_id.in_(ops.with_only_columns(_O.id)), OPEN_REQUESTS)
        .group_by(_R.operation_id, _C.code, _R.starts_on, _R.ends_on)
    )
    by_operation: dict[int, list[Demand]] = {}
    for row in await reader.rows(demand):
        by_operation.setdefault(row.operation_id, []).append(
            Demand(row.capability, row.starts_on, row.ends_on, int(row.officers))
        )
    return [
        _operation(row, by_operation.get(row.id, ()))
        for row in await reader.rows(ops.order_by(_O.starts_on, _O.code))
    ]


async def capabilities_with_demand(reader: Reader) -> list[tuple[str, int]]:
    """(code, primary key) of every capability that requests counted as demand ask for."""
    stmt = (
        select(_C.code, _C.id)
        .where(select(_R.id).where(_R.capability_id == _C.id, OPEN_REQUESTS).exists())
        .order_by(_C.code)
    )
    return [(row.code, int(row.id)) for row in await reader.rows(stmt)]
