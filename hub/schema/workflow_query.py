"""Questions about the workflow's rules: the units a request counts in, and roster conflicts."""

from __future__ import annotations

import functools

import strawberry

from hub.standard.codelists import load_vocabulary


@strawberry.type(description="A unit a request's quantity counts, from the standard's code list.")
class ResourceUnit:
    """A resource unit and its officer equivalent (`resource-units.csv`)."""

    code: str = strawberry.field(description="Stable code, e.g. `PSU`.")
    label: str = strawberry.field(description="Name of the unit.")
    description: str = strawberry.field(description="What the unit is.")
    officers: int = strawberry.field(description="Officer equivalent: officers one unit sends.")
    composition: str = strawberry.field(description="Who they are, e.g. 1 inspector, 3 sergeants.")
    source: str = strawberry.field(description="Where the composition comes from.")
    synonyms: list[str] = strawberry.field(description="Names that resolve to this unit.")


@functools.cache
def _units() -> tuple[ResourceUnit, ...]:
    return tuple(
        ResourceUnit(
            code=unit.code,
            label=unit.label,
            description=unit.description,
            officers=unit.officers,
            composition=unit.composition,
            source=unit.source,
            synonyms=list(unit.synonyms),
        )
        for unit in load_vocabulary().resource_units
    )


@strawberry.type(description="Questions about requests' units and rosters' rules.")
class WorkflowQuery:
    """Mixed into the root Query."""

    @strawberry.field(description="The resource units of the standard's code list, in its order.")
    def resource_units(self) -> list[ResourceUnit]:
        return list(_units())
