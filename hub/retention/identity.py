"""The `deployment_identity` rule: officers of past operations replaced by stand-ins.

A stand-in is an officer row of the same force, rank and detective status, with no name, a
service number that is a keyed hash (`ERASED-...`, one per officer, so the number of distinct
officers on a day is unchanged) and `identity_erased_at` set. Deployments, planning-unit
memberships and bookings move to it together (an officer's booked hotel stays with the
officer's tours, and is priced with them), and their opaque ids are made again from the
stand-in's number, so no id left in the store can be matched to the real officer. The
stand-in of one officer is the same in every run: an officer's past operations stay linked
to each other, under a number that names nobody.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.standard.ids import opaque_id
from hub.store import models as m
from hub.store.capacity import refresh_officers
from hub.store.gids import id_key_of

#: Prefix of a stand-in's service number.
STAND_IN_PREFIX = "ERASED-"


def _unit_scopes() -> Any:
    """Each planning unit with the day its operation ends (else its request; a unit of no
    request ends with its last duty)."""
    pu, c, r, o, du = m.PlanningUnit, m.Commitment, m.MutualAidRequest, m.Operation, m.DutyUnit
    last_duty = select(func.max(du.ends_at)).where(du.planning_unit_id == pu.id).scalar_subquery()
    return (
        select(
            pu.id.label("unit_id"),
            func.coalesce(o.ends_on, r.ends_on).label("ends_on"),
            last_duty.label("last_duty"),
        )
        .select_from(pu)
        .outerjoin(c, c.id == pu.commitment_id)
        .outerjoin(r, r.id == c.request_id)
        .outerjoin(o, o.id == r.operation_id)
        .subquery("unit_scope")
    )


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _expired(units: Any, cutoff: date) -> Any:
    """Whether a unit's operation ended before `cutoff`."""
    return or_(
        units.c.ends_on < cutoff,
        and_(units.c.ends_on.is_(None), units.c.last_duty < _midnight(cutoff)),
    )


def stand_in_number(id_key: bytes, force: str, service_number: str) -> str:
    """A stand-in's service number: a keyed hash that cannot be turned back into the officer's."""
    message = "\x1f".join(("retention", force, service_number)).encode()
    return STAND_IN_PREFIX + hmac.new(id_key, message, hashlib.sha256).hexdigest()[:24].upper()


async def erase_identities(
    connection: AsyncConnection, cutoff: date, now: datetime
) -> dict[str, int]:
    """Move every expired deployment, membership and booking to a stand-in: counts by type."""
    id_key = id_key_of(connection)
    units = _unit_scopes()
    d, du, pum, o = m.Deployment, m.DutyUnit, m.PlanningUnitMember, m.Officer
    live = o.identity_erased_at.is_(None)
    deployments = (
        await connection.execute(
            select(d.id, d.officer_id, du.reference)
            .join(du, du.id == d.duty_unit_id)
            .join(units, units.c.unit_id == du.planning_unit_id)
            .join(o, o.id == d.officer_id)
            .where(live, _expired(units, cutoff))
        )
    ).all()
    members = (
        await connection.execute(
            select(pum.planning_unit_id, pum.officer_id)
            .join(units, units.c.unit_id == pum.planning_unit_id)
            .join(o, o.id == pum.officer_id)
            .where(live, _expired(units, cutoff))
        )
    ).all()
    bookings = await _expired_bookings(connection, cutoff)
    holders = {row.officer_id for row in (*deployments, *members)}
    holders |= {officer_id for _kind, _pk, officer_id in bookings}
    if not holders:
        return {}
    stand_ins = await _stand_ins(connection, id_key, holders, now)
    counts = {"Officer (stand-in)": len({pk for pk in stand_ins.values()})}
    counts["Deployment"] = await _move_deployments(connection, id_key, deployments, stand_ins)
    counts["PlanningUnitMember"] = await _move_members(connection, members, stand_ins)
    counts.update(await _move_bookings(connection, id_key, bookings, stand_ins))
    await refresh_officers(connection, sorted(holders))  # capacity counts the stand-ins
    return {kind: count for kind, count in counts.items() if count}


async def _expired_bookings(
    connection: AsyncConnection, cutoff: date
) -> list[tuple[str, int, int]]:
    """(type, booking id, officer id) of officers' bookings that ended before `cutoff`."""
    ab, tb, o = m.AccommodationBooking, m.TravelBooking, m.Officer
    live = o.identity_erased_at.is_(None)
    rooms = await connection.execute(
        select(ab.id, ab.officer_id)
        .join(o, o.id == ab.officer_id)
        .where(live, ab.check_out < cutoff)
    )
    journeys = await connection.execute(
        select(tb.id, tb.officer_id)
        .join(o, o.id == tb.officer_id)
        .where(live, tb.arrives_at < _midnight(cutoff))
    )
    found: list[tuple[str, int, int]] = []
    for kind, rows in (("AccommodationBooking", rooms), ("TravelBooking", journeys)):
        found.extend((kind, pk, officer) for pk, officer in rows if officer is not None)
    return found


