"""The query and mutation contract of the standard: assembles the federation schema."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.federation import Schema
from strawberry.federation.schema import FederationAny
from strawberry.schema.config import StrawberryConfig
from strawberry.types import Info

from hub.schema.prefetch import prefetch
from hub.schema.query import Query
from hub.schema.relations import install_direct_resolvers
from hub.schema.subscription import Subscription
from hub.schema.workflow import Mutation
from hub.security.guard import AccessGuard
from hub.security.limits import OperationLimits


class HubSchema(Schema):
    """The federation schema; errors are reported by the HTTP layer, which masks and logs them."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Leave error logging to the HTTP layer (it logs unexpected errors with an id)."""

    async def entities_resolver(  # type: ignore[override]
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        """`_entities`: each representation's record (or its error), resolved together, with
        what the query asks of them fetched before their fields are resolved."""
        results = super().entities_resolver(info, representations)
        pending = [r if isinstance(r, Awaitable) else _ready(r) for r in results]
        found = await asyncio.gather(*pending, return_exceptions=True)
        await prefetch(info, [r for r in found if r is not None and not isinstance(r, Exception)])
        return found  # type: ignore[return-value]


async def _ready(value: Any) -> Any:
    return value


def build_schema() -> HubSchema:
    """The hub's schema: an Apollo Federation v2 subgraph of the national graph."""
    schema = HubSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        federation_version="2.7",
        config=StrawberryConfig(disable_field_suggestions=True),
        # The limits run first: they refuse a document before it is parsed, cached or validated.
        extensions=[
            OperationLimits,
            AccessGuard,
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
        ],
    )
    install_direct_resolvers(schema._schema)
    return schema


__all__ = ["HubSchema", "build_schema"]
