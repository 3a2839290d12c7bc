"""Officers' availability for mutual aid; who runs an import batch.

Revision ID: 0006
Revises: 0007 (0007 was written first, on 0005; this one follows it so there is one head)
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = "availability IN ('AVAILABLE', 'LIMITED', 'UNAVAILABLE')"


def upgrade() -> None:
    with op.batch_alter_table("officer") as batch:
        batch.add_column(sa.Column("available_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("available_to", sa.Date(), nullable=True))
        batch.add_column(sa.Column("availability", sa.String(length=20), nullable=True))
        batch.create_check_constraint(op.f("ck_officer_availability_code"), STATUSES)
    with op.batch_alter_table("import_batch") as batch:
        batch.add_column(sa.Column("runner", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_batch") as batch:
        batch.drop_column("runner")
    with op.batch_alter_table("officer") as batch:
        batch.drop_constraint(op.f("ck_officer_availability_code"), type_="check")
        batch.drop_column("availability")
        batch.drop_column("available_to")
        batch.drop_column("available_from")
