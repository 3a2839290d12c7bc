"""Cost recovery: agreement or dispute per statement, and the terms of a deployment.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cost_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=False),
        sa.Column("providing_force_id", sa.Integer(), nullable=False),
        sa.Column("requesting_force_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("total_pence", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('AGREED', 'DISPUTED')", name=op.f("ck_cost_agreement_status_code")
        ),
        sa.CheckConstraint("total_pence >= 0", name=op.f("ck_cost_agreement_total_not_negative")),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["operation.id"],
            name=op.f("fk_cost_agreement_operation_id_operation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["providing_force_id"],
            ["force.id"],
            name=op.f("fk_cost_agreement_providing_force_id_force"),
        ),
        sa.ForeignKeyConstraint(
            ["requesting_force_id"],
            ["force.id"],
            name=op.f("fk_cost_agreement_requesting_force_id_force"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cost_agreement")),
        sa.UniqueConstraint(
            "operation_id",
            "providing_force_id",
            "requesting_force_id",
            name=op.f("uq_cost_agreement_statement"),
        ),
    )
    op.create_index(
        op.f("ix_cost_agreement_providing_force_id"),
        "cost_agreement",
        ["providing_force_id"],
    )
    op.create_index(
        op.f("ix_cost_agreement_requesting_force_id"),
        "cost_agreement",
        ["requesting_force_id"],
    )
    op.create_table(
        "deployment_terms",
        sa.Column("deployment_id", sa.Integer(), nullable=False),
        sa.Column("rest_day", sa.Boolean(), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["deployment_id"],
            ["deployment.id"],
            name=op.f("fk_deployment_terms_deployment_id_deployment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("deployment_id", name=op.f("pk_deployment_terms")),
    )


def downgrade() -> None:
    op.drop_table("deployment_terms")
    op.drop_index(op.f("ix_cost_agreement_requesting_force_id"), table_name="cost_agreement")
    op.drop_index(op.f("ix_cost_agreement_providing_force_id"), table_name="cost_agreement")
    op.drop_table("cost_agreement")
