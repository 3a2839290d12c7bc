"""Cost recovery: what each providing force charges each requesting force for an operation.

A partner sees the statements its force sends or receives; coordinators see all; stakeholders
see every statement's totals but never its lines (a tour line is one officer's duty).
Rules and worked examples: docs/costs.md.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import strawberry

from hub.costs import agreement as agreements
from hub.costs import gather, rates, statements
from hub.costs.pricing import RateKind
from hub.resolvers.queries import page_size
from hub.schema.base import HubInfo
from hub.schema.deployment import Deployment
from hub.schema.operation import Operation
from hub.schema.prefetch import prefetch
from hub.schema.reference import Force
from hub.schema.relations import to_one
from hub.security.errors import SecurityError
from hub.security.principal import Principal, Role


@strawberry.enum(description="What a statement line charges for.")
class CostLineKind(Enum):
    """Kinds of statement lines."""

    TOUR = strawberry.enum_value("TOUR", description="One deployment's tour of duty.")
    TRAVEL_TIME = strawberry.enum_value(
        "TRAVEL_TIME", description="Officers of one rank travelling on a booked journey."
    )
    TRAVEL_FARE = strawberry.enum_value("TRAVEL_FARE", description="The seats of a booked journey.")
    ACCOMMODATION = strawberry.enum_value(
        "ACCOMMODATION", description="The rooms of a unit's stay, for its nights."
    )
    SUBSISTENCE = strawberry.enum_value(
        "SUBSISTENCE", description="The unit's officers' subsistence, for the nights away."
    )


@strawberry.enum(description="The rule that priced some hours.")
class CostRateKind(Enum):
    """Kinds of hours."""

    PLAIN = strawberry.enum_value("PLAIN", description="Hours at the rank's hourly cost.")
    OVERTIME = strawberry.enum_value(
        "OVERTIME", description="Hours beyond the normal tour, at the overtime multiplier."
    )
    REST_DAY = strawberry.enum_value(
        "REST_DAY", description="Duty on a rostered rest day, at the multiplier for its notice."
    )
    PUBLIC_HOLIDAY = strawberry.enum_value(
        "PUBLIC_HOLIDAY",
        description="Hours on a public holiday of the providing force's nation.",
    )
    CANCELLED_REST_DAY = strawberry.enum_value(
        "CANCELLED_REST_DAY",
        description="Rest day duty cancelled at short notice: the minimum hours are charged.",
    )
    TRAVEL_TIME = strawberry.enum_value("TRAVEL_TIME", description="Hours travelling.")


@strawberry.enum(description="What the requesting force said of a statement.")
class CostAgreementStatus(Enum):
    """Agreement states."""

    AGREED = strawberry.enum_value("AGREED", description="The total was agreed.")
    DISPUTED = strawberry.enum_value("DISPUTED", description="The total is disputed.")


@strawberry.type(description="Hours of a line at one rate.")
class CostHours:
    """Hours (per officer) and the multiplier of the rule that priced them."""

    rate: CostRateKind = strawberry.field(description="The rule that priced them.")
    multiplier: str = strawberry.field(description="Multiplier of the hourly cost, e.g. `4/3`.")
    hours: Decimal = strawberry.field(description="Hours per officer (to two decimals).")


@strawberry.type(description="One charge of a cost statement.")
class CostLine:
    """A tour, a journey, a stay or subsistence, priced."""

    deployment_id: strawberry.Private[int | None]
    kind: CostLineKind = strawberry.field(description="What the line charges for.")
    reference: str = strawberry.field(
        description="The duty unit (tours), the travel booking or the planning unit (stays)."
    )
    day: date = strawberry.field(
        name="date", description="The day of duty, of departure or of check-in."
    )
    rank: str | None = strawberry.field(description="The rank priced (tours, travel time).")
    officers: int = strawberry.field(description="Officers the hours are for (0 for bookings).")
    quantity: int | None = strawberry.field(
        description="Seats (fares), room-nights (accommodation) or officer-nights (subsistence)."
    )
    hourly_cost: Decimal | None = strawberry.field(description="The rank's hourly cost.")
    hours: list[CostHours] = strawberry.field(description="Hours by the rule that priced them.")
    amount: Decimal = strawberry.field(description="The line's amount in pounds, to the penny.")
    rate_set: date = strawberry.field(description="`validFrom` of the rate set that priced it.")
    status: str | None = strawberry.field(description="The deployment's status (tours).")

    deployment: Deployment | None = to_one(
        "Deployment", "deployment_id", "The deployment a tour line prices (null for bookings)."
    )


@strawberry.type(description="A statement's lines of one kind, added up.")
class CostTotal:
    """Subtotal of one kind of line."""

    kind: CostLineKind = strawberry.field(description="The kind of line.")
    lines: int = strawberry.field(description="Lines of this kind.")
    hours: Decimal = strawberry.field(description="Officer-hours charged (to two decimals).")
    amount: Decimal = strawberry.field(description="Their amount in pounds.")


@strawberry.type(description="The latest word of the forces on a statement.")
class CostAgreement:
    """Agreed or disputed, for which total."""

    status: CostAgreementStatus = strawberry.field(description="Agreed or disputed.")
    total: Decimal = strawberry.field(description="The total the word was given for.")
    note: str = strawberry.field(description="What was said with it.")
    recorded_at: datetime = strawberry.field(description="When it was recorded (UTC).")


@strawberry.type(description="What one force charges another for an operation.")
class CostStatement:
    """Lines, totals and what was agreed or disputed, for one pair of forces."""

    statement: strawberry.Private[statements.Statement]
    agreed: strawberry.Private[agreements.Agreement | None]
    operation_id: strawberry.Private[int]
    providing_force_id: strawberry.Private[int]
    requesting_force_id: strawberry.Private[int]

    operation: Operation = to_one("Operation", "operation_id", "The operation.")
    providing_force: Force = to_one("Force", "providing_force_id", "The force that charges.")
    requesting_force: Force = to_one("Force", "requesting_force_id", "The force that pays.")

    @strawberry.field(description="The statement's total in pounds: the sum of its lines.")
    def total(self) -> Decimal:
        return self.statement.total

    @strawberry.field(description="Subtotals by kind of line.")
    def totals(self) -> list[CostTotal]:
        return [_subtotal(self.statement, kind) for kind in statements.LineKind]

    @strawberry.field(description="Deployments priced (tour lines, cancelled ones included).")
    def deployments(self) -> int:
        return len(self.statement.deployment_ids)

    @strawberry.field(description="Lines of the statement.")
    def line_count(self) -> int:
        return len(self.statement.lines)

    @strawberry.field(description="`validFrom` of every rate set that priced a line.")
    def rate_sets(self) -> list[date]:
        return self.statement.rate_sets

    @strawberry.field(description="What was agreed or disputed, or null if nothing yet.")
    def agreement(self) -> CostAgreement | None:
        if self.agreed is None:
            return None
        a = self.agreed
        status = CostAgreementStatus(a.status.value)
        return CostAgreement(status=status, total=a.total, note=a.note, recorded_at=a.recorded_at)

    @strawberry.field(
        description="Total now minus the total agreed or disputed (a rate change after the "
        "fact shows here); null if nothing was recorded."
    )
    def difference(self) -> Decimal | None:
        return None if self.agreed is None else self.statement.total - self.agreed.total

    @strawberry.field(
        description="The lines, in order (tours by deployment, then bookings). Stakeholders "
        "see totals only: for them this is null with a FORBIDDEN_FIELD error."
    )
    async def lines(
        self,
        info: HubInfo,
        kind: Annotated[
            CostLineKind | None, strawberry.argument(description="Only lines of this kind.")
        ] = None,
        first: Annotated[int, strawberry.argument(description="At most this many lines.")] = 100,
        offset: Annotated[int, strawberry.argument(description="Lines to skip first.")] = 0,
    ) -> list[CostLine] | None:
        if info.context.security.principal.role is Role.STAKEHOLDER:
            raise SecurityError(
                "FORBIDDEN_FIELD", "stakeholders see statements' totals, not their lines", 403
            )
        chosen = [
            line for line in self.statement.lines if kind is None or line.kind.value == kind.name
        ]
        start = max(offset, 0)
        page = [_line(line) for line in chosen[start : start + page_size(info.context, first)]]
        await prefetch(info, page)
        return page


@strawberry.type(description="A public source a charging rate set follows.")
class ChargingSource:
    """Title, address and use of a source."""

    title: str = strawberry.field(description="The source.")
    url: str | None = strawberry.field(description="Where it is published, if online.")
    used_for: str = strawberry.field(description="What the rate set takes from it.")


@strawberry.type(description="A set of charging rates, in force from a date (standards/rates).")
class ChargingRateSet:
    """A rate set's identity and provenance (the figures are in its file)."""

    valid_from: date = strawberry.field(description="First day the set is in force.")
    title: str = strawberry.field(description="Its title.")
    description: str = strawberry.field(description="What it covers.")
    illustrative: list[str] = strawberry.field(
        description="Entries whose figures are illustrative, not published."
    )
    sources: list[ChargingSource] = strawberry.field(description="The sources it follows.")


