"""Apply a retention policy: every rule in one transaction, each erasure logged."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.retention.identity import erase_identities
from hub.retention.policy import Policy, Rule, RuleKind
from hub.retention.rejects import erase_rejects
from hub.store import models as m
from hub.store.types import utcnow


@dataclass(frozen=True)
class Outcome:
    """What one rule erased (or would erase) of one type of record."""

    rule: str
    kind: str
    cutoff: date
    record_type: str
    records: int


@dataclass
class RunReport:
    """A retention run: its id, whether it was a dry run, and every rule's outcomes."""

    run_id: str
    as_of: date
    dry_run: bool
    policy: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Records erased (or that would be), all rules together."""
        return sum(outcome.records for outcome in self.outcomes)


def cutoff_of(rule: Rule, as_of: date) -> date:
    """The first day whose data the rule keeps: data that ended before it is erased."""
    return as_of - timedelta(days=rule.after_days)


async def _apply_rule(
    connection: AsyncConnection, rule: Rule, cutoff: date, now: datetime
) -> dict[str, int]:
    if rule.kind is RuleKind.DEPLOYMENT_IDENTITY:
        return await erase_identities(connection, cutoff, now)
    return await erase_rejects(connection, cutoff)


async def apply_policy(
    engine: AsyncEngine, policy: Policy, as_of: date, *, dry_run: bool = False
) -> RunReport:
    """Apply every rule of `policy` as of `as_of`, all or nothing. A dry run does the same
    work and rolls it back, so its counts are exactly what a real run would erase; only a
    real run writes the retention log."""
    report = RunReport(str(uuid.uuid4()), as_of, dry_run, policy.source)
    now = utcnow()
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            for rule in policy.rules:
                cutoff = cutoff_of(rule, as_of)
                counts = await _apply_rule(connection, rule, cutoff, now)
                report.outcomes.extend(
                    Outcome(rule.name, rule.kind.value, cutoff, record_type, records)
                    for record_type, records in sorted(counts.items())
                )
            if not dry_run and report.outcomes:
                await connection.execute(
                    insert(m.RetentionErasure),
                    [
                        {
                            "run_id": report.run_id,
                            "rule": outcome.rule,
                            "kind": outcome.kind,
                            "record_type": outcome.record_type,
                            "records": outcome.records,
                            "cutoff": outcome.cutoff,
                            "policy_sha256": policy.sha256,
                            "erased_at": now,
                        }
                        for outcome in report.outcomes
                    ],
                )
        except BaseException:
            await transaction.rollback()
            raise
        if dry_run:
            await transaction.rollback()
        else:
            await transaction.commit()
    return report
