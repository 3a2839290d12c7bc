"""Root queries: pages of an entity, single records by natural key, and nodes by global id."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub.errors import BadUserInput
from hub.resolvers.catalog import ENTITIES
from hub.resolvers.context import RequestContext
from hub.resolvers.pagination import Order, Page, apply_filters, paginate
from hub.standard.ids import InvalidGlobalId, decode_id, is_opaque


def page_size(context: RequestContext, first: int | None) -> int:
    """The number of records to return: `first`, or the default; within the allowed range."""
    limit = context.settings.max_page_size
    size = context.settings.default_page_size if first is None else first
    if size < 0 or size > limit:
        raise BadUserInput(
            "PAGE_SIZE_EXCEEDED" if size > limit else "BAD_USER_INPUT",
            f"`first` must be between 0 and {limit}, not {size}",
            argument="first",
        )
    return size


async def page_of(
    context: RequestContext,
    type_name: str,
    *,
    filters: Mapping[str, Any],
    order: Order | None,
    first: int | None,
    after: str | None,
) -> Page:
    """One page of records of `type_name` matching the filters, in the given order."""
    entity = ENTITIES[type_name]
    return await paginate(
        context.reader,
        entity,
        filters=filters,
        order=order or Order(entity.default_order),
        first=page_size(context, first),
        after=after,
    )


async def by_key(context: RequestContext, type_name: str, *key: str) -> Any:
    """One record by its natural key, or None."""
    return await context.loaders.by_key(type_name, tuple(key))


async def node(context: RequestContext, global_id: str, expected_type: str | None = None) -> Any:
    """The record a global id names, or None when there is none, the id is not ours, or it
    names another type than `expected_type` (when given)."""
    try:
        type_name, key = decode_id(global_id)
    except InvalidGlobalId:
        return None
    if type_name not in ENTITIES or expected_type not in (None, type_name):
        return None
    if ENTITIES[type_name].gid is not None:  # a personal record: by its opaque id only
        return await context.loaders.by_gid(type_name, global_id) if is_opaque(key) else None
    return await context.loaders.by_key(type_name, key)


async def rows_of(context: RequestContext, type_name: str, filters: Mapping[str, Any]) -> Any:
    """Every record of a small list (forces, regions, capabilities) in its default order."""
    entity = ENTITIES[type_name]
    stmt = apply_filters(entity.select(), entity, filters)
    return await context.reader.rows(stmt.order_by(entity.orders[entity.default_order]))
