"""The data's life cycle: classification, retention log, withdrawn records (issue #19).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from collections.abc import Sequence

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet: the revision reserves its place in the chain."""


def downgrade() -> None:
    """Nothing to undo."""
