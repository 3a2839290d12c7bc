"""Opaque ids for personal records, and which records each audited operation disclosed.

A `gid` column on officers, deployments and bookings, and the append-only `audit_subject`.

The id of a record whose natural key is personal becomes a keyed hash of that key under the
federation's id key (`HUB_ID_KEY`, see `hub.standard.ids`); stored and indexed, so records
are found by it. Existing rows are given theirs here, which needs the key when any exist.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from hub.store.gids import ID_KEY_OPTION, fill_gids_sync

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("officer", "deployment", "accommodation_booking", "travel_booking")


# Like the audit log, the list of records each audited operation disclosed is append-only.
POSTGRES_APPEND_ONLY = (
    """
    CREATE TRIGGER audit_subject_append_only BEFORE UPDATE OR DELETE ON audit_subject
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
    """,
    """
    CREATE TRIGGER audit_subject_no_truncate BEFORE TRUNCATE ON audit_subject
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
    """,
)
SQLITE_APPEND_ONLY = tuple(
    f"""
    CREATE TRIGGER audit_subject_no_{action.lower()} BEFORE {action} ON audit_subject
    BEGIN SELECT RAISE(ABORT, 'audit_subject is append-only'); END
    """
    for action in ("UPDATE", "DELETE")
)


def upgrade() -> None:
    op.create_table(
        "audit_subject",
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audit_log.id"], name=op.f("fk_audit_subject_audit_id_audit_log")
        ),
        sa.PrimaryKeyConstraint("audit_id", "subject", name=op.f("pk_audit_subject")),
    )
    op.create_index(op.f("ix_audit_subject_subject"), "audit_subject", ["subject"], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in POSTGRES_APPEND_ONLY if dialect == "postgresql" else SQLITE_APPEND_ONLY:
        op.execute(statement)
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("gid", sa.String(length=120), nullable=True))
            batch.create_unique_constraint(f"uq_{table}_gid", ["gid"])
    connection = op.get_bind()
    fill_gids_sync(connection, connection.get_execution_options().get(ID_KEY_OPTION))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_gid", type_="unique")
            batch.drop_column("gid")
    op.drop_table("audit_subject")