def _hours(value: Any) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))


def _subtotal(statement: statements.Statement, kind: statements.LineKind) -> CostTotal:
    lines = [line for line in statement.lines if line.kind is kind]
    return CostTotal(
        kind=CostLineKind(kind.value),
        lines=len(lines),
        hours=_hours(statement.hours_of(kind)),
        amount=statement.total_of(kind),
    )


def _line(line: statements.Line) -> CostLine:
    return CostLine(
        deployment_id=line.deployment_id,
        kind=CostLineKind(line.kind.value),
        reference=line.reference,
        day=line.day,
        rank=line.rank,
        officers=line.officers,
        quantity=line.quantity,
        hourly_cost=line.priced.hourly_cost,
        hours=[
            CostHours(
                rate=CostRateKind(RateKind(h.kind).value),
                multiplier=str(h.multiplier),
                hours=_hours(h.hours),
            )
            for h in line.hours
        ],
        amount=line.amount,
        rate_set=line.priced.valid_from,
        status=line.status,
    )


def _scope(principal: Principal, wanted: int | None) -> list[int] | None:
    """Forces one of which each priced pair must name (None: every pair may be priced)."""
    if principal.role is Role.PARTNER:
        return [] if principal.force_id is None else [principal.force_id]
    return None if wanted is None else [wanted]


