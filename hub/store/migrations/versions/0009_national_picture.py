"""National picture: request units, roster rules, capacity (issue #16, part one).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from collections.abc import Sequence

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet: the revision reserves its place in the chain."""


def downgrade() -> None:
    """Nothing to undo."""
