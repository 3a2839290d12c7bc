"""Reference data from the standard's code lists: regions, forces and capabilities."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.store.models.base import Base


class Region(Base):
    """A coordination region (a RICC region, Scotland or Northern Ireland)."""

    __tablename__ = "region"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(40))
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date, default=None)

    forces: Mapped[list[Force]] = relationship(back_populates="region", lazy="raise")


class Force(Base):
    """A UK police force."""

    __tablename__ = "force"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(40))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    police_uk_id: Mapped[str | None] = mapped_column(String(40), default=None)
    ons_pfa_code: Mapped[str | None] = mapped_column(String(12), default=None)
    officer_strength_fte: Mapped[int | None] = mapped_column(Integer, default=None)
    # jsonb on PostgreSQL: plain json has no equality, so DISTINCT or UNION over forces would fail.
    aliases: Mapped[list[str]] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), default=list
    )

    region: Mapped[Region] = relationship(back_populates="forces", lazy="raise")


class Capability(Base):
    """A skill or capability that mutual aid can ask for (public order, firearms, search, ...)."""

    __tablename__ = "capability"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(60))
