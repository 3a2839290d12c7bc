"""Security: API keys, the append-only read-access audit log and rate-limit windows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 05:43:48.444105
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The audit log is append-only: the database itself refuses to change or delete a record.
POSTGRES_APPEND_ONLY = (
    """
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
    END $$
    """,
    """
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
    """,
    """
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
    """,
)
SQLITE_APPEND_ONLY = tuple(
    f"""
    CREATE TRIGGER audit_log_no_{action.lower()} BEFORE {action} ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
    """
    for action in ("UPDATE", "DELETE")
)


def upgrade() -> None:
    op.create_table(
        "rate_limit_window",
        sa.Column("bucket", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "window_start", name=op.f("pk_rate_limit_window")),
    )
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=True),
        sa.Column("allowed_operations", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "role IN ('coordinator', 'partner', 'ingest', 'stakeholder')",
            name=op.f("ck_api_key_role_code"),
        ),
        sa.CheckConstraint(
            "role IN ('coordinator', 'stakeholder') OR force_id IS NOT NULL",
            name=op.f("ck_api_key_force_for_scoped_roles"),
        ),
        sa.ForeignKeyConstraint(["force_id"], ["force.id"], name=op.f("fk_api_key_force_id_force")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_key")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_key_key_hash")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_key_prefix")),
    )
    op.create_index(op.f("ix_api_key_force_id"), "api_key", ["force_id"], unique=False)
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=True),
        sa.Column("key_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("force_code", sa.String(length=40), nullable=True),
        sa.Column("operation_type", sa.String(length=20), nullable=False),
        sa.Column("operation_name", sa.String(length=200), nullable=True),
        sa.Column("document_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("fields", sa.String(length=500), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["key_id"], ["api_key.id"], name=op.f("fk_audit_log_key_id_api_key")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_key_id"), "audit_log", ["key_id"], unique=False)
    op.create_index(op.f("ix_audit_log_occurred_at"), "audit_log", ["occurred_at"], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in POSTGRES_APPEND_ONLY if dialect == "postgresql" else SQLITE_APPEND_ONLY:
        op.execute(statement)


def downgrade() -> None:
    # Dropping a table drops its indexes, constraints and triggers with it.
    op.drop_table("audit_log")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_log_append_only()")
    op.drop_table("api_key")
    op.drop_table("rate_limit_window")
