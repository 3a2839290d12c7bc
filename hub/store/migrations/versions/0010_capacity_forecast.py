"""Capacity (issue #16, part two): the append-only log of officers' availability changes made
through the graph (`setOfficerAvailability`, `clearOfficerAvailability`), and an index from which
capacity reads a window's officer-days (date, officer, status, duty unit) without the table.
Forecasts need no tables.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "availability_change"
APPEND_ONLY = "availability_change is append-only"
CAPACITY_INDEX = "ix_deployment_capacity"
CAPACITY_COLUMNS = ["duty_date", "officer_id", "status", "duty_unit_id"]


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_gid", sa.String(length=120), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("status_before", sa.String(length=20), nullable=True),
        sa.Column("from_before", sa.Date(), nullable=True),
        sa.Column("to_before", sa.Date(), nullable=True),
        sa.Column("status_after", sa.String(length=20), nullable=True),
        sa.Column("from_after", sa.Date(), nullable=True),
        sa.Column("to_after", sa.Date(), nullable=True),
        sa.Column("actor_key_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("actor_force_id", sa.Integer(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("action IN ('SET', 'CLEAR')", name=op.f(f"ck_{TABLE}_action_code")),
        sa.ForeignKeyConstraint(
            ["force_id"], ["force.id"], name=op.f(f"fk_{TABLE}_force_id_force")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index(op.f(f"ix_{TABLE}_officer_gid"), TABLE, ["officer_gid"], unique=False)
    op.create_index(op.f(f"ix_{TABLE}_force_id"), TABLE, ["force_id"], unique=False)
    op.create_index(op.f(CAPACITY_INDEX), "deployment", CAPACITY_COLUMNS, unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {TABLE}_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE "
            f"ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{event.lower()} BEFORE {event} "
                f"ON {TABLE} BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {TABLE}_append_only ON {TABLE}")
        op.execute(f"DROP FUNCTION {TABLE}_append_only()")
    op.drop_index(op.f(CAPACITY_INDEX), table_name="deployment")
    op.drop_index(op.f(f"ix_{TABLE}_force_id"), table_name=TABLE)
    op.drop_index(op.f(f"ix_{TABLE}_officer_gid"), table_name=TABLE)
    op.drop_table(TABLE)
