"""The query and mutation contract of the standard: assembles the federation schema."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from graphql import GraphQLError, execute
from strawberry.extensions import ParserCache
from strawberry.federation import Schema
from strawberry.federation.schema import FederationAny
from strawberry.federation.schema_directives import Key
from strawberry.schema.config import StrawberryConfig
from strawberry.types import Info

from hub.errors import BadUserInput
from hub.schema.prefetch import prefetch
from hub.schema.query import Query
from hub.schema.relations import install_direct_resolvers
from hub.schema.subscription import Subscription
from hub.schema.workflow import Mutation
from hub.security.guard import AccessGuard
from hub.security.limits import OperationLimits
from hub.security.validation import DocumentValidation


class HubSchema(Schema):
    """The federation schema; errors are reported by the HTTP layer, which masks and logs them."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Leave error logging to the HTTP layer (it logs unexpected errors with an id)."""

    def _get_execute_function(self) -> Callable[..., Any]:
        """graphql-core's execution, giving no "Did you mean" hints (for variables' values)."""
        return functools.partial(execute, hide_suggestions=True)

    @functools.cached_property
    def entity_types(self) -> Mapping[str, tuple[Any, list[frozenset[str]]]]:
        """Each entity type's class and the field sets of its `@key`s, by type name."""
        found: dict[str, tuple[Any, list[frozenset[str]]]] = {}
        for name, converted in self.schema_converter.type_map.items():
            origin = getattr(converted.definition, "origin", None)
            directives = getattr(converted.definition, "directives", None) or ()
            keys = [frozenset(str(d.fields).split()) for d in directives if isinstance(d, Key)]
            if keys and hasattr(origin, "resolve_reference"):
                found[name] = (origin, keys)
        return found

    async def entities_resolver(  # type: ignore[override]
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        """`_entities`: each representation's record (or its coded error), resolved together,
        with what the query asks of them fetched before their fields are resolved."""
        pending = [self._entity(info, index, r) for index, r in enumerate(representations)]
        found = await asyncio.gather(*pending, return_exceptions=True)
        await prefetch(info, [r for r in found if r is not None and not isinstance(r, Exception)])
        return found  # type: ignore[return-value]

    async def _entity(self, info: Info, index: int, representation: object) -> Any:
        """One representation's record; INVALID_REPRESENTATION unless it names an entity type
        by exactly the fields of one of its keys, as strings."""
        if not isinstance(representation, dict):
            raise _invalid(index, "a representation must be an object")
        type_name = representation.get("__typename")
        entity = self.entity_types.get(type_name) if isinstance(type_name, str) else None
        if entity is None:
            raise _invalid(index, "`__typename` must name an entity type of this subgraph")
        origin, keys = entity
        key = {name: value for name, value in representation.items() if name != "__typename"}
        if frozenset(key) not in keys:
            accepted = " or ".join("{" + ", ".join(sorted(k)) + "}" for k in keys)
            raise _invalid(index, f"{type_name} representations take exactly {accepted}")
        if not all(isinstance(value, str) for value in key.values()):
            raise _invalid(index, "the key's values must be strings")
        result = origin.resolve_reference(info=info, **key)
        return await result if isinstance(result, Awaitable) else result


def _invalid(index: int, message: str) -> BadUserInput:
    return BadUserInput("INVALID_REPRESENTATION", message, argument=f"representations.{index}")


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
            DocumentValidation,
        ],
    )
    install_direct_resolvers(schema._schema)
    return schema


__all__ = ["HubSchema", "build_schema"]
