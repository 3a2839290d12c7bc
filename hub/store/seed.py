"""Reference data from the standard's code lists (regions, forces, capabilities), kept in sync.

Rows are upserted by their natural key, `code`, one bulk statement per table. An existing row is
rewritten only when a value differs, so syncing an unchanged vocabulary writes nothing. Codes
dropped from a code list are left in place: other records may still refer to them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, ColumnElement, Text, cast, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from hub import standard
from hub.errors import ConfigurationError
from hub.store.models import Base, Capability, Force, Region

Row = dict[str, Any]

Upsert = postgresql.Insert | sqlite.Insert
_INSERTS: dict[str, Callable[[type[Base]], Upsert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


async def sync_vocabulary(connection: AsyncConnection, vocabulary: standard.Vocabulary) -> None:
    """Insert new and update changed regions, forces and capabilities, by code."""
    await _upsert(connection, Region, [_region_row(r) for r in vocabulary.regions])
    result = await connection.execute(select(Region.code, Region.id))
    region_ids: dict[str, int] = {code: id_ for code, id_ in result}
    forces = [_force_row(force, region_ids) for force in vocabulary.forces]
    await _upsert(connection, Force, forces)
    capabilities = [_capability_row(c) for c in vocabulary.capabilities]
    await _upsert(connection, Capability, capabilities)


def _region_row(region: standard.Region) -> Row:
    return {
        "code": region.code,
        "label": region.label,
        "description": region.description,
        "country": str(region.country),
        "effective_from": region.effective_from,
    }


def _force_row(force: standard.Force, region_ids: Mapping[str, int]) -> Row:
    region_id = region_ids.get(force.region)
    if region_id is None:
        raise ConfigurationError(
            "UNKNOWN_REGION",
            "the force names a region missing from the code list",
            field="region",
            value=force.region,
            force=force.code,
        )
    return {
        "code": force.code,
        "name": force.name,
        "short_name": force.short_name,
        "kind": str(force.kind),
        "country": str(force.country),
        "region_id": region_id,
        "police_uk_id": force.police_uk_id,
        "ons_pfa_code": force.ons_pfa_code,
        "officer_strength_fte": force.officer_strength_fte,
        "aliases": list(force.aliases),
    }


def _capability_row(capability: standard.Capability) -> Row:
    return {
        "code": capability.code,
        "label": capability.label,
        "description": capability.description,
        "category": capability.category,
    }


async def _upsert(
    connection: AsyncConnection, model: type[Base], rows: Sequence[Row], key: str = "code"
) -> None:
    if rows:
        await connection.execute(_upsert_statement(connection.dialect.name, model, rows, key))


def _upsert_statement(dialect: str, model: type[Base], rows: Sequence[Row], key: str) -> Upsert:
    """INSERT ... ON CONFLICT (key) DO UPDATE SET ... WHERE some value differs."""
    insert = _INSERTS.get(dialect)
    if insert is None:
        raise ConfigurationError("UNSUPPORTED_DATABASE", f"no upsert for the {dialect} dialect")
    statement = insert(model).values(list(rows))
    new = {name: statement.excluded[name] for name in rows[0] if name != key}
    changed = or_(
        *(
            _comparable(model.__table__.c[name]).is_distinct_from(_comparable(value))
            for name, value in new.items()
        )
    )
    return statement.on_conflict_do_update(index_elements=[key], set_=new, where=changed)


def _comparable(column: ColumnElement[Any]) -> ColumnElement[Any]:
    # PostgreSQL has no equality operator for `json`: compare the text both sides were written as.
    return cast(column, Text) if isinstance(column.type, JSON) else column
