"""Questions about the workflow's rules: the units a request counts in, and roster conflicts."""

from __future__ import annotations

import functools
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from hub.domain.roster import ConflictKind
from hub.resolvers.workflow_roster import operation_conflicts
from hub.schema.base import HubInfo
from hub.schema.relations import to_one
from hub.security.principal import Role
from hub.standard.codelists import load_vocabulary

if TYPE_CHECKING:
    from hub.schema.officer import Officer
    from hub.schema.units import DutyUnit

OfficerRef = Annotated["Officer", strawberry.lazy("hub.schema.officer")]
DutyUnitRef = Annotated["DutyUnit", strawberry.lazy("hub.schema.units")]


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


@strawberry.enum(description="What is wrong with an officer's duty.")
class RosterConflictKind(Enum):
    """The roster rules."""

    OVERLAP = strawberry.enum_value(
        ConflictKind.OVERLAP.value, description="On two duty units at the same time."
    )
    SHORT_REST = strawberry.enum_value(
        ConflictKind.SHORT_REST.value,
        description="Less rest between two tours than the minimum (11 hours by default).",
    )
    UNAVAILABLE = strawberry.enum_value(
        ConflictKind.UNAVAILABLE.value,
        description="On duty outside the officer's availability for mutual aid.",
    )


@strawberry.type(description="A duty that breaks a roster rule, and the duty it clashes with.")
class RosterConflict:
    """One conflict; stakeholders see the duties but not the officer."""

    officer_id: strawberry.Private[int]
    duty_unit_id: strawberry.Private[int]
    other_duty_unit_id: strawberry.Private[int | None]
    kind: RosterConflictKind = strawberry.field(description="Which rule the duty breaks.")
    code: str = strawberry.field(description="Stable code, as mutations and imports give it.")
    message: str = strawberry.field(description="What is wrong, naming both duty units.")
    rest_hours: float | None = strawberry.field(
        description="Hours of rest between the two tours (SHORT_REST)."
    )
    duty_unit: DutyUnitRef = to_one("DutyUnit", "duty_unit_id", "The duty that breaks the rule.")

    @strawberry.field(description="The duty it clashes with (OVERLAP and SHORT_REST).")
    def other_duty_unit(self, info: HubInfo) -> DutyUnitRef | None:
        if self.other_duty_unit_id is None:
            return None
        return info.context.loaders.one_now("DutyUnit", self.other_duty_unit_id)  # type: ignore[no-any-return]

    @strawberry.field(description="The officer on both duties; null for stakeholders.")
    def officer(self, info: HubInfo) -> OfficerRef | None:
        if info.context.security.principal.role is Role.STAKEHOLDER:
            return None
        return info.context.loaders.one_now("Officer", self.officer_id)  # type: ignore[no-any-return]


@strawberry.type(description="Questions about requests' units and rosters' rules.")
class WorkflowQuery:
    """Mixed into the root Query."""

    @strawberry.field(description="The resource units of the standard's code list, in its order.")
    def resource_units(self) -> list[ResourceUnit]:
        return list(_units())

    @strawberry.field(
        description="Every roster conflict of an operation's duties: overlaps, short rest, "
        "duties while unavailable. Stakeholders see no officer."
    )
    async def roster_conflicts(
        self,
        info: HubInfo,
        operation: Annotated[str, strawberry.argument(description="Code of the operation.")],
    ) -> list[RosterConflict]:
        found = await operation_conflicts(info.context, operation)
        return [_conflict(conflict) for conflict, _ in found]


def _conflict(conflict: Any) -> RosterConflict:
    rest = conflict.rest.total_seconds() / 3600 if conflict.rest is not None else None
    return RosterConflict(
        officer_id=conflict.duty.officer,
        duty_unit_id=conflict.duty.duty_unit,
        other_duty_unit_id=conflict.other.duty_unit if conflict.other else None,
        kind=RosterConflictKind(conflict.kind.value),
        code=conflict.code,
        message=conflict.message(),
        rest_hours=rest,
    )
