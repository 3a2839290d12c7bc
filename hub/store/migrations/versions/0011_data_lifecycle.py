"""The data's life cycle: the retention log (append-only), officers whose identity was erased or
who left a force's full list (withdrawn), and records' security markings.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = "retention_erasure is append-only"


def upgrade() -> None:
    with op.batch_alter_table("officer") as batch:
        batch.add_column(sa.Column("identity_erased_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("withdrawn_batch_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_officer_withdrawn_batch_id_import_batch"),
            "import_batch",
            ["withdrawn_batch_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "retention_erasure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("rule", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("record_type", sa.String(length=60), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("cutoff", sa.Date(), nullable=False),
        sa.Column("policy_sha256", sa.String(length=64), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_erasure")),
    )
    op.create_index(
        op.f("ix_retention_erasure_run_id"), "retention_erasure", ["run_id"], unique=False
    )
    op.create_table(
        "record_marking",
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("classification", sa.String(length=30), nullable=False),
        sa.Column("marked_by", sa.String(length=120), nullable=False),
        sa.Column("source_batch_id", sa.Integer(), nullable=True),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "classification IN ('OFFICIAL', 'OFFICIAL_SENSITIVE')",
            name=op.f("ck_record_marking_classification_code"),
        ),
        sa.ForeignKeyConstraint(
            ["source_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_record_marking_source_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("record_type", "record_id", name=op.f("pk_record_marking")),
    )
    op.create_index(
        op.f("ix_record_marking_source_batch_id"),
        "record_marking",
        ["source_batch_id"],
        unique=False,
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION retention_erasure_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER retention_erasure_append_only BEFORE UPDATE OR DELETE "
            "ON retention_erasure FOR EACH ROW EXECUTE FUNCTION retention_erasure_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER retention_erasure_no_{event.lower()} BEFORE {event} "
                f"ON retention_erasure BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER retention_erasure_append_only ON retention_erasure")
        op.execute("DROP FUNCTION retention_erasure_append_only()")
    op.drop_index(op.f("ix_record_marking_source_batch_id"), table_name="record_marking")
    op.drop_table("record_marking")
    op.drop_index(op.f("ix_retention_erasure_run_id"), table_name="retention_erasure")
    op.drop_table("retention_erasure")
    with op.batch_alter_table("officer") as batch:
        batch.drop_constraint(
            batch.f("fk_officer_withdrawn_batch_id_import_batch"), type_="foreignkey"
        )
        batch.drop_column("withdrawn_batch_id")
        batch.drop_column("withdrawn_at")
        batch.drop_column("identity_erased_at")
