"""Retention: how long the hub keeps personal data, and the command that erases it on time.

`load_policy` reads a policy (TOML, see docs/retention.md); `apply_policy` applies it to a
database in one transaction and records what it erased in the append-only retention log.
"""

from hub.retention.policy import DEFAULT_POLICY, Policy, Rule, RuleKind, load_policy
from hub.retention.run import Outcome, RunReport, apply_policy

__all__ = [
    "DEFAULT_POLICY",
    "Outcome",
    "Policy",
    "Rule",
    "RuleKind",
    "RunReport",
    "apply_policy",
    "load_policy",
]
