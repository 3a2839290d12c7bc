"""Checks that an operation's statements account for its deployments: none twice, none missed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from hub.costs.statements import OperationCosts


@dataclass(frozen=True)
class Reconciliation:
    """How the priced deployments compare with the operation's deployments."""

    expected: int
    priced: int
    own_force: int
    priced_twice: tuple[int, ...]
    missed: tuple[int, ...]
    unexpected: tuple[int, ...]

    @property
    def ok(self) -> bool:
        return not (self.priced_twice or self.missed or self.unexpected)


def reconcile(costs: OperationCosts, expected: Iterable[int]) -> Reconciliation:
    """Compare the deployments the statements price (plus those left uncharged as a force's
    own duty) with `expected`, every deployment of the operation."""
    counted = Counter(
        deployment for statement in costs.statements for deployment in statement.deployment_ids
    )
    counted.update(costs.own_force)
    wanted = set(expected)
    return Reconciliation(
        expected=len(wanted),
        priced=sum(counted.values()) - len(costs.own_force),
        own_force=len(costs.own_force),
        priced_twice=tuple(sorted(d for d, n in counted.items() if n > 1)),
        missed=tuple(sorted(wanted - set(counted))),
        unexpected=tuple(sorted(set(counted) - wanted)),
    )
