"""Applying an EDXL-RM 1.0 message through the graph: the step it stands for, as the caller."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from hub.edxl.apply import Importer
from hub.edxl.parse import parse_bytes
from hub.schema.base import HubInfo
from hub.schema.base import reference as entity_reference
from hub.schema.request import MutualAidRequest
from hub.security.permissions import CanWrite


@strawberry.type(description="What one EDXL-RM message did.")
class EdxlImport:
    """The step a message took on its request, or that it had been applied before."""

    request_reference: strawberry.Private[str]
    message_id: str = strawberry.field(description="MessageID of the message.")
    message_type: str = strawberry.field(description="Its type, e.g. `CommitResource`.")
    step: str = strawberry.field(
        description="The workflow step it took (`SUBMIT`, `OFFER` ...), or its own type for "
        "the eight kinds recorded without a step (docs/edxl.md)."
    )
    applied: bool = strawberry.field(
        description="False when the hub had applied this MessageID before: nothing changed."
    )

    @strawberry.field(description="The request the message is about, after it.")
    async def request(self, info: HubInfo) -> MutualAidRequest:
        found: MutualAidRequest = await entity_reference(
            info, "MutualAidRequest", None, reference=self.request_reference
        )
        return found


@strawberry.type(description="Mutations applying EDXL-RM messages as workflow steps.")
class EdxlMutations:
    """Part of `Mutation`."""

    @strawberry.mutation(
        description="Apply one OASIS EDXL-RM 1.0 message (its XML) as the workflow step it "
        "stands for, with the mutations' rules, versions and an idempotency key per "
        "MessageID; the message must be sent by the caller's force (`ContactDescription`). "
        "Refusals carry a code and the XML `path`.",
        permission_classes=[CanWrite],
    )
    async def import_edxl_message(
        self,
        info: HubInfo,
        xml: Annotated[str, strawberry.argument(description="The message, as XML text.")],
    ) -> EdxlImport:
        context: Any = info.context
        parsed = parse_bytes(xml.encode("utf-8"), "message")
        outcome = await Importer(context.settings, context.reader, caller=context).apply(parsed)
        return EdxlImport(
            request_reference=outcome.reference,
            message_id=parsed.message_id,
            message_type=outcome.message_type,
            step=outcome.step,
            applied=outcome.applied,
        )
