"""National picture: request units, roster rules, capacity (issue #16, part one).

A request counts in a resource unit (`standards/codelists/resource-units.csv`) and keeps its
officer equivalent, quantity x the unit's officers, fixed when the request is written. Requests
stored before this revision counted officers.

An imported request keeps the status its source stated (`stated_status`); its `status` is set
from that and from its commitments and deployments after each import (`hub.domain.facts`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mutual_aid_request") as batch:
        batch.add_column(sa.Column("unit", sa.String(20), server_default="OFFICER", nullable=False))
        batch.add_column(sa.Column("officers", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("stated_status", sa.String(20), nullable=True))
        batch.alter_column(
            "status", existing_type=sa.String(20), server_default="DRAFT", existing_nullable=False
        )
    op.execute("UPDATE mutual_aid_request SET officers = quantity")
    with op.batch_alter_table("mutual_aid_request") as batch:
        batch.alter_column("officers", existing_type=sa.Integer(), nullable=False)
        batch.create_check_constraint(
            op.f("ck_mutual_aid_request_officers_cover_quantity"), "officers >= quantity"
        )


def downgrade() -> None:
    with op.batch_alter_table("mutual_aid_request") as batch:
        batch.drop_constraint(op.f("ck_mutual_aid_request_officers_cover_quantity"), type_="check")
        batch.drop_column("officers")
        batch.drop_column("stated_status")
        batch.alter_column(
            "status", existing_type=sa.String(20), server_default=None, existing_nullable=False
        )
        batch.drop_column("unit")
