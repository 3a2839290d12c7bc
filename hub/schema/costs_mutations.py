"""Mutations of cost recovery: the requesting force agrees or disputes a statement.

The same rules as `hub costs agree|dispute` (`hub.costs.agreement.give_word`): the providing
force's statements are priced in a read on the request's connection and must reconcile with the
operation's deployments; a short write transaction then checks that nothing priced changed
since and records the word with the total as it now stands, replacing any earlier word. Rules
and examples: docs/costs.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from hub.costs.agreement import AgreementStatus, Word, give_word
from hub.errors import BadUserInput
from hub.schema.base import HubInfo
from hub.schema.costs import CostStatement
from hub.schema.prefetch import prefetch
from hub.security.permissions import CanWrite
from hub.security.policy import WriteAs, require_write

NOTE_LIMIT = 2_000
RECORDED_BY_LIMIT = 120  # cost_agreement.recorded_by


@strawberry.input(description="The word of the requesting force on one cost statement.")
class CostAgreementInput:
    """Which statement, what is said with the word, and the total the client read."""

    operation: str = strawberry.field(description="The operation's code.")
    providing_force: str = strawberry.field(description="The code of the force that charges.")
    requesting_force: str = strawberry.field(
        description="The code of the force that pays: a partner key's own force."
    )
    note: str = strawberry.field(
        default="", description="What is said with it (at most 2,000 characters)."
    )
    expected_total: Decimal | None = strawberry.field(
        default=None,
        description="The total the client read: if the statement now totals another amount "
        "(new data or a new rate set), nothing is recorded and the answer is TOTAL_CHANGED "
        "with `currentTotal`. Null: the total as it stands.",
    )


async def _give(info: HubInfo, input: CostAgreementInput, status: AgreementStatus) -> CostStatement:
    principal = info.context.security.principal
    require_write(principal, WriteAs.REQUESTER, input.requesting_force)
    if len(input.note) > NOTE_LIMIT:
        raise BadUserInput("BAD_USER_INPUT", "a note is at most 2,000 characters", field="note")
    expected = input.expected_total
    if expected is not None and not expected.is_finite():
        raise BadUserInput("BAD_USER_INPUT", "a total is a number", field="expectedTotal")
    word = Word(
        input.operation,
        input.providing_force,
        input.requesting_force,
        status,
        input.note,
        principal.name[:RECORDED_BY_LIMIT],
        expected,
    )
    async with info.context.reader.exclusive() as connection:
        if connection.in_transaction():
            await connection.commit()  # only reads ran: end their snapshot
        given = await give_word(connection, word)
    result = CostStatement(
        statement=given.statement,
        agreed=given.agreement,
        operation_id=given.operation_id,
        providing_force_id=given.statement.providing_force_id,
        requesting_force_id=given.statement.requesting_force_id,
    )
    await prefetch(info, [result])
    return result


StatementInput = Annotated[
    CostAgreementInput, strawberry.argument(description="The statement and the word.")
]


@strawberry.type(description="Mutations of cost recovery.")
class CostMutations:
    """Part of `Mutation`: the requesting force's partner keys, or a national coordinator."""

    @strawberry.mutation(
        description="Agree a cost statement's total as it now stands (the requesting force); "
        "replaces any earlier word on it.",
        permission_classes=[CanWrite],
    )
    async def agree_cost_statement(self, info: HubInfo, input: StatementInput) -> CostStatement:
        return await _give(info, input, AgreementStatus.AGREED)

    @strawberry.mutation(
        description="Dispute a cost statement's total as it now stands (the requesting force); "
        "replaces any earlier word on it.",
        permission_classes=[CanWrite],
    )
    async def dispute_cost_statement(self, info: HubInfo, input: StatementInput) -> CostStatement:
        return await _give(info, input, AgreementStatus.DISPUTED)
