"""Index every provenance link to its import batch.

Finding the rows a batch wrote, or deleting a batch (which sets those links to NULL), would
otherwise scan each table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "accommodation_booking",
    "commitment",
    "deployment",
    "duty_unit",
    "location",
    "mutual_aid_request",
    "officer",
    "operation",
    "planning_unit",
    "planning_unit_member",
    "travel_booking",
)


def upgrade() -> None:
    for table in TABLES:
        op.create_index(f"ix_{table}_source_batch_id", table, ["source_batch_id"], unique=False)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_index(f"ix_{table}_source_batch_id", table_name=table)
