"""Workflow: each request's event log (append-only) and mutations' idempotency keys.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 06:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIONS = (
    "'RAISE', 'UPDATE', 'SUBMIT', 'OFFER', 'ACCEPT', 'DECLINE', 'WITHDRAW', 'RELEASE', "
    "'CONFIRM', 'START', 'EXTEND', 'COMPLETE', 'CANCEL'"
)
# Events are never edited (deleting a request still deletes its log, by cascade).
POSTGRES_NO_UPDATE = (
    """
    CREATE FUNCTION request_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'request_event is append-only';
    END $$
    """,
    """
    CREATE TRIGGER request_event_no_update BEFORE UPDATE ON request_event
    FOR EACH ROW EXECUTE FUNCTION request_event_append_only()
    """,
)
SQLITE_NO_UPDATE = (
    """
    CREATE TRIGGER request_event_no_update BEFORE UPDATE ON request_event
    BEGIN SELECT RAISE(ABORT, 'request_event is append-only'); END
    """,
)


def upgrade() -> None:
    op.create_table(
        "idempotency_key",
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("operation", sa.String(length=60), nullable=False),
        sa.Column("input_hash", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("owner", "key", name=op.f("pk_idempotency_key")),
    )
    op.create_table(
        "request_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("actor_key_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("actor_force_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.String(length=36), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"action IN ({ACTIONS})", name=op.f("ck_request_event_action_code")),
        sa.ForeignKeyConstraint(
            ["actor_force_id"], ["force.id"], name=op.f("fk_request_event_actor_force_id_force")
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_request_event_commitment_id_commitment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["mutual_aid_request.id"],
            name=op.f("fk_request_event_request_id_mutual_aid_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_event")),
        sa.UniqueConstraint("message_id", name=op.f("uq_request_event_message_id")),
        sa.UniqueConstraint(
            "request_id", "sequence", name=op.f("uq_request_event_request_id_sequence")
        ),
    )
    op.create_index(
        op.f("ix_request_event_commitment_id"), "request_event", ["commitment_id"], unique=False
    )
    dialect = op.get_bind().dialect.name
    for statement in POSTGRES_NO_UPDATE if dialect == "postgresql" else SQLITE_NO_UPDATE:
        op.execute(statement)


def downgrade() -> None:
    op.drop_table("request_event")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION request_event_append_only()")
    op.drop_table("idempotency_key")
