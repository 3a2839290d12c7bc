"""Provisional officers hold no names and no rank (null), not empty text (issue #13).

A roster may name an officer by service number alone; until the force's HR record fills it in,
what is not known is stored as unknown. The graph's givenName, familyName and rank were
nullable already (withheld personal data; a rank outside the code list).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNKNOWN = ("given_name", "family_name", "rank")
LENGTHS = {"given_name": 80, "family_name": 80, "rank": 20}


def upgrade() -> None:
    with op.batch_alter_table("officer") as batch:
        for name in UNKNOWN:
            batch.alter_column(name, existing_type=sa.String(LENGTHS[name]), nullable=True)
    op.execute(
        "update officer set given_name = null, family_name = null, rank = null"
        " where provisional and given_name = '' and family_name = '' and rank = ''"
    )


def downgrade() -> None:
    op.execute(
        "update officer set given_name = coalesce(given_name, ''),"
        " family_name = coalesce(family_name, ''), rank = coalesce(rank, '')"
    )
    with op.batch_alter_table("officer") as batch:
        for name in UNKNOWN:
            batch.alter_column(name, existing_type=sa.String(LENGTHS[name]), nullable=False)
