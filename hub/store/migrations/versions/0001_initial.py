"""The initial schema: every table, constraint and index of the standard's entities.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 05:16:27.815352
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# In the order they are created: each table after the tables it refers to.
TABLES = (
    "capability",
    "region",
    "force",
    "import_batch",
    "import_reject",
    "officer",
    "operation",
    "location",
    "officer_capability",
    "mutual_aid_request",
    "commitment",
    "planning_unit",
    "accommodation_booking",
    "duty_unit",
    "planning_unit_member",
    "travel_booking",
    "deployment",
)


def upgrade() -> None:
    op.create_table(
        "capability",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capability")),
        sa.UniqueConstraint("code", name=op.f("uq_capability_code")),
    )
    op.create_table(
        "region",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=40), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region")),
        sa.UniqueConstraint("code", name=op.f("uq_region_code")),
    )
    op.create_table(
        "force",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("short_name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=40), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("police_uk_id", sa.String(length=40), nullable=True),
        sa.Column("ons_pfa_code", sa.String(length=12), nullable=True),
        sa.Column("officer_strength_fte", sa.Integer(), nullable=True),
        sa.Column(
            "aliases",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_force_region_id_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_force")),
        sa.UniqueConstraint("code", name=op.f("uq_force_code")),
    )
    op.create_index(op.f("ix_force_region_id"), "force", ["region_id"], unique=False)
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=True),
        sa.Column("adapter", sa.String(length=120), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("strict", sa.Boolean(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("inserted", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["force_id"], ["force.id"], name=op.f("fk_import_batch_force_id_force")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
        sa.UniqueConstraint("uid", name=op.f("uq_import_batch_uid")),
    )
    op.create_index(op.f("ix_import_batch_checksum"), "import_batch", ["checksum"], unique=False)
    op.create_index(op.f("ix_import_batch_force_id"), "import_batch", ["force_id"], unique=False)
    op.create_table(
        "import_reject",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("file", sa.String(length=300), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(length=500), nullable=True),
        sa.Column("field", sa.String(length=120), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_import_reject_batch_id_import_batch"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_reject")),
    )
    op.create_index(op.f("ix_import_reject_batch_id"), "import_reject", ["batch_id"], unique=False)
    op.create_index(op.f("ix_import_reject_code"), "import_reject", ["code"], unique=False)
    op.create_table(
        "officer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("service_number", sa.String(length=40), nullable=False),
        sa.Column("given_name", sa.String(length=80), nullable=False),
        sa.Column("family_name", sa.String(length=80), nullable=False),
        sa.Column("rank", sa.String(length=20), nullable=False),
        sa.Column("detective", sa.Boolean(), nullable=False),
        sa.Column("source_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["force_id"], ["force.id"], name=op.f("fk_officer_force_id_force")),
        sa.ForeignKeyConstraint(
            ["source_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_officer_source_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officer")),
        sa.UniqueConstraint(
            "force_id", "service_number", name=op.f("uq_officer_force_id_service_number")
        ),
    )
    op.create_index(op.f("ix_officer_family_name"), "officer", ["family_name"], unique=False)
    op.create_index(op.f("ix_officer_rank"), "officer", ["rank"], unique=False)
    op.create_table(
        "operation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("lead_force_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("source_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_operation_dates_in_order")),
        sa.ForeignKeyConstraint(
            ["lead_force_id"], ["force.id"], name=op.f("fk_operation_lead_force_id_force")
        ),
        sa.ForeignKeyConstraint(
            ["source_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_operation_source_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operation")),
        sa.UniqueConstraint("code", name=op.f("uq_operation_code")),
    )
    op.create_index(
        op.f("ix_operation_lead_force_id"), "operation", ["lead_force_id"], unique=False
    )
    op.create_table(
        "location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("operation_id", sa.Integer(), nullable=True),
        sa.Column("source_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "type IN ('VENUE', 'BRIEFING_CENTRE', 'MUSTER_POINT', 'RENDEZVOUS_POINT', "
            "'COMMAND_CENTRE', 'ACCOMMODATION', 'FEEDING_POINT', 'POLICE_STATION', "
            "'CUSTODY_SUITE', 'TRANSPORT_HUB', 'OTHER')",
            name=op.f("ck_location_type_code"),
        ),
        sa.ForeignKeyConstraint(
            ["operation_id"], ["operation.id"], name=op.f("fk_location_operation_id_operation")
        ),
        sa.ForeignKeyConstraint(
            ["source_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_location_source_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location")),
        sa.UniqueConstraint("code", name=op.f("uq_location_code")),
    )
    op.create_index(op.f("ix_location_name"), "location", ["name"], unique=False)
    op.create_index(op.f("ix_location_operation_id"), "location", ["operation_id"], unique=False)
    op.create_index(op.f("ix_location_type"), "location", ["type"], unique=False)
    op.create_table(
        "officer_capability",
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("capability_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["capability_id"],
            ["capability.id"],
            name=op.f("fk_officer_capability_capability_id_capability"),
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officer.id"],
            name=op.f("fk_officer_capability_officer_id_officer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("officer_id", "capability_id", name=op.f("pk_officer_capability")),
    )
    op.create_index(
        op.f("ix_officer_capability_capability_id"),
        "officer_capability",
        ["capability_id"],
        unique=False,
    )
    op.create_table(
        "mutual_aid_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("requesting_force_id", sa.Integer(), nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=True),
        sa.Column("capability_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("source_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "status IN ('DRAFT', 'SUBMITTED', 'PARTIALLY_FILLED', 'FILLED', 'CONFIRMED', "
            "'IN_PROGRESS', 'COMPLETED', 'CANCELLED')",
            name=op.f("ck_mutual_aid_request_status_code"),
        ),
        sa.CheckConstraint(
            "ends_on >= starts_on", name=op.f("ck_mutual_aid_request_dates_in_order")
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_mutual_aid_request_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["capability_id"],
            ["capability.id"],
            name=op.f("fk_mutual_aid_request_capability_id_capability"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_mutual_aid_request_location_id_location"),
        ),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["operation.id"],
            name=op.f("fk_mutual_aid_request_operation_id_operation"),
        ),
        sa.ForeignKeyConstraint(
            ["requesting_force_id"],
            ["force.id"],
            name=op.f("fk_mutual_aid_request_requesting_force_id_force"),
        ),
        sa.ForeignKeyConstraint(
            ["source_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_mutual_aid_request_source_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mutual_aid_request")),
        sa.UniqueConstraint("reference", name=op.f("uq_mutual_aid_request_reference")),
    )
    op.create_index(
        op.f("ix_mutual_aid_request_capability_id"),
        "mutual_aid_request",
        ["capability_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mutual_aid_request_location_id"),
        "mutual_aid_request",
        ["location_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mutual_aid_request_operation_id"),
        "mutual_aid_request",
        ["operation_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mutual_aid_request_requesting_force_id"),
        "mutual_aid_request",
        ["requesting_force_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mutual_aid_request_starts_on"), "mutual_aid_request", ["starts_on"], unique=False
    )
    op.create_index(
        op.f("ix_mutual_aid_request_status"), "mutual_aid_request", ["status"], unique=False
    )
    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("providing_force_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "status IN ('OFFERED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'RELEASED')",
            name=op.f("ck_commitment_status_code"),
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_commitment_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["providing_force_id"],
            ["force.id"],
            name=op.f("fk_commitment_providing_force_id_force"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["mutual_aid_request.id"],
            name=op.f("fk_commitment_request_id_mutual_aid_request"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_commitment_source_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
        sa.UniqueConstraint(
            "request_id",
            "providing_force_id",
            "sequence",
            name=op.f("uq_commitment_request_id_providing_force_id_sequence"),
        ),
    )
    op.create_index(
        op.f("ix_commitment_providing_force_id"), "commitment", ["providing_force_id"], unique=False
    )
    op.create_index(op.f("ix_commitment_status"), "commitment", ["status"], unique=False)
    op.create_table(
        "planning_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("capability_id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("source_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["capability_id"],
            ["capability.id"],
            name=op.f("fk_planning_unit_capability_id_capability"),
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_planning_unit_commitment_id_commitment"),
        ),
        sa.ForeignKeyConstraint(
            ["force_id"], ["force.id"], name=op.f("fk_planning_unit_force_id_force")
        ),
        sa.ForeignKeyConstraint(
            ["source_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_planning_unit_source_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_unit")),
        sa.UniqueConstraint("reference", name=op.f("uq_planning_unit_reference")),
    )
    op.create_index(
        op.f("ix_planning_unit_capability_id"), "planning_unit", ["capability_id"], unique=False
    )
    op.create_index(
        op.f("ix_planning_unit_commitment_id"), "planning_unit", ["commitment_id"], unique=False
    )
    op.create_index(op.f("ix_planning_unit_force_id"), "planning_unit", ["force_id"], unique=False)
    op.create_table(
        "accommodation_booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("holder_key", sa.String(length=120), nullable=False),
        sa.Column("planning_unit_id", sa.Integer(), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("check_in", sa.Date(), nullable=False),
        sa.Column("check_out", sa.Date(), nullable=False),
        sa.Column("rooms", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "status IN ('PROVISIONAL', 'CONFIRMED', 'CANCELLED')",
            name=op.f("ck_accommodation_booking_status_code"),
        ),
        sa.CheckConstraint(
            "(planning_unit_id IS NOT NULL) OR (officer_id IS NOT NULL)",
            name=op.f("ck_accommodation_booking_has_holder"),
        ),
        sa.CheckConstraint(
            "check_out > check_in", name=op.f("ck_accommodation_booking_dates_in_order")
        ),
        sa.CheckConstraint("rooms > 0", name=op.f("ck_accommodation_booking_rooms_positive")),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_accommodation_booking_location_id_location"),
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_accommodation_booking_officer_id_officer")
        ),
        sa.ForeignKeyConstraint(
            ["planning_unit_id"],
            ["planning_unit.id"],
            name=op.f("fk_accommodation_booking_planning_unit_id_planning_unit"),
        ),
        sa.ForeignKeyConstraint(
            ["source_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_accommodation_booking_source_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accommodation_booking")),
        sa.UniqueConstraint(
            "location_id",
            "holder_key",
            "check_in",
            name=op.f("uq_accommodation_booking_location_id_holder_key_check_in"),
        ),
    )
    op.create_index(
        op.f("ix_accommodation_booking_check_in"),
        "accommodation_booking",
        ["check_in"],
        unique=False,
    )
    op.create_index(
        op.f("ix_accommodation_booking_officer_id"),
        "accommodation_booking",
        ["officer_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_accommodation_booking_planning_unit_id"),
        "accommodation_booking",
        ["planning_unit_id"],
        unique=False,
    )
    op.create_table(
        "duty_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("planning_unit_id", sa.Integer(), nullable=False),
        sa.Column("shift_type", sa.String(length=10), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("source_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "shift_type IN ('DAY', 'LATE', 'NIGHT')", name=op.f("ck_duty_unit_shift_type_code")
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_duty_unit_times_in_order")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["location.id"], name=op.f("fk_duty_unit_location_id_location")
        ),
        sa.ForeignKeyConstraint(
            ["planning_unit_id"],
            ["planning_unit.id"],
            name=op.f("fk_duty_unit_planning_unit_id_planning_unit"),
        ),
        sa.ForeignKeyConstraint(
            ["source_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_duty_unit_source_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_unit")),
        sa.UniqueConstraint(
            "planning_unit_id", "starts_at", name=op.f("uq_duty_unit_planning_unit_id_starts_at")
        ),
        sa.UniqueConstraint("reference", name=op.f("uq_duty_unit_reference")),
    )
    op.create_index(op.f("ix_duty_unit_location_id"), "duty_unit", ["location_id"], unique=False)
    op.create_index(op.f("ix_duty_unit_starts_at"), "duty_unit", ["starts_at"], unique=False)
    op.create_table(
        "planning_unit_member",
        sa.Column("planning_unit_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=60), nullable=True),
        sa.Column("source_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_planning_unit_member_officer_id_officer")
        ),
        sa.ForeignKeyConstraint(
            ["planning_unit_id"],
            ["planning_unit.id"],
            name=op.f("fk_planning_unit_member_planning_unit_id_planning_unit"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_planning_unit_member_source_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint(
            "planning_unit_id", "officer_id", name=op.f("pk_planning_unit_member")
        ),
    )
    op.create_index(
        op.f("ix_planning_unit_member_officer_id"),
        "planning_unit_member",
        ["officer_id"],
        unique=False,
    )
    op.create_table(
        "travel_booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("planning_unit_id", sa.Integer(), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("from_location_id", sa.Integer(), nullable=False),
        sa.Column("to_location_id", sa.Integer(), nullable=False),
        sa.Column("departs_at", sa.DateTime(), nullable=False),
        sa.Column("arrives_at", sa.DateTime(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "mode IN ('COACH', 'MINIBUS', 'POLICE_VEHICLE', 'TRAIN', 'AIR', 'FERRY', 'OTHER')",
            name=op.f("ck_travel_booking_mode_code"),
        ),
        sa.CheckConstraint(
            "status IN ('PROVISIONAL', 'CONFIRMED', 'CANCELLED')",
            name=op.f("ck_travel_booking_status_code"),
        ),
        sa.CheckConstraint(
            "(planning_unit_id IS NOT NULL) OR (officer_id IS NOT NULL)",
            name=op.f("ck_travel_booking_has_holder"),
        ),
        sa.CheckConstraint(
            "arrives_at > departs_at", name=op.f("ck_travel_booking_times_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["from_location_id"],
            ["location.id"],
            name=op.f("fk_travel_booking_from_location_id_location"),
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_travel_booking_officer_id_officer")
        ),
        sa.ForeignKeyConstraint(
            ["planning_unit_id"],
            ["planning_unit.id"],
            name=op.f("fk_travel_booking_planning_unit_id_planning_unit"),
        ),
        sa.ForeignKeyConstraint(
            ["source_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_travel_booking_source_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["to_location_id"],
            ["location.id"],
            name=op.f("fk_travel_booking_to_location_id_location"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_travel_booking")),
        sa.UniqueConstraint("reference", name=op.f("uq_travel_booking_reference")),
    )
    op.create_index(
        op.f("ix_travel_booking_departs_at"), "travel_booking", ["departs_at"], unique=False
    )
    op.create_index(
        op.f("ix_travel_booking_from_location_id"),
        "travel_booking",
        ["from_location_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_travel_booking_officer_id"), "travel_booking", ["officer_id"], unique=False
    )
    op.create_index(
        op.f("ix_travel_booking_planning_unit_id"),
        "travel_booking",
        ["planning_unit_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_travel_booking_to_location_id"), "travel_booking", ["to_location_id"], unique=False
    )
    op.create_table(
        "deployment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("duty_unit_id", sa.Integer(), nullable=False),
        sa.Column("duty_date", sa.Date(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "status IN ('PLANNED', 'ON_DUTY', 'STOOD_DOWN', 'COMPLETED', 'CANCELLED')",
            name=op.f("ck_deployment_status_code"),
        ),
        sa.ForeignKeyConstraint(
            ["duty_unit_id"], ["duty_unit.id"], name=op.f("fk_deployment_duty_unit_id_duty_unit")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["location.id"], name=op.f("fk_deployment_location_id_location")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_deployment_officer_id_officer")
        ),
        sa.ForeignKeyConstraint(
            ["source_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_deployment_source_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deployment")),
        sa.UniqueConstraint(
            "officer_id", "duty_unit_id", name=op.f("uq_deployment_officer_id_duty_unit_id")
        ),
    )
    op.create_index(op.f("ix_deployment_duty_date"), "deployment", ["duty_date"], unique=False)
    op.create_index(
        op.f("ix_deployment_duty_unit_id"), "deployment", ["duty_unit_id"], unique=False
    )
    op.create_index(op.f("ix_deployment_location_id"), "deployment", ["location_id"], unique=False)


def downgrade() -> None:
    # Dropping a table drops its indexes and constraints with it.
    for table in reversed(TABLES):
        op.drop_table(table)
