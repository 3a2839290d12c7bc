"""Cost recovery's own records: what was agreed or disputed, and the terms of a duty."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hub.store.models.base import Base
from hub.store.types import UtcDateTime, utcnow

#: What a requesting force says of a statement.
AGREEMENT_STATUSES = ("AGREED", "DISPUTED")


class CostAgreement(Base):
    """The latest word on one statement (operation, providing force, requesting force): agreed
    or disputed, for which total (in pence), under which rate set, with a note."""

    __tablename__ = "cost_agreement"
    __table_args__ = (
        UniqueConstraint(
            "operation_id",
            "providing_force_id",
            "requesting_force_id",
            name="uq_cost_agreement_statement",
        ),
        CheckConstraint("status IN ('AGREED', 'DISPUTED')", name="status_code"),
        CheckConstraint("total_pence >= 0", name="total_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operation.id", ondelete="CASCADE"))
    providing_force_id: Mapped[int] = mapped_column(ForeignKey("force.id"), index=True)
    requesting_force_id: Mapped[int] = mapped_column(ForeignKey("force.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    total_pence: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class DeploymentTerms(Base):
    """What pricing a deployment needs beyond its tour: whether it fell on the officer's
    rostered rest day, when the officer was told to work it, and when it was cancelled."""

    __tablename__ = "deployment_terms"

    deployment_id: Mapped[int] = mapped_column(
        ForeignKey("deployment.id", ondelete="CASCADE"), primary_key=True
    )
    rest_day: Mapped[bool] = mapped_column(Boolean, default=False)
    notified_on: Mapped[date | None] = mapped_column(Date, default=None)
    cancelled_on: Mapped[date | None] = mapped_column(Date, default=None)
