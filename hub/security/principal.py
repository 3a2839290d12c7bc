"""Principals: who is calling, with which role, for which force."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The roles of DESIGN.md section 5; `policy.py` says what each may do."""

    COORDINATOR = "coordinator"
    PARTNER = "partner"
    INGEST = "ingest"
    STAKEHOLDER = "stakeholder"


#: Roles whose keys must name a force.
FORCE_SCOPED = frozenset({Role.PARTNER, Role.INGEST})


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of one request, from its API key (or anonymous, where that is allowed)."""

    key_id: int | None
    name: str
    role: Role
    force_code: str | None = None
    force_id: int | None = None
    allowed_operations: frozenset[str] | None = None

    @property
    def anonymous(self) -> bool:
        return self.key_id is None

    @property
    def bucket(self) -> str:
        """What rate limits count against: the key, or all anonymous callers together."""
        return "anonymous" if self.key_id is None else f"key:{self.key_id}"


def anonymous(role: Role) -> Principal:
    """An anonymous caller, allowed only when the hub is configured for it (the demo)."""
    return Principal(key_id=None, name="anonymous", role=role)
