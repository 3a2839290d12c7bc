"""Reference data of the standard: regions, forces, capabilities and ranks."""

from __future__ import annotations

import functools
from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry.federation import type as entity_type

from hub.schema.base import HubInfo, Node, global_id, is_row_of, reference
from hub.schema.relations import to_many, to_one
from hub.standard import load_vocabulary


@entity_type(keys=["id", "code"], description="A coordination region: RICC, Scotland or NI.")
class Region(Node):
    """A region of forces that coordinate mutual aid together."""

    is_type_of = staticmethod(is_row_of("Region"))
    pk: strawberry.Private[int]
    code: str = strawberry.field(description="Stable code of the region, e.g. `north-west`.")
    label: str = strawberry.field(description="Name of the region.")
    description: str = strawberry.field(description="What the region covers.")
    country: str = strawberry.field(description="Country the region lies in.")
    effective_from: date = strawberry.field(description="First day the region is in force.")
    effective_to: date | None = strawberry.field(description="Last day, when it has ended.")

    @strawberry.field(description="Global id of the region.")
    def id(self) -> strawberry.ID:
        return global_id("Region", self.code)

    forces: list[Force] = to_many("region.forces", "Forces in the region, by code.")

    @classmethod
    async def resolve_reference(
        cls, info: HubInfo, id: strawberry.ID | None = None, code: str | None = None
    ) -> Any:
        return await reference(info, "Region", id, code=code)


@entity_type(keys=["id", "code"], description="A UK police force.")
class Force(Node):
    """One of the 48 forces of the UK, with the codes other systems know it by."""

    is_type_of = staticmethod(is_row_of("Force"))
    pk: strawberry.Private[int]
    region_id: strawberry.Private[int]
    code: str = strawberry.field(
        description="Stable code: the data.police.uk id where there is one, e.g. `metropolitan`."
    )
    name: str = strawberry.field(description="Full name, e.g. `Greater Manchester Police`.")
    short_name: str = strawberry.field(description="Short name, e.g. `Greater Manchester`.")
    kind: str = strawberry.field(description="`territorial` or `national` (BTP, CNC, MDP).")
    country: str = strawberry.field(description="Country whose law the force polices under.")
    police_uk_id: str | None = strawberry.field(description="Force id on data.police.uk.")
    ons_pfa_code: str | None = strawberry.field(
        description="ONS Police Force Area code (E23…, W15…), where the force has one."
    )
    officer_strength_fte: int | None = strawberry.field(
        description="Officers (full-time equivalent) in the latest published figures."
    )
    aliases: list[str] = strawberry.field(description="Other names seen for the force.")

    @strawberry.field(description="Global id of the force.")
    def id(self) -> strawberry.ID:
        return global_id("Force", self.code)

    region: Region = to_one(
        "Region", "region_id", "The region the force coordinates mutual aid in."
    )

    @classmethod
    async def resolve_reference(
        cls, info: HubInfo, id: strawberry.ID | None = None, code: str | None = None
    ) -> Any:
        return await reference(info, "Force", id, code=code)


@entity_type(keys=["id", "code"], description="A capability that mutual aid can ask for.")
class Capability(Node):
    """A skill or unit type, e.g. level 2 public order (PSU) or an armed response vehicle."""

    is_type_of = staticmethod(is_row_of("Capability"))
    pk: strawberry.Private[int]
    code: str = strawberry.field(description="Stable code, e.g. `PUBLIC_ORDER_L2`.")
    label: str = strawberry.field(description="Name of the capability.")
    description: str = strawberry.field(description="What officers with it can do.")
    category: str = strawberry.field(description="Family of capabilities it belongs to.")

    @strawberry.field(description="Global id of the capability.")
    def id(self) -> strawberry.ID:
        return global_id("Capability", self.code)

    @classmethod
    async def resolve_reference(
        cls, info: HubInfo, id: strawberry.ID | None = None, code: str | None = None
    ) -> Any:
        return await reference(info, "Capability", id, code=code)


@strawberry.type(description="A police rank, from the standard's code list.")
class Rank:
    """A rank; forces' own spellings resolve to it through its synonyms."""

    code: str = strawberry.field(description="Stable code, e.g. `SGT`.")
    label: str = strawberry.field(description="Name of the rank.")
    description: str = strawberry.field(description="What the rank is.")
    seniority: int = strawberry.field(description="Order of seniority; constable is lowest.")
    synonyms: list[str] = strawberry.field(description="Spellings that resolve to this rank.")


@functools.cache
def _ranks() -> dict[str, Rank]:
    return {
        rank.code: Rank(
            code=rank.code,
            label=rank.label,
            description=rank.description,
            seniority=rank.seniority,
            synonyms=list(rank.synonyms),
        )
        for rank in sorted(load_vocabulary().ranks, key=lambda rank: rank.seniority)
    }


def rank_of(code: str) -> Rank | None:
    """The Rank for a rank code."""
    return _ranks().get(code)


def all_ranks() -> list[Rank]:
    """Every rank of the code list, in order of seniority."""
    return list(_ranks().values())


CodeArgument = Annotated[str, strawberry.argument(description="The record's code.")]
