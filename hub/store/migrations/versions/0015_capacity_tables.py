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
    _fill(op.get_bind())


# The first count, frozen here as it was written (not read from hub.store.capacity, which
# may change after this migration): the same definitions as docs/querying.md, "Capacity".
# Placeholders: {next_day} and {day_number} of a date column, per database.
DAY_SQL = {
    "sqlite": ("date({0}, '+1 day')", "CAST(julianday({0}) AS INTEGER)"),
    "postgresql": ("(CAST({0} AS DATE) + 1)", "(CAST({0} AS DATE) - DATE '2000-01-01')"),
}
# each day of each live request holding an accepted commitment
REQUEST_DAYS = """
request_days (request_id, day, ends_on) AS (
    SELECT r.id, r.starts_on, r.ends_on
    FROM mutual_aid_request r
    WHERE r.status IN ('SUBMITTED', 'PARTIALLY_FILLED', 'FILLED', 'CONFIRMED', 'IN_PROGRESS')
      AND r.id IN (SELECT c.request_id FROM commitment c WHERE c.status = 'ACCEPTED')
    UNION ALL
    SELECT rd.request_id, {next_day}, rd.ends_on
    FROM request_days rd
    WHERE rd.day < rd.ends_on
)"""
# one row per officer-day deployed (not cancelled) or named in an accepted commitment
OFFICER_DAYS = """
officer_days AS (
    SELECT officer_id, day, max(d) AS deployed, max(c) AS committed
    FROM (
        SELECT dp.officer_id AS officer_id, dp.duty_date AS day, 1 AS d, 0 AS c
        FROM deployment dp
        WHERE dp.status <> 'CANCELLED'
        UNION ALL
        SELECT pm.officer_id, rd.day, 0, 1
        FROM planning_unit_member pm
        JOIN planning_unit pu ON pu.id = pm.planning_unit_id
        JOIN commitment c ON c.id = pu.commitment_id
        JOIN request_days rd ON rd.request_id = c.request_id
        WHERE c.status = 'ACCEPTED'
    ) AS pairs
    GROUP BY officer_id, day
)"""
FILL_DAY = f"""
WITH RECURSIVE {REQUEST_DAYS}, {OFFICER_DAYS}
INSERT INTO capacity_day
    (capability_id, force_id, day, engaged, deployed, committed, engaged_unavailable, on_duty)
SELECT capability_id, force_id, day, sum(engaged), sum(deployed), sum(committed),
       sum(engaged_unavailable), sum(on_duty)
FROM (
    SELECT oc.capability_id AS capability_id, o.force_id AS force_id, od.day AS day,
           count(*) AS engaged, sum(od.deployed) AS deployed, sum(od.committed) AS committed,
           sum(CASE WHEN o.availability IN ('UNAVAILABLE', 'LIMITED')
                     AND (o.available_from IS NULL OR o.available_from <= od.day)
                     AND (o.available_to IS NULL OR o.available_to >= od.day)
               THEN 1 ELSE 0 END) AS engaged_unavailable,
           0 AS on_duty
    FROM officer_days od
    JOIN officer o ON o.id = od.officer_id
    JOIN officer_capability oc ON oc.officer_id = od.officer_id
    WHERE o.identity_erased_at IS NULL AND o.withdrawn_at IS NULL
    GROUP BY oc.capability_id, o.force_id, od.day
    UNION ALL
    SELECT pu.capability_id, o.force_id, dp.duty_date, 0, 0, 0, 0,
           count(DISTINCT dp.officer_id)
    FROM deployment dp
    JOIN officer o ON o.id = dp.officer_id
    JOIN duty_unit du ON du.id = dp.duty_unit_id
    JOIN planning_unit pu ON pu.id = du.planning_unit_id
    WHERE dp.status <> 'CANCELLED' AND pu.capability_id IS NOT NULL
    GROUP BY pu.capability_id, o.force_id, dp.duty_date
) AS parts
GROUP BY capability_id, force_id, day
"""
# officers away on another force's request: deployed in a unit of its commitment, or named
# in an accepted commitment of its live request; each officer once a day
FILL_AWAY = f"""
WITH RECURSIVE {REQUEST_DAYS}
INSERT INTO capacity_away_day (force_id, day, away)
SELECT force_id, day, count(*)
FROM (
    SELECT o.force_id AS force_id, dp.duty_date AS day, dp.officer_id AS officer_id
    FROM deployment dp
    JOIN officer o ON o.id = dp.officer_id
    JOIN duty_unit du ON du.id = dp.duty_unit_id
    JOIN planning_unit pu ON pu.id = du.planning_unit_id
    JOIN commitment c ON c.id = pu.commitment_id
    JOIN mutual_aid_request r ON r.id = c.request_id
    WHERE dp.status <> 'CANCELLED' AND r.requesting_force_id <> o.force_id
    UNION
    SELECT o.force_id, rd.day, pm.officer_id
    FROM planning_unit_member pm
    JOIN officer o ON o.id = pm.officer_id
    JOIN planning_unit pu ON pu.id = pm.planning_unit_id
    JOIN commitment c ON c.id = pu.commitment_id
    JOIN mutual_aid_request r ON r.id = c.request_id
    JOIN request_days rd ON rd.request_id = r.id
    WHERE c.status = 'ACCEPTED' AND r.requesting_force_id <> o.force_id
) AS away_pairs
GROUP BY force_id, day
"""
# runs of consecutive busy days (gaps and islands: a run shares day number - rank)
FILL_RUN = f"""
WITH RECURSIVE {REQUEST_DAYS}, {OFFICER_DAYS}
INSERT INTO capacity_run (officer_id, starts_on, ends_on)
SELECT officer_id, min(day), max(day)
FROM (
    SELECT officer_id, day,
           {{day_number}} - row_number() OVER (PARTITION BY officer_id ORDER BY day) AS island
    FROM officer_days
) AS numbered
GROUP BY officer_id, island
"""


def _fill(bind: sa.Connection) -> None:
    next_day, day_number = DAY_SQL[bind.dialect.name]
    for statement in (FILL_DAY, FILL_AWAY, FILL_RUN):
        sql = statement.replace("{next_day}", next_day.format("rd.day"))
        sql = sql.replace("{day_number}", day_number.format("day"))
        bind.execute(sa.text(sql))
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