async def _stand_ins(
    connection: AsyncConnection, id_key: bytes, holders: Iterable[int], now: datetime
) -> dict[int, int]:
    """The stand-in's row id for each officer, made where it does not exist yet."""
    o, f = m.Officer, m.Force
    wanted = sorted(set(holders))
    officers = {
        row.id: row
        for row in await connection.execute(
            select(o.id, o.force_id, f.code, o.service_number, o.rank, o.detective)
            .join(f, f.id == o.force_id)
            .where(o.id.in_(bindparam("ids", expanding=True))),
            {"ids": wanted},
        )
    }
    numbers = {
        holder: stand_in_number(id_key, officers[holder].code, officers[holder].service_number)
        for holder in wanted
    }
    existing = {
        (force_id, number): pk
        for pk, force_id, number in await connection.execute(
            select(o.id, o.force_id, o.service_number).where(
                o.service_number.in_(bindparam("numbers", expanding=True))
            ),
            {"numbers": sorted(set(numbers.values()))},
        )
    }
    rows = []
    for holder, number in sorted(numbers.items(), key=lambda item: item[1]):
        officer = officers[holder]
        if (officer.force_id, number) in existing:
            continue
        existing[(officer.force_id, number)] = -1
        rows.append(
            {
                "force_id": officer.force_id,
                "service_number": number,
                "given_name": None,
                "family_name": None,
                "rank": officer.rank,
                "detective": officer.detective,
                "provisional": False,
                "identity_erased_at": now,
                "gid": opaque_id(id_key, "Officer", officer.code, number),
                "recorded_at": now,
                "updated_at": now,
            }
        )
    if rows:
        await connection.execute(insert(o), rows)
        existing.update(
            {
                (force_id, number): pk
                for pk, force_id, number in await connection.execute(
                    select(o.id, o.force_id, o.service_number).where(
                        o.service_number.in_(bindparam("numbers", expanding=True))
                    ),
                    {"numbers": [row["service_number"] for row in rows]},
                )
            }
        )
    return {
        holder: existing[(officers[holder].force_id, number)] for holder, number in numbers.items()
    }


async def _force_and_number(connection: AsyncConnection, ids: Iterable[int]) -> dict[int, Any]:
    o, f = m.Officer, m.Force
    rows = await connection.execute(
        select(o.id, f.code, o.service_number)
        .join(f, f.id == o.force_id)
        .where(o.id.in_(bindparam("ids", expanding=True))),
        {"ids": sorted(set(ids))},
    )
    return {row.id: row for row in rows}


async def _move_deployments(
    connection: AsyncConnection, id_key: bytes, rows: Sequence[Any], stand_ins: dict[int, int]
) -> int:
    if not rows:
        return 0
    targets = {row.id: stand_ins[row.officer_id] for row in rows}
    named = await _force_and_number(connection, targets.values())
    changes = [
        {
            "pk": row.id,
            "officer": targets[row.id],
            "gid": opaque_id(
                id_key,
                "Deployment",
                named[targets[row.id]].code,
                named[targets[row.id]].service_number,
                row.reference,
            ),
        }
        for row in rows
    ]
    d: Any = m.Deployment.__table__
    await connection.execute(
        update(d)
        .where(d.c.id == bindparam("pk"))
        .values(officer_id=bindparam("officer"), gid=bindparam("gid")),
        changes,
    )
    return len(changes)


async def _move_members(
    connection: AsyncConnection, rows: Sequence[Any], stand_ins: dict[int, int]
) -> int:
    if not rows:
        return 0
    pum: Any = m.PlanningUnitMember.__table__
    await connection.execute(
        update(pum)
        .where(pum.c.planning_unit_id == bindparam("unit"), pum.c.officer_id == bindparam("old"))
        .values(officer_id=bindparam("new")),
        [
            {
                "unit": row.planning_unit_id,
                "old": row.officer_id,
                "new": stand_ins[row.officer_id],
            }
            for row in rows
        ],
    )
    return len(rows)


async def _move_bookings(
    connection: AsyncConnection,
    id_key: bytes,
    rows: list[tuple[str, int, int]],
    stand_ins: dict[int, int],
) -> dict[str, int]:
    if not rows:
        return {}
    named = await _force_and_number(connection, (stand_ins[officer] for _t, _pk, officer in rows))
    ab: Any = m.AccommodationBooking.__table__
    tb: Any = m.TravelBooking.__table__
    counts: dict[str, int] = {}
    rooms = [(pk, officer) for kind, pk, officer in rows if kind == "AccommodationBooking"]
    if rooms:
        places = {
            pk: (code, check_in)
            for pk, code, check_in in await connection.execute(
                select(ab.c.id, m.Location.code, ab.c.check_in)
                .join(m.Location, m.Location.id == ab.c.location_id)
                .where(ab.c.id.in_(bindparam("ids", expanding=True))),
                {"ids": [pk for pk, _officer in rooms]},
            )
        }
        changes = []
        for pk, officer in rooms:
            stand_in = named[stand_ins[officer]]
            holder_key = f"officer:{stand_in.code}:{stand_in.service_number}"
            code, check_in = places[pk]
            changes.append(
                {
                    "pk": pk,
                    "officer": stand_in.id,
                    "holder": holder_key,
                    "gid": opaque_id(id_key, "AccommodationBooking", code, holder_key, check_in),
                }
            )
        await connection.execute(
            update(ab)
            .where(ab.c.id == bindparam("pk"))
            .values(
                officer_id=bindparam("officer"),
                holder_key=bindparam("holder"),
                gid=bindparam("gid"),
            ),
            changes,
        )
        counts["AccommodationBooking"] = len(changes)
    journeys = [(pk, officer) for kind, pk, officer in rows if kind == "TravelBooking"]
    if journeys:
        await connection.execute(
            update(tb).where(tb.c.id == bindparam("pk")).values(officer_id=bindparam("officer")),
            [{"pk": pk, "officer": stand_ins[officer]} for pk, officer in journeys],
        )
        counts["TravelBooking"] = len(journeys)
    return counts
