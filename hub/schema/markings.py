"""Security classification on every record of the standard, and the mutation that marks one."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from hub.errors import BadUserInput
from hub.resolvers import markings, queries
from hub.resolvers.workflow_tx import write_transaction
from hub.schema.base import HubInfo
from hub.schema.enums import Classification
from hub.security.errors import forbidden
from hub.security.permissions import CanWrite
from hub.security.principal import Role

DESCRIPTION = (
    "Government security classification: the most restrictive of the record's own marking and "
    "its operation's (OFFICIAL when neither is marked). Exports of the record carry it."
)


def classification_field(type_name: str) -> Any:
    """The `classification` field of a type whose rows carry `pk`."""

    async def resolve(root: strawberry.Parent[Any], info: HubInfo) -> Classification:
        return await markings.classification(info.context, type_name, root.pk)

    return strawberry.field(resolver=resolve, description=DESCRIPTION)


@strawberry.type(description="A record's marking after `markClassification`.")
class ClassificationMarking:
    """What was marked, and the classification it now has."""

    id: strawberry.ID = strawberry.field(description="Global id of the record marked.")
    record_type: str = strawberry.field(description="The record's type, e.g. `Operation`.")
    marking: Classification = strawberry.field(description="The record's own marking.")
    classification: Classification = strawberry.field(
        description="Its effective classification (own marking and its operation's)."
    )


@strawberry.type(description="Mutations marking records' classification.")
class MarkingMutations:
    """Part of `Mutation`."""

    @strawberry.mutation(
        description="Give a record its own security marking (coordinators). Marking an "
        "operation OFFICIAL_SENSITIVE marks every record of the operation; marking a record "
        "OFFICIAL removes its own marking, never its operation's.",
        permission_classes=[CanWrite],
    )
    async def mark_classification(
        self,
        info: HubInfo,
        id: Annotated[strawberry.ID, strawberry.argument(description="The record's global id.")],
        classification: Annotated[
            Classification, strawberry.argument(description="Its own marking.")
        ],
    ) -> ClassificationMarking:
        principal = info.context.security.principal
        if principal.role is not Role.COORDINATOR:
            raise forbidden(f"a {principal.role.value} key may not mark records")
        record = await queries.node(info.context, str(id))
        type_name = getattr(record, "typename", None)
        if record is None or type_name not in markings.MARKABLE:
            raise BadUserInput(
                "NOT_FOUND", f"no record that can be marked has the id {id}", field="id"
            )
        marking = Classification(classification)
        async with write_transaction(info.context) as connection:
            await markings.mark(connection, type_name, record.pk, marking, principal.bucket)
        return ClassificationMarking(
            id=id,
            record_type=type_name,
            marking=marking,
            classification=await markings.classification(info.context, type_name, record.pk),
        )
