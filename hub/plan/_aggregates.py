"""Management information on the compiled path: the aggregate's own statement, as JSON.

The statement of each figure is built where the general path builds it
(`hub/resolvers/aggregates.py`): the compiler calls the same function with a reader that only
keeps the statement it is handed, and with the filter's values as placeholders (see
`_filters`). Its rows become a JSON array in the statement's own order; grouping keys that
are records (a force, a location) are looked up as relations to one record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from graphql import EnumValueNode, FieldNode, GraphQLEnumType, ListValueNode
from sqlalchemy import Select, func

from hub.plan._model import Decline
from hub.resolvers import aggregates

#: Root fields of the management information: (statement builder, whether it takes groupBy).
AGGREGATES: dict[str, tuple[Callable[..., Any], bool]] = {
    "officerDutyDays": (aggregates.duty_days, True),
    "requestFillRates": (aggregates.fill_rates, True),
    "requestCounts": (aggregates.request_counts, True),
    "mutualAidBalance": (aggregates.mutual_aid_balance, False),
    "accommodationOccupancy": (aggregates.occupancy, False),
}


#: Fields of a figure's row computed from its columns (SQL over the row's alias).
DERIVED: dict[tuple[str, str], Callable[[str], str]] = {
    ("ForceBalance", "net"): lambda row: f"({row}.given - {row}.received)",
}


class _Keeper:
    """A reader that keeps the one statement it is asked to run, and returns no rows."""

    def __init__(self) -> None:
        self.statements: list[Any] = []

    async def rows(self, statement: Any, parameters: Any = None) -> list[Any]:
        if parameters:
            raise Decline("an aggregate with parameters of its own")
        self.statements.append(statement)
        return []


def statement_of(name: str, group_by: Sequence[str], filters: dict[str, Any]) -> Select[Any]:
    """The statement the general path runs for aggregate `name`, numbered in its order (`rn`)."""
    build, grouped = AGGREGATES[name]
    keeper = _Keeper()
    call = build(keeper, group_by, filters) if grouped else build(keeper, filters)
    try:
        call.send(None)
    except StopIteration:
        pass
    else:
        call.close()
        raise Decline(f"{name} awaits more than its statement")
    if len(keeper.statements) != 1 or not isinstance(keeper.statements[0], Select):
        raise Decline(f"{name} runs other than one select")
    stmt: Select[Any] = keeper.statements[0]
    # The order the general path returns the rows in (its ORDER BY, on grouping keys).
    order = list(stmt._order_by_clauses)
    return stmt.add_columns(func.row_number().over(order_by=order).label("rn_"))


def group_by_of(node: FieldNode, enum_type: Any) -> list[str]:
    """The dimensions of a constant `groupBy` (their internal values), first mention first."""
    value = next((a.value for a in node.arguments or () if a.name.value == "groupBy"), None)
    if value is None:
        raise Decline("an aggregate without groupBy")
    items = value.values if isinstance(value, ListValueNode) else (value,)
    if not isinstance(enum_type, GraphQLEnumType) or any(
        not isinstance(item, EnumValueNode) for item in items
    ):
        raise Decline("a groupBy from a variable")
    names: list[str] = []
    for item in items:
        assert isinstance(item, EnumValueNode)
        internal = enum_type.values[item.value].value
        dimension = str(getattr(internal, "value", internal))
        if dimension not in names:
            names.append(dimension)
    return names
