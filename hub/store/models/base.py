"""The declarative base, naming conventions and the columns every stored record shares."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from hub.store.types import UtcDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table of the hub."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def one_of(column: str, values: type[StrEnum], name: str | None = None) -> CheckConstraint:
    """A CHECK constraint that keeps a code column within its code list."""
    allowed = ", ".join(f"'{member.value}'" for member in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name or f"{column}_code")


class Provenance:
    """Where a row came from: the import batch, and the line or element path in its file."""

    source_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), default=None, index=True
    )
    source_line: Mapped[int | None] = mapped_column(Integer, default=None)
    source_path: Mapped[str | None] = mapped_column(String(500), default=None)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class Versioned:
    """Optimistic concurrency: the version a mutation must name to change the row."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class OpaqueId:
    """A record whose natural key is personal: its global id, a keyed hash of that key
    (see `hub.standard.ids`), stored so that records are found by it."""

    gid: Mapped[str | None] = mapped_column(String(120), default=None, unique=True)
