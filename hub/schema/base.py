"""Building blocks of the graph: the Node interface, connections, ranges and row-backed types.

Objects of the graph are database rows (see `hub.resolvers.catalog`): scalar fields are plain
attribute reads, and each type knows its rows by their `typename` column.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry.federation import type as federation_type
from strawberry.types import Info

from hub.resolvers import queries
from hub.resolvers.context import RequestContext
from hub.resolvers.pagination import Order, Page
from hub.resolvers.queries import page_size
from hub.standard.ids import encode_id

T = TypeVar("T")
LimitArgument = Annotated[
    int, strawberry.argument(description="At most this many records (up to the page size limit).")
]
HubInfo = Info[RequestContext, None]


def is_row_of(name: str) -> Callable[[Any, Any], bool]:
    """An `is_type_of` that recognises the rows of one entity by their `typename` column."""

    def check(obj: Any, _info: Any) -> bool:
        return getattr(obj, "typename", None) == name

    return check


def global_id(type_name: str, *key: object) -> strawberry.ID:
    """The global id of a record of `type_name` with this natural key."""
    return strawberry.ID(encode_id(type_name, *key))


@strawberry.interface(description="A record with a global id, fetchable with `node(id:)`.")
class Node:
    """Relay's Node interface: every record of the standard implements it."""

    id: strawberry.ID = strawberry.field(
        description="Global id: stable across re-imports, databases and hub instances."
    )


# Shareable: partners' subgraphs that page the Relay way define the same PageInfo.
@federation_type(
    shareable=True, description="Where a page sits in the whole list, for fetching the next one."
)
class PageInfo:
    """Relay page information."""

    has_next_page: bool = strawberry.field(description="Whether records follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether records precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first record here.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last record here: pass it as `after` for the next page."
    )


@strawberry.type(description="A record in a page, with the cursor that points at it.")
class Edge(Generic[T]):
    """One edge of a connection."""

    cursor: str = strawberry.field(description="Opaque cursor of this record.")
    node: T = strawberry.field(description="The record.")


@strawberry.type(description="A page of records, with cursors and the total number of matches.")
class Connection(Generic[T]):
    """A Relay connection over one page of database rows."""

    page: strawberry.Private[Page]

    @strawberry.field(description="The records of this page, each with its cursor.")
    def edges(self) -> list[Edge[T]]:
        cursor = self.page.cursor
        return [Edge(cursor=cursor(row), node=row) for row in self.page.rows]  # type: ignore[arg-type]

    @strawberry.field(description="The records of this page, without cursors.")
    def nodes(self) -> list[T]:
        return list(self.page.rows)  # type: ignore[arg-type]

    @strawberry.field(description="Where this page sits in the whole list.")
    def page_info(self) -> PageInfo:
        rows = self.page.rows
        return PageInfo(
            has_next_page=self.page.has_next_page,
            has_previous_page=self.page.has_previous_page,
            start_cursor=self.page.cursor(rows[0]) if rows else None,
            end_cursor=self.page.cursor(rows[-1]) if rows else None,
        )

    @strawberry.field(description="How many records match the filter, over all pages.")
    async def total_count(self) -> int:
        return await self.page.count()


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    """Ascending or descending."""

    ASC = strawberry.enum_value("ASC", description="Smallest, earliest or A first.")
    DESC = strawberry.enum_value("DESC", description="Largest, latest or Z first.")


def order_of(field: Enum | None, direction: OrderDirection) -> Order | None:
    """The resolvers' ordering for a GraphQL order input (None: the entity's default)."""
    if field is None:
        return None
    return Order(str(field.value), descending=direction is OrderDirection.DESC)


@strawberry.input(description="A range of dates; either end may be left open. Both inclusive.")
class DateRange:
    """Dates from `start` to `end`."""

    start: date | None = strawberry.field(default=None, description="First date, inclusive.")
    end: date | None = strawberry.field(default=None, description="Last date, inclusive.")


@strawberry.input(description="A range of times; either end may be left open. Both inclusive.")
class DateTimeRange:
    """Times from `start` to `end` (with a timezone)."""

    start: datetime | None = strawberry.field(default=None, description="Earliest, inclusive.")
    end: datetime | None = strawberry.field(default=None, description="Latest, inclusive.")


def filters_of(filter_input: object | None) -> dict[str, Any]:
    """The values a filter input was given, by field name (the resolvers' filter names)."""
    if filter_input is None:
        return {}
    return {key: value for key, value in vars(filter_input).items() if value is not None}


async def one(info: HubInfo, type_name: str, pk: int | None) -> Any:
    """Load the record of `type_name` with primary key `pk` through the request's loader."""
    return await info.context.loaders.one(type_name, pk)


async def many(info: HubInfo, relation: str, parent: int, limit: int | None = None) -> Any:
    """Load the children of a record through a to-many relationship's loader, at most `limit`."""
    if limit is not None:
        limit = page_size(info.context, limit)
    return await info.context.loaders.many(relation, parent, limit)


async def reference(info: HubInfo, type_name: str, global_id: str | None, **key: Any) -> Any:
    """A federation entity from its representation: by global id, or by its natural key."""
    if global_id is not None:
        return await queries.node(info.context, global_id, expected_type=type_name)
    return await info.context.loaders.by_key(type_name, tuple(str(v) for v in key.values()))
