"""Capacity counted ahead (issue #16): officer-days per capability, force and day, officers
away per force and day, each officer's runs of busy days, and the import batches taken in;
filled from the data already stored.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = ("engaged", "deployed", "committed", "engaged_unavailable", "on_duty")


def _fk(table: str, column: str, target: str, **kw: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), **kw
    )


def upgrade() -> None:
    op.create_table(
        "capacity_day",
        sa.Column("capability_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
        _fk("capacity_day", "capability_id", "capability"),
        _fk("capacity_day", "force_id", "force"),
        sa.PrimaryKeyConstraint("capability_id", "force_id", "day", name=op.f("pk_capacity_day")),
    )
    op.create_table(
        "capacity_away_day",
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("away", sa.Integer(), nullable=False),
        _fk("capacity_away_day", "force_id", "force"),
        sa.PrimaryKeyConstraint("force_id", "day", name=op.f("pk_capacity_away_day")),
    )
    op.create_table(
        "capacity_run",
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        _fk("capacity_run", "officer_id", "officer", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("officer_id", "starts_on", name=op.f("pk_capacity_run")),
    )
    op.create_index(
        "ix_capacity_run_window", "capacity_run", ["starts_on", "ends_on", "officer_id"]
    )
    op.create_table(
        "capacity_batch",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        _fk("capacity_batch", "batch_id", "import_batch", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_capacity_batch")),
    )
    from hub.store.capacity import statements

    bind = op.get_bind()
    for statement in statements():
        bind.execute(statement)
    bind.execute(
        sa.text(
            "INSERT INTO capacity_batch (batch_id) "
            "SELECT id FROM import_batch WHERE status <> 'RUNNING'"
        )
    )


def downgrade() -> None:
    op.drop_table("capacity_batch")
    op.drop_index("ix_capacity_run_window", table_name="capacity_run")
    op.drop_table("capacity_run")
    op.drop_table("capacity_away_day")
    op.drop_table("capacity_day")
