"""Duty-days counted ahead (issue #14): per force and day, the deployments not cancelled and
the officers among them, for `officerDutyDays` by force (or region) and day; filled from the
data already stored.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The first count, frozen here as it was written (not read from hub.store.capacity, which
# may change after this migration): docs/querying.md, "Management information".
FILL = """
INSERT INTO duty_day (force_id, day, deployments, officers)
SELECT o.force_id, dp.duty_date, count(*), count(DISTINCT dp.officer_id)
FROM deployment dp
JOIN officer o ON o.id = dp.officer_id
WHERE dp.status <> 'CANCELLED'
GROUP BY o.force_id, dp.duty_date
"""


def upgrade() -> None:
    op.create_table(
        "duty_day",
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("deployments", sa.Integer(), nullable=False),
        sa.Column("officers", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["force_id"], ["force.id"], name=op.f("fk_duty_day_force_id_force")
        ),
        sa.PrimaryKeyConstraint("force_id", "day", name=op.f("pk_duty_day")),
    )
    op.get_bind().execute(sa.text(FILL))


def downgrade() -> None:
    op.drop_table("duty_day")
