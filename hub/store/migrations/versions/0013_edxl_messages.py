"""EDXL-RM messages both ways (issue #18): messages with no lifecycle step, kept per request.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "edxl_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("after_sequence", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=36), nullable=False),
        sa.Column("message_type", sa.String(length=60), nullable=False),
        sa.Column("sender_force_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("response_type", sa.String(length=20), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("price", sa.String(length=60), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["mutual_aid_request.id"],
            name=op.f("fk_edxl_message_request_id_mutual_aid_request"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_force_id"], ["force.id"], name=op.f("fk_edxl_message_sender_force_id_force")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_edxl_message")),
        sa.UniqueConstraint("message_id", name=op.f("uq_edxl_message_message_id")),
    )
    op.create_index(
        op.f("ix_edxl_message_request_id"), "edxl_message", ["request_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_edxl_message_request_id"), table_name="edxl_message")
    op.drop_table("edxl_message")
