"""Opaque ids for personal records: a `gid` column on officers, deployments and bookings.

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


def upgrade() -> None:
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
