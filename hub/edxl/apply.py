"""Applying an EDXL-RM message: the workflow step it asks for, through the workflow itself.

Every step goes through the functions behind the GraphQL mutations (`hub.resolvers.workflow`),
so the same rules hold: the lifecycle, who may act for which force, the version read just
before (`VERSION_CONFLICT` if another step gets in first) and an idempotency key
(`edxl:<MessageID>`). The message is written under its own MessageID and SentDateTime, so
the imported history is the chain it came from. A message already applied is not applied
again; a message that follows another than the request's last is refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from hub.config import Settings
from hub.domain.edxl import COMMITMENT_STEPS, RECORDED, NotAStep, step_for
from hub.domain.lifecycle import CommitmentAction, RequestAction
from hub.edxl.errors import EdxlError, located
from hub.edxl.parse import Parsed
from hub.edxl.record import record_message
from hub.errors import HubError
from hub.resolvers import workflow, workflow_history
from hub.resolvers.context import RequestContext
from hub.resolvers.markings import mark
from hub.resolvers.reader import Reader
from hub.resolvers.workflow_tx import imported_message, write_transaction
from hub.security.principal import Principal, Role
from hub.security.state import RequestSecurity
from hub.standard.enums import Classification, RequestStatus
from hub.standard.ids import encode_id
from hub.store import models as m
from hub.store.markings import highest

#: The actor name of steps an import takes (EDXL-RM names forces, not keys).
IMPORT_ACTOR = "EDXL-RM import"
#: Who marks the records of a message applied before (its sender's step is taken already).
_MARKER = Principal(key_id=None, name=IMPORT_ACTOR, role=Role.COORDINATOR)
#: Where in a message each kind of workflow refusal points.
_ERROR_PLACES = {
    "FORBIDDEN": "rmsg:ContactInformation",
    "BAD_USER_INPUT": "rmsg:ResourceInformation",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one message: the step it took, on which request, or that it was known."""

    file: str
    message_type: str
    step: str
    reference: str
    applied: bool


