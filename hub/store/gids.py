"""Opaque ids in the store: the `gid` column of personal records, and who fills it.

Writers make the id of each personal record as they write it (`hub.standard.ids.opaque_id`
under the federation's id key, which every connection of a hub's engine carries); writers
that insert through plain SQL call `fill_gids` after, which fills whatever is still empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from hub.errors import ConfigurationError
from hub.standard.ids import opaque_id
from hub.store import models as m

#: The execution option under which a hub's engine carries its id key.
ID_KEY_OPTION = "hub_id_key"
#: Table of each type with an opaque id.
GID_MODELS: dict[str, Any] = {
    "Officer": m.Officer,
    "Deployment": m.Deployment,
    "AccommodationBooking": m.AccommodationBooking,
    "TravelBooking": m.TravelBooking,
}
#: The same, by table name (the adapters' entities are tables).
GID_TYPES = {model.__tablename__: name for name, model in GID_MODELS.items()}


def id_key_of(connection: AsyncConnection | Connection) -> bytes:
    """The id key the connection's engine was made with (`HUB_ID_KEY`)."""
    engine = connection.engine
    options = (
        engine.sync_engine if isinstance(engine, AsyncEngine) else engine
    ).get_execution_options()
    key = options.get(ID_KEY_OPTION)
    if not isinstance(key, bytes):
        raise ConfigurationError(
            "ID_KEY_MISSING",
            "HUB_ID_KEY is not set: records of officers, deployments and bookings cannot be "
            "given their ids (see docs/configuration.md)",
        )
    return key


def gid_of(id_key: bytes, table_name: str, key: Sequence[Any]) -> str | None:
    """The opaque id of a record of the table with this natural key; None for a table whose
    ids are readable."""
    type_name = GID_TYPES.get(table_name)
    return None if type_name is None else opaque_id(id_key, type_name, *key)


def _missing(type_name: str) -> Any:
    """(id, natural key...) of the type's rows without a gid."""
    o, f, d, du, loc = m.Officer, m.Force, m.Deployment, m.DutyUnit, m.Location
    stmt: Any
    if type_name == "Officer":
        stmt = select(o.id, f.code, o.service_number).join(f, f.id == o.force_id)
        return stmt.where(o.gid.is_(None))
    if type_name == "Deployment":
        stmt = (
            select(d.id, f.code, o.service_number, du.reference)
            .join(o, o.id == d.officer_id)
            .join(f, f.id == o.force_id)
            .join(du, du.id == d.duty_unit_id)
        )
        return stmt.where(d.gid.is_(None))
    if type_name == "AccommodationBooking":
        ab = m.AccommodationBooking
        stmt = select(ab.id, loc.code, ab.holder_key, ab.check_in)
        return stmt.join(loc, loc.id == ab.location_id).where(ab.gid.is_(None))
    tb = m.TravelBooking
    return select(tb.id, tb.reference).where(tb.gid.is_(None))


def _updates(id_key: bytes, type_name: str, rows: Iterable[Any]) -> list[dict[str, Any]]:
    return [{"pk": row[0], "gid": opaque_id(id_key, type_name, *row[1:])} for row in rows]


def _statement(type_name: str) -> Any:
    table = GID_MODELS[type_name].__table__
    return update(table).where(table.c.id == bindparam("pk")).values(gid=bindparam("gid"))


async def fill_gids(connection: AsyncConnection, *types: str) -> int:
    """Give every row of these types (all when none named) that has no gid its opaque id."""
    id_key = id_key_of(connection)
    done = 0
    for type_name in types or tuple(GID_MODELS):
        rows = (await connection.execute(_missing(type_name))).all()
        if rows:
            await connection.execute(_statement(type_name), _updates(id_key, type_name, rows))
            done += len(rows)
    return done


def fill_gids_sync(connection: Connection, id_key: bytes | None) -> int:
    """`fill_gids` for a migration; `id_key` may be None while no personal record is stored."""
    done = 0
    for type_name in GID_MODELS:
        rows = connection.execute(_missing(type_name)).all()
        if rows:
            if id_key is None:
                id_key = id_key_of(connection)
            connection.execute(_statement(type_name), _updates(id_key, type_name, rows))
            done += len(rows)
    return done