async def _statements(
    info: HubInfo, operation: str, force: str | None, pair: tuple[str, str] | None = None
) -> list[CostStatement]:
    run = info.context.reader.rows
    found = await run(gather.operation_by_code(operation))
    named = [code for code in (force, *(pair or ())) if code is not None]
    rows = await run(gather.forces_by_code(named)) if named else []
    codes = {row.code: row.id for row in rows}
    if not found or any(code not in codes for code in named):
        return []
    operation_id = found[0].id
    wanted = None if force is None else codes[force]
    scope = _scope(info.context.security.principal, wanted)
    if scope == []:
        return []
    if scope is None and pair is not None:  # price only the providing force's statements
        scope = [codes[pair[0]]]
    costs = await statements.price_operation(run, rates.standard_rates(), operation_id, scope)
    chosen = [
        s
        for s in costs.statements
        if (wanted is None or wanted in s.key)
        and (pair is None or s.key == (codes[pair[0]], codes[pair[1]]))
    ]
    said = {
        (row.providing_force_id, row.requesting_force_id): agreements.agreement_of(row)
        for row in await run(gather.agreements(operation_id))
    }
    result = [
        CostStatement(
            statement=s,
            agreed=said.get(s.key),
            operation_id=operation_id,
            providing_force_id=s.providing_force_id,
            requesting_force_id=s.requesting_force_id,
        )
        for s in chosen
    ]
    await prefetch(info, result)
    return result


@strawberry.type(description="Cost recovery: statements between forces, and the rate sets.")
class CostsQuery:
    """Root fields of cost recovery."""

    @strawberry.field(
        description="Every statement of an operation between two different forces, "
        "by providing then requesting force (a partner: those its force sends or receives)."
    )
    async def cost_statements(
        self,
        info: HubInfo,
        operation: Annotated[str, strawberry.argument(description="The operation's code.")],
        force: Annotated[
            str | None,
            strawberry.argument(description="Only statements this force sends or receives."),
        ] = None,
    ) -> list[CostStatement]:
        return await _statements(info, operation, force)

    @strawberry.field(description="What one force charges another for an operation, or null.")
    async def cost_statement(
        self,
        info: HubInfo,
        operation: Annotated[str, strawberry.argument(description="The operation's code.")],
        providing_force: Annotated[
            str, strawberry.argument(description="The code of the force that charges.")
        ],
        requesting_force: Annotated[
            str, strawberry.argument(description="The code of the force that pays.")
        ],
    ) -> CostStatement | None:
        found = await _statements(info, operation, None, (providing_force, requesting_force))
        return found[0] if found else None

    @strawberry.field(description="The charging rate sets, oldest first.")
    def charging_rate_sets(self) -> list[ChargingRateSet]:
        return [
            ChargingRateSet(
                valid_from=s.valid_from,
                title=s.title,
                description=s.description,
                illustrative=list(s.illustrative),
                sources=[
                    ChargingSource(title=x.title, url=x.url, used_for=x.used_for) for x in s.sources
                ],
            )
            for s in rates.standard_rates().sets
        ]