class Importer:
    """Applies messages one after the other on one connection.

    From files (`hub edxl import`) each message is taken as its sender; through the graph
    (`caller`), as the caller, who may send only its own force's messages.
    """

    def __init__(
        self, settings: Settings, reader: Reader, caller: RequestContext | None = None
    ) -> None:
        self.settings = settings
        self.reader = reader
        self.caller = caller

    def _context(self, principal: Principal) -> RequestContext:
        if self.caller is not None:
            return self.caller
        return RequestContext(self.settings, self.reader, RequestSecurity(principal))

    async def apply(self, parsed: Parsed) -> Outcome:
        """Apply one message (EdxlError, located in the file, when it is refused)."""
        try:
            step = step_for(
                parsed.message_type,
                response_type=parsed.response_type,
                party=parsed.party,
                about_commitment=parsed.commitment is not None,
                recalls=parsed.recalls,
            )
        except NotAStep as error:
            raise EdxlError(
                "EDXL_NOT_A_STEP",
                str(error),
                parsed.file,
                f"{parsed.root}/rmsg:ResourceInformation",
            ) from None
        known = await self._known(parsed.message_id)
        if known is not None:
            outcome = self._already(parsed, step, known)
            # Marking follows the step: a repeat marks what a lost connection left unmarked.
            await self._mark(self._context(_MARKER), parsed, outcome.reference)
            return outcome
        principal = await self._principal(parsed)
        context = self._context(principal)
        if step == RequestAction.SUBMIT:
            outcome = await self._submit(context, parsed)
        else:
            pk, reference = await self._request_of(parsed)
            await self._check_sequence(context, parsed, pk)
            await self._run(parsed, step, lambda: self._take(context, parsed, step, pk, reference))
            outcome = Outcome(parsed.file, parsed.message_type, step, reference, True)
        await self._mark(context, parsed, outcome.reference)
        return outcome

    async def _mark(self, context: RequestContext, parsed: Parsed, reference: str) -> None:
        """Mark the request (and the commitment the message names) as the message is marked,
        unless a marking as restrictive is there already: an import never lowers one."""
        marking = parsed.classification
        if marking is None or marking is Classification.OFFICIAL:
            return
        r, c, f = m.MutualAidRequest, m.Commitment, m.Force
        records = [("MutualAidRequest", select(r.id).where(r.reference == reference))]
        if parsed.commitment is not None:
            key = parsed.commitment
            commitment = (
                select(c.id)
                .join(r, r.id == c.request_id)
                .join(f, f.id == c.providing_force_id)
                .where(
                    r.reference == reference,
                    f.code == key.providing_force,
                    c.sequence == key.sequence,
                )
            )
            records.append(("Commitment", commitment))
        marks = m.RecordMarking
        by = context.security.principal.name[:120]
        async with write_transaction(context) as connection:
            for type_name, statement in records:
                pk = await connection.scalar(statement)
                if pk is None:
                    continue
                own = await connection.scalar(
                    select(marks.classification).where(
                        marks.record_type == type_name, marks.record_id == pk
                    )
                )
                if highest(own, marking) is not marking or own == marking:
                    continue
                await mark(connection, type_name, int(pk), marking, by)

    async def _run(self, parsed: Parsed, step: str, work: Callable[[], Awaitable[Any]]) -> None:
        token = imported_message.set((parsed.message_id, parsed.sent_at))
        try:
            await work()
        except HubError as error:
            place = _ERROR_PLACES.get(error.code, "rmsg:MessageContentType")
            raise located(error, parsed.file, f"{parsed.root}/{place}") from None
        finally:
            imported_message.reset(token)

    async def _known(self, message_id: str) -> tuple[str, str] | None:
        e, x, r = m.RequestEvent, m.EdxlRecord, m.MutualAidRequest
        for statement in (
            select(e.action, r.reference)
            .join(r, r.id == e.request_id)
            .where(e.message_id == message_id),
            select(x.message_type, r.reference)
            .join(r, r.id == x.request_id)
            .where(x.message_id == message_id),
        ):
            rows = await self.reader.rows(statement)
            if rows:
                return str(rows[0][0]), str(rows[0][1])
        return None

    def _already(self, parsed: Parsed, step: str, known: tuple[str, str]) -> Outcome:
        action, reference = known
        if action != step:
            raise EdxlError(
                "EDXL_MESSAGE_ID_REUSED",
                f"message {parsed.message_id} was applied already as {action}, not {step}",
                parsed.file,
                f"{parsed.root}/rmsg:MessageID",
            )
        return Outcome(parsed.file, parsed.message_type, step, reference, False)

    async def _principal(self, parsed: Parsed) -> Principal:
        if self.caller is not None:
            return self._caller_sends(parsed)
        if parsed.sender is None:
            return Principal(key_id=None, name=IMPORT_ACTOR, role=Role.COORDINATOR)
        f = m.Force
        force_id = await self.reader.scalar(select(f.id).where(f.code == parsed.sender))
        if force_id is None:
            raise EdxlError(
                "EDXL_BAD_VALUE",
                f"no force has the code {parsed.sender!r}",
                parsed.file,
                f"{parsed.root}/rmsg:ContactInformation/rm:ContactDescription",
            )
        return Principal(
            key_id=None,
            name=IMPORT_ACTOR,
            role=Role.PARTNER,
            force_code=parsed.sender,
            force_id=int(force_id),
        )

    def _caller_sends(self, parsed: Parsed) -> Principal:
        principal = self.caller.security.principal if self.caller else None
        if principal is None or principal.role is Role.COORDINATOR:
            return principal or Principal(key_id=None, name=IMPORT_ACTOR, role=Role.COORDINATOR)
        if parsed.sender != principal.force_code:
            raise EdxlError(
                "FORBIDDEN",
                f"this key sends messages of {principal.force_code}, not of {parsed.sender}",
                parsed.file,
                f"{parsed.root}/rmsg:ContactInformation/rm:ContactDescription",
            )
        return principal

    async def _request_of(self, parsed: Parsed) -> tuple[int, str]:
        e, x, r = m.RequestEvent, m.EdxlRecord, m.MutualAidRequest
        found = None
        for statement in (
            select(r.id, r.reference)
            .join(e, e.request_id == r.id)
            .where(e.message_id == parsed.originating_message_id),
            select(r.id, r.reference)
            .join(x, x.request_id == r.id)
            .where(x.message_id == parsed.originating_message_id),
        ):
            rows = await self.reader.rows(statement)
            if rows:
                found = rows[0]
                break
        if found is None:
            raise EdxlError(
                "EDXL_UNKNOWN_REQUEST",
                f"no request began with message {parsed.originating_message_id}",
                parsed.file,
                f"{parsed.root}/rmsg:OriginatingMessageID",
            )
        if parsed.request is not None and parsed.request.reference != found.reference:
            raise EdxlError(
                "EDXL_BAD_VALUE",
                f"the message names request {parsed.request.reference!r}, but its chain is "
                f"request {found.reference!r}",
                parsed.file,
                f"{parsed.root}/rmsg:ResourceInformation/rmsg:Resource/rmsg:TypeInfo/mah:Reference",
            )
        return int(found.id), str(found.reference)

    async def _check_sequence(self, context: RequestContext, parsed: Parsed, pk: int) -> None:
        """A message follows the request's last message, as a step names the version it read."""
        if parsed.preceding_message_id is None:
            return
        chain = await workflow_history.edxl_messages(context, pk)
        last = chain[-1].message_id if chain else None
        if parsed.preceding_message_id != last:
            raise EdxlError(
                "EDXL_OUT_OF_SEQUENCE",
                f"the message follows {parsed.preceding_message_id}, but the request's last "
                f"message is {last}",
                parsed.file,
                f"{parsed.root}/rmsg:PrecedingMessageID",
            )

    async def _submit(self, context: RequestContext, parsed: Parsed) -> Outcome:
        state = parsed.request
        if state is None:
            raise EdxlError(
                "EDXL_MISSING",
                "a request's first message gives its reference, force, capability and dates",
                parsed.file,
                f"{parsed.root}/rmsg:ResourceInformation/rmsg:Resource/rmsg:TypeInfo",
            )
        r = m.MutualAidRequest
        rows = await self.reader.rows(select(r.id, r.status).where(r.reference == state.reference))
        if rows and rows[0].status != RequestStatus.DRAFT:
            raise EdxlError(
                "EDXL_REQUEST_EXISTS",
                f"request {state.reference!r} was submitted already",
                parsed.file,
                f"{parsed.root}/rmsg:ResourceInformation/rmsg:ResourceInfoElementID",
            )

        async def work() -> None:
            if not rows:
                values = {
                    "force": state.requesting_force,
                    "reference": state.reference,
                    "capability": state.capability,
                    "quantity": state.quantity,
                    "unit": state.unit,
                    "starts_on": state.starts_on,
                    "ends_on": state.ends_on,
                    "description": state.description,
                    "operation": state.operation,
                    "location": state.location,
                }
                # Raising has no message of its own: a fresh id, at the submission's time.
                token = imported_message.set((str(uuid.uuid4()), parsed.sent_at))
                try:
                    await workflow.raise_request(context, values, None)
                finally:
                    imported_message.reset(token)
            gid = encode_id("MutualAidRequest", state.reference)
            version = await self._version(r.version, r.reference == state.reference)
            step = workflow.Step(gid, version, f"edxl:{parsed.message_id}")
            await workflow.change_request(context, step, RequestAction.SUBMIT)

        await self._run(parsed, RequestAction.SUBMIT, work)
        return Outcome(parsed.file, parsed.message_type, "SUBMIT", state.reference, True)

    async def _version(self, column: Any, *where: Any) -> int:
        version = await self.reader.scalar(select(column).where(*where))
        return int(version or 0)

    async def _take(
        self, context: RequestContext, parsed: Parsed, step: str, pk: int, reference: str
    ) -> Any:
        key = f"edxl:{parsed.message_id}"
        if step in RECORDED:
            return await record_message(context, parsed, pk)
        if step in COMMITMENT_STEPS:
            return await self._commitment_step(context, parsed, step, pk, reference)
        r = m.MutualAidRequest
        version = await self._version(r.version, r.id == pk)
        gid = encode_id("MutualAidRequest", reference)
        values = self._request_values(parsed, RequestAction(step))
        return await workflow.change_request(
            context, workflow.Step(gid, version, key), RequestAction(step), values
        )

    def _request_values(self, parsed: Parsed, action: RequestAction) -> dict[str, Any]:
        state = parsed.request
        if action is RequestAction.CANCEL:
            return {"reason": parsed.note} if parsed.note else {}
        if action not in (RequestAction.UPDATE, RequestAction.EXTEND):
            return {}
        if state is None:
            raise EdxlError(
                "EDXL_MISSING",
                f"{parsed.message_type} gives the request's new values",
                parsed.file,
                f"{parsed.root}/rmsg:ResourceInformation/rmsg:Resource/rmsg:TypeInfo",
            )
        if action is RequestAction.EXTEND:
            return {"ends_on": state.ends_on}
        return {
            "quantity": state.quantity,
            "unit": state.unit,
            "starts_on": state.starts_on,
            "ends_on": state.ends_on,
            "description": state.description,
        }

    async def _commitment_step(
        self, context: RequestContext, parsed: Parsed, step: str, pk: int, reference: str
    ) -> Any:
        key = f"edxl:{parsed.message_id}"
        commitment = parsed.commitment
        if commitment is None:
            raise EdxlError(
                "EDXL_MISSING",
                f"{parsed.message_type} names the commitment (providing force and sequence)",
                parsed.file,
                f"{parsed.root}/rmsg:ResourceInformation/rmsg:Resource/rmsg:TypeInfo",
            )
        c, f = m.Commitment, m.Force
        if step == RequestAction.OFFER:
            last = await self.reader.scalar(
                select(func.coalesce(func.max(c.sequence), 0))
                .join(f, f.id == c.providing_force_id)
                .where(c.request_id == pk, f.code == commitment.providing_force)
            )
            if int(last or 0) + 1 != commitment.sequence:
                raise EdxlError(
                    "EDXL_OUT_OF_SEQUENCE",
                    f"{commitment.providing_force}'s next offer is number {int(last or 0) + 1}, "
                    f"not {commitment.sequence}",
                    parsed.file,
                    f"{parsed.root}/rmsg:ResourceInformation/rmsg:Resource/rmsg:TypeInfo/mah:Sequence",
                )
            gid = encode_id("MutualAidRequest", reference)
            values = {
                "request": gid,
                "quantity": commitment.quantity,
                "force": commitment.providing_force,
            }
            return await workflow.offer_commitment(context, values, key)
        version = await self._version(
            c.version,
            c.request_id == pk,
            c.sequence == commitment.sequence,
            c.providing_force_id
            == select(f.id).where(f.code == commitment.providing_force).scalar_subquery(),
        )
        gid = encode_id("Commitment", reference, commitment.providing_force, commitment.sequence)
        step_of = workflow.Step(gid, version, key)
        return await workflow.change_commitment(context, step_of, CommitmentAction(step))
