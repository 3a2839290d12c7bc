"""Provisional planning units: named by a duty roster before the unit's own record (issue #13).

A roster may name a unit by its reference alone; the import creates the unit for the import's
force, marked provisional, with its reference as its name and no capability (null) until the
unit's complete record fills it in. Only a provisional unit may lack a capability.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("planning_unit") as batch:
        batch.add_column(
            sa.Column("provisional", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.alter_column("capability_id", existing_type=sa.Integer(), nullable=True)
        batch.create_check_constraint(
            op.f("ck_planning_unit_capability_unless_provisional"),
            "provisional OR capability_id IS NOT NULL",
        )


def downgrade() -> None:
    op.execute("delete from planning_unit where capability_id is null")
    with op.batch_alter_table("planning_unit") as batch:
        batch.drop_constraint(op.f("ck_planning_unit_capability_unless_provisional"), type_="check")
        batch.alter_column("capability_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("provisional")
