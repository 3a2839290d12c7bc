"""Keep the capacity tables (`hub.store.models.capacity`) equal to what they count.

`refresh` recounts, set-wise, the rows of some forces (all of them when none are named),
optionally only over some days: it deletes what the tables hold for them and inserts the
counts read from deployments, planning units, commitments and requests. Writes call it in their
own transaction for what they touched; `take_in_imports` does it for the forces touched by the
import batches it has not taken in yet. Definitions: docs/querying.md, "Capacity".
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

from sqlalchemy import (
    CTE,
    Column,
    Date,
    Integer,
    MetaData,
    Select,
    Table,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    text,
    union,
    union_all,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateTable, DropTable
from sqlalchemy.sql.functions import FunctionElement

from hub.standard.enums import AvailabilityStatus, CommitmentStatus, DeploymentStatus
from hub.standard.enums import RequestStatus as RS
from hub.store import models as m

#: Requests whose accepted commitments still hold officers.
LIVE_REQUESTS = (RS.SUBMITTED, RS.PARTIALLY_FILLED, RS.FILLED, RS.CONFIRMED, RS.IN_PROGRESS)
#: Declared statuses that keep an officer from being sent.
NOT_SENDABLE = (AvailabilityStatus.UNAVAILABLE, AvailabilityStatus.LIMITED)
#: Key of the PostgreSQL advisory lock that makes refreshes take turns.
REFRESH_LOCK = int.from_bytes(b"capacity", "big") & 0x7FFFFFFFFFFFFFFF
#: Statement timeout of a recount of whole forces (after imports, or `hub capacity recount`)
#: on PostgreSQL: longer than a request's (HUB_STATEMENT_TIMEOUT_MS), which a recount of
#: every force at COP26 scale can outlast on a loaded server; a mutation's recount keeps it.
RECOUNT_TIMEOUT_S = 600
#: PostgreSQL's SQLSTATEs of a statement cut short by a timeout (query_canceled) or by a lock
#: it could not get in time (lock_not_available): the recount is tried again later.
TIMED_OUT = frozenset({"57014", "55P03"})

_O, _OC, _D, _DU = m.Officer, m.officer_capability, m.Deployment, m.DutyUnit
_PU, _PUM, _C, _R = m.PlanningUnit, m.PlanningUnitMember, m.Commitment, m.MutualAidRequest
_DAY, _AWAY, _RUN, _DUTY = m.CapacityDay, m.CapacityAwayDay, m.CapacityRun, m.DutyDay

Forces = Sequence[int] | None
#: Officers by id: a list, or a select of ids.
Officers = Sequence[int] | Select[Any]
log = logging.getLogger(__name__)


class _next_day(FunctionElement[Any]):
    type = Date()
    inherit_cache = True


class _day_number(FunctionElement[Any]):
    type = Integer()
    inherit_cache = True


@compiles(_next_day)
def _next_day_pg(element: _next_day, compiler: Any, **kw: Any) -> str:
    return f"(CAST({compiler.process(element.clauses, **kw)} AS DATE) + 1)"


@compiles(_next_day, "sqlite")
def _next_day_sqlite(element: _next_day, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '+1 day')"


@compiles(_day_number)
def _day_number_pg(element: _day_number, compiler: Any, **kw: Any) -> str:
    return f"(CAST({compiler.process(element.clauses, **kw)} AS DATE) - DATE '2000-01-01')"


@compiles(_day_number, "sqlite")
def _day_number_sqlite(element: _day_number, compiler: Any, **kw: Any) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) AS INTEGER)"


def _in_range(day: Any, start: date | None, end: date | None) -> list[Any]:
    kept = []
    if start is not None:
        kept.append(day >= literal(start, Date))
    if end is not None:
        kept.append(day <= literal(end, Date))
    return kept


def _of_forces(officer: Any, forces: Forces) -> list[Any]:
    if forces is None:
        return []
    return [officer.in_(select(_O.id).where(_O.force_id.in_(forces)))]


def _spread(start: date | None, end: date | None, officers: Officers | None = None) -> CTE:
    """Each day of each live request holding an accepted commitment (only those naming one of
    the officers, if given): `request_id, day, ends_on, requesting_force_id` (a recursive walk
    from each request's first day)."""
    # an IN list, not EXISTS: SQLite would walk every accepted commitment once per request
    accepted = select(_C.request_id).where(_C.status == CommitmentStatus.ACCEPTED)
    if officers is not None:
        accepted = (
            accepted.join(_PU, _PU.commitment_id == _C.id)
            .join(_PUM, _PUM.planning_unit_id == _PU.id)
            .where(_PUM.officer_id.in_(officers))
        )
    first = (
        select(
            _R.id.label("request_id"),
            _R.starts_on.label("day"),
            _R.ends_on.label("ends_on"),
            _R.requesting_force_id.label("requesting_force_id"),
        )
        .where(_R.status.in_(LIVE_REQUESTS), _R.id.in_(accepted))
        .where(*_in_range(_R.ends_on, start, None), *_in_range(_R.starts_on, None, end))
        .cte("request_days", recursive=True)
    )
    return first.union_all(
        select(
            first.c.request_id,
            _next_day(first.c.day),
            first.c.ends_on,
            first.c.requesting_force_id,
        ).where(first.c.day < first.c.ends_on)
    )


def _fold(
    forces: Forces, start: date | None, end: date | None, officers: Officers | None = None
) -> CTE:
    """One row per officer-day (of the forces' officers, or of the officers named, in the
    range) on which the officer is deployed or named in an accepted commitment of a live
    request: `officer_id, day, deployed, committed` (flags)."""
    deployed: Any = select(
        _D.officer_id.label("officer_id"),
        _D.duty_date.label("day"),
        literal_column("1").label("d"),
        literal_column("0").label("c"),
    ).where(
        _D.status != DeploymentStatus.CANCELLED,
        *_in_range(_D.duty_date, start, end),
    )
    spread = _spread(start, end, officers)
    committed = (
        select(_PUM.officer_id, spread.c.day, literal_column("0"), literal_column("1"))
        .join(_PU, _PU.id == _PUM.planning_unit_id)
        .join(_C, _C.id == _PU.commitment_id)
        .join(spread, spread.c.request_id == _C.request_id)
        .where(_C.status == CommitmentStatus.ACCEPTED, *_in_range(spread.c.day, start, end))
    )
    if forces is not None:  # from the forces' officers (an index), not every officer-day
        deployed = deployed.join(_O, _O.id == _D.officer_id).where(_O.force_id.in_(forces))
        committed = committed.join(_O, _O.id == _PUM.officer_id).where(_O.force_id.in_(forces))
    if officers is not None:
        deployed = deployed.where(_D.officer_id.in_(officers))
        committed = committed.where(_PUM.officer_id.in_(officers))
    pairs = union_all(deployed, committed).subquery("pairs")
    return (
        select(
            pairs.c.officer_id,
            pairs.c.day,
            func.max(pairs.c.d).label("deployed"),
            func.max(pairs.c.c).label("committed"),
        )
        .group_by(pairs.c.officer_id, pairs.c.day)
        .cte("officer_days")
    )


def _unavailable_on(day: Any) -> Any:
    return case(
        (
            and_(
                _O.availability.in_(NOT_SENDABLE),
                or_(_O.available_from.is_(None), _O.available_from <= day),
                or_(_O.available_to.is_(None), _O.available_to >= day),
            ),
            1,
        ),
        else_=0,
    )


def _day_rows(
    forces: Forces, start: date | None, end: date | None, fold: Any = None
) -> Select[Any]:
    """The rows of `capacity_day` for the forces and days (from `fold`'s officer-days when
    given: `_FOLDED`)."""
    fold = _fold(forces, start, end) if fold is None else fold
    zero: Any = literal_column("0")
    engaged = (
        select(
            _OC.c.capability_id.label("capability_id"),
            _O.force_id.label("force_id"),
            fold.c.day.label("day"),
            func.count().label("engaged"),
            func.sum(fold.c.deployed).label("deployed"),
            func.sum(fold.c.committed).label("committed"),
            func.sum(_unavailable_on(fold.c.day)).label("engaged_unavailable"),
            zero.label("on_duty"),
        )
        .select_from(fold)
        .join(_O, _O.id == fold.c.officer_id)
        .join(_OC, _OC.c.officer_id == fold.c.officer_id)
        .where(_O.identity_erased_at.is_(None), _O.withdrawn_at.is_(None))
        .group_by(_OC.c.capability_id, _O.force_id, fold.c.day)
    )
    on_duty = (
        select(
            _PU.capability_id,
            _O.force_id,
            _D.duty_date,
            zero,
            zero,
            zero,
            zero,
            func.count(_D.officer_id.distinct()),
        )
        .join(_O, _O.id == _D.officer_id)
        .join(_DU, _DU.id == _D.duty_unit_id)
        .join(_PU, _PU.id == _DU.planning_unit_id)
        .where(
            _D.status != DeploymentStatus.CANCELLED,
            _PU.capability_id.is_not(None),
            *_in_range(_D.duty_date, start, end),
            *([] if forces is None else [_O.force_id.in_(forces)]),
        )
        .group_by(_PU.capability_id, _O.force_id, _D.duty_date)
    )
    both = union_all(engaged, on_duty).subquery("parts")
    keys = (both.c.capability_id, both.c.force_id, both.c.day)
    counts = ("engaged", "deployed", "committed", "engaged_unavailable", "on_duty")
    return select(*keys, *(func.sum(both.c[name]).label(name) for name in counts)).group_by(*keys)


def _away_rows(forces: Forces, start: date | None, end: date | None) -> Select[Any]:
    """The rows of `capacity_away_day` for the forces and days."""
    other_force = _R.requesting_force_id != _O.force_id
    own = [] if forces is None else [_O.force_id.in_(forces)]
    deployed = (
        select(_O.force_id.label("force_id"), _D.duty_date.label("day"), _D.officer_id)
        .join(_O, _O.id == _D.officer_id)
        .join(_DU, _DU.id == _D.duty_unit_id)
        .join(_PU, _PU.id == _DU.planning_unit_id)
        .join(_C, _C.id == _PU.commitment_id)
        .join(_R, _R.id == _C.request_id)
        .where(
            _D.status != DeploymentStatus.CANCELLED,
            other_force,
            *_in_range(_D.duty_date, start, end),
            *own,
        )
    )
    spread = _spread(start, end)
    named = (
        select(_O.force_id, spread.c.day, _PUM.officer_id)
        .join(_O, _O.id == _PUM.officer_id)
        .join(_PU, _PU.id == _PUM.planning_unit_id)
        .join(_C, _C.id == _PU.commitment_id)
        .join(_R, _R.id == _C.request_id)
        .join(spread, spread.c.request_id == _R.id)
        .where(
            _C.status == CommitmentStatus.ACCEPTED,
            other_force,
            *_in_range(spread.c.day, start, end),
            *own,
        )
    )
    pairs = union(deployed, named).subquery("away_pairs")
    return select(pairs.c.force_id, pairs.c.day, func.count().label("away")).group_by(
        pairs.c.force_id, pairs.c.day
    )


def _duty_rows(forces: Forces, start: date | None, end: date | None) -> Select[Any]:
    """The rows of `duty_day` for the forces and days: deployments not cancelled and the
    officers among them, each once, per force and day (as `officerDutyDays` counts them)."""
    columns: list[Any] = [
        _O.force_id,
        _D.duty_date,
        func.count().label("deployments"),
        func.count(_D.officer_id.distinct()).label("officers"),
    ]
    return (
        select(*columns)
        .select_from(_D)
        .join(_O, _O.id == _D.officer_id)
        .where(
            _D.status != DeploymentStatus.CANCELLED,
            *_in_range(_D.duty_date, start, end),
            *([] if forces is None else [_O.force_id.in_(forces)]),
        )
        .group_by(_O.force_id, _D.duty_date)
    )


def _run_rows(forces: Forces, officers: Officers | None = None, fold: Any = None) -> Select[Any]:
    """The rows of `capacity_run` for the forces' officers, or for the officers named (gaps
    and islands: consecutive days share `day number - rank`; from `fold` when given)."""
    fold = _fold(forces, None, None, officers) if fold is None else fold
    rank = func.row_number().over(partition_by=fold.c.officer_id, order_by=fold.c.day)
    numbered = select(
        fold.c.officer_id, fold.c.day, (_day_number(fold.c.day) - rank).label("island")
    ).subquery("numbered")
    return select(
        numbered.c.officer_id,
        func.min(numbered.c.day).label("starts_on"),
        func.max(numbered.c.day).label("ends_on"),
    ).group_by(numbered.c.officer_id, numbered.c.island)


#: A whole recount's officer-days, folded once for the four tables (a temporary table, dropped
#: when the recount ends): `_fold`'s columns, the officer's deployments that day, and the
#: lowest and highest requesting force of the requests the day's deployments and accepted
#: commitments serve (an officer is away when either is not the officer's own force).
_FOLDED = Table(
    "capacity_folded",
    MetaData(),
    Column("officer_id", Integer, primary_key=True),
    Column("day", Date, primary_key=True),
    Column("deployed", Integer, nullable=False),
    Column("committed", Integer, nullable=False),
    Column("deployments", Integer, nullable=False),
    Column("force_low", Integer),
    Column("force_high", Integer),
    prefixes=["TEMPORARY"],
    sqlite_with_rowid=False,
    postgresql_on_commit="DROP",
)


def _folded_rows(forces: Forces) -> Select[Any]:
    """The rows of `_FOLDED` for the forces' officers (every officer when None), every day."""
    zero: Any = literal_column("0")
    one: Any = literal_column("1")
    # each duty's requesting force, looked up once per duty (SQLite indexes it), not through
    # four tables for each of its deployments
    duties = (
        select(_DU.id.label("duty_unit_id"), _R.requesting_force_id.label("requesting"))
        .join(_PU, _PU.id == _DU.planning_unit_id)
        .join(_C, _C.id == _PU.commitment_id)
        .join(_R, _R.id == _C.request_id)
        .cte("duty_forces")
    )
    deployed: Any = (
        select(
            _D.officer_id.label("officer_id"),
            _D.duty_date.label("day"),
            one.label("d"),
            zero.label("c"),
            duties.c.requesting,
        )
        .outerjoin(duties, duties.c.duty_unit_id == _D.duty_unit_id)
        .where(_D.status != DeploymentStatus.CANCELLED)
    )
    spread = _spread(None, None)
    committed = (
        select(_PUM.officer_id, spread.c.day, zero, one, spread.c.requesting_force_id)
        .join(_PU, _PU.id == _PUM.planning_unit_id)
        .join(_C, _C.id == _PU.commitment_id)
        .join(spread, spread.c.request_id == _C.request_id)
        .where(_C.status == CommitmentStatus.ACCEPTED)
    )
    if forces is not None:
        deployed = deployed.join(_O, _O.id == _D.officer_id).where(_O.force_id.in_(forces))
        committed = committed.join(_O, _O.id == _PUM.officer_id).where(_O.force_id.in_(forces))
    pairs = union_all(deployed, committed).subquery("pairs")
    return select(
        pairs.c.officer_id,
        pairs.c.day,
        func.max(pairs.c.d),
        func.max(pairs.c.c),
        func.sum(pairs.c.d),
        func.min(pairs.c.requesting),
        func.max(pairs.c.requesting),
    ).group_by(pairs.c.officer_id, pairs.c.day)


def _folded_statements(forces: Forces) -> list[Any]:
    """`statements(forces)` over every day, with the officer-days folded once into `_FOLDED`
    and the four tables counted from there (the same rows)."""
    f = _FOLDED.c
    own = [] if forces is None else [_O.force_id.in_(forces)]
    away = or_(f.force_low != _O.force_id, f.force_high != _O.force_id)
    kept = {
        table: [] if forces is None else [table.force_id.in_(forces)]
        for table in (_DAY, _AWAY, _DUTY)
    }
    columns = ["capability_id", "force_id", "day", "engaged", "deployed", "committed"]
    per_officer = select(_O.force_id, f.day).join(_O, _O.id == f.officer_id)
    return [
        CreateTable(_FOLDED),
        insert(_FOLDED).from_select([c.name for c in _FOLDED.c], _folded_rows(forces)),
        delete(_DAY).where(*kept[_DAY]),
        insert(_DAY).from_select(
            [*columns, "engaged_unavailable", "on_duty"], _day_rows(forces, None, None, _FOLDED)
        ),
        delete(_AWAY).where(*kept[_AWAY]),
        insert(_AWAY).from_select(
            ["force_id", "day", "away"],
            per_officer.add_columns(func.count()).where(away, *own).group_by(_O.force_id, f.day),
        ),
        delete(_DUTY).where(*kept[_DUTY]),
        insert(_DUTY).from_select(
            ["force_id", "day", "deployments", "officers"],
            per_officer.add_columns(func.sum(f.deployments), func.count())
            .where(f.deployed == 1, *own)
            .group_by(_O.force_id, f.day),
        ),
        delete(_RUN).where(*_of_forces(_RUN.officer_id, forces)),
        insert(_RUN).from_select(
            ["officer_id", "starts_on", "ends_on"], _run_rows(forces, None, _FOLDED)
        ),
        DropTable(_FOLDED),
    ]


def statements(
    forces: Forces = None,
    start: date | None = None,
    end: date | None = None,
    officers: Officers | None = None,
) -> list[Any]:
    """The statements that recount the forces (every force if None) over the days from
    `start` to `end` (open ends: every day); officers' runs are recounted whole: those of the
    officers named when given (a write that changed only their days), else of the forces'.
    Whole forces (no days, no officers named) are recounted from officer-days folded once."""
    if start is None and end is None and officers is None:
        return _folded_statements(forces)
    runs_of = (
        [_RUN.officer_id.in_(officers)]
        if officers is not None
        else _of_forces(_RUN.officer_id, forces)
    )
    day_kept = [*_in_range(_DAY.day, start, end)]
    away_kept = [*_in_range(_AWAY.day, start, end)]
    duty_kept = [*_in_range(_DUTY.day, start, end)]
    if forces is not None:
        day_kept.append(_DAY.force_id.in_(forces))
        away_kept.append(_AWAY.force_id.in_(forces))
        duty_kept.append(_DUTY.force_id.in_(forces))
    columns = ["capability_id", "force_id", "day", "engaged", "deployed", "committed"]
    return [
        delete(_DAY).where(*day_kept),
        insert(_DAY).from_select(
            [*columns, "engaged_unavailable", "on_duty"], _day_rows(forces, start, end)
        ),
        delete(_AWAY).where(*away_kept),
        insert(_AWAY).from_select(["force_id", "day", "away"], _away_rows(forces, start, end)),
        delete(_DUTY).where(*duty_kept),
        insert(_DUTY).from_select(
            ["force_id", "day", "deployments", "officers"], _duty_rows(forces, start, end)
        ),
        delete(_RUN).where(*runs_of),
        insert(_RUN).from_select(
            ["officer_id", "starts_on", "ends_on"], _run_rows(forces, officers)
        ),
    ]


async def refresh(
    connection: AsyncConnection,
    forces: Forces = None,
    start: date | None = None,
    end: date | None = None,
    officers: Officers | None = None,
) -> None:
    """Recount the capacity tables for the forces and days, in the caller's transaction (the
    runs of the officers named, when given, else of the forces' officers)."""
    if forces is not None and not forces:
        return
    await _take_turn(connection)  # until commit
    for statement in statements(forces, start, end, officers):
        await connection.execute(statement)


async def _forces(connection: AsyncConnection, officers: Any) -> list[int]:
    found = select(_O.force_id).where(_O.id.in_(officers)).distinct()
    return list((await connection.execute(found)).scalars())


async def refresh_officers(
    connection: AsyncConnection,
    officers: Sequence[int] | Select[Any],
    start: date | None = None,
    end: date | None = None,
) -> None:
    """Recount the forces of these officers (ids, or a select of ids) over the days, and
    these officers' runs (no other officer's days changed)."""
    await refresh(connection, await _forces(connection, officers), start, end, officers)


async def refresh_request(
    connection: AsyncConnection,
    request_id: int,
    start: date | None = None,
    end: date | None = None,
) -> None:
    """Recount the forces of the officers named in units of the request's commitments, over
    the days from `start` to `end` (the request's own when not given)."""
    if start is None or end is None:
        dates = select(_R.starts_on, _R.ends_on).where(_R.id == request_id)
        start, end = (await connection.execute(dates)).one()
    named = (
        select(_PUM.officer_id)
        .join(_PU, _PU.id == _PUM.planning_unit_id)
        .join(_C, _C.id == _PU.commitment_id)
        .where(_C.request_id == request_id)
    )
    await refresh_officers(connection, named, start, end)


async def refresh_deployments(connection: AsyncConnection, deployments: Select[Any]) -> None:
    """Recount the forces of the officers of these deployments (a select of ids), over their
    days."""
    chosen = select(_D.officer_id, _D.duty_date).where(_D.id.in_(deployments)).subquery()
    span = select(func.min(chosen.c.duty_date), func.max(chosen.c.duty_date))
    start, end = (await connection.execute(span)).one()
    if start is not None:
        await refresh_officers(connection, select(chosen.c.officer_id), start, end)


def _touched_forces(batches: Select[Any]) -> Any:
    """Forces whose capacity rows the batches' writes may have changed: those of officers
    written, withdrawn, deployed or named by them, of officers named in units, commitments
    and requests they wrote, or deployed on duty units they wrote, and the batches' own."""
    units = (
        select(_PU.id)
        .outerjoin(_C, _C.id == _PU.commitment_id)
        .outerjoin(_R, _R.id == _C.request_id)
        .where(
            or_(
                _PU.source_batch_id.in_(batches),
                _C.source_batch_id.in_(batches),
                _R.source_batch_id.in_(batches),
            )
        )
    )
    duties = select(_DU.id).where(
        or_(_DU.source_batch_id.in_(batches), _DU.planning_unit_id.in_(units))
    )
    officers = union(
        select(_O.id).where(
            or_(_O.source_batch_id.in_(batches), _O.withdrawn_batch_id.in_(batches))
        ),
        select(_D.officer_id).where(
            or_(_D.source_batch_id.in_(batches), _D.duty_unit_id.in_(duties))
        ),
        select(_PUM.officer_id).where(
            or_(_PUM.source_batch_id.in_(batches), _PUM.planning_unit_id.in_(units))
        ),
    ).subquery("touched_officers")
    return union(
        select(_O.force_id).where(_O.id.in_(select(officers.c.id))),
        select(m.ImportBatch.force_id).where(
            m.ImportBatch.id.in_(batches), m.ImportBatch.force_id.is_not(None)
        ),
    )


async def take_in_imports(engine: AsyncEngine) -> None:
    """Recount the forces touched by finished import batches not yet taken in (the writes of
    a crashed import are taken in by the next one)."""
    try:
        await _take_in(engine)
    except (OperationalError, InterfaceError, OSError) as error:  # the database went away
        log.warning("capacity: import batches not taken in yet (%s)", type(error).__name__)
    except DBAPIError as error:
        if _sqlstate(error) not in TIMED_OUT:
            raise
        # what the files wrote is committed; their batches stay waiting (not in
        # capacity_batch): the next import takes them in, `hub capacity recount` recounts now
        log.warning(
            "capacity: the recount after the import ran out of time (statement timeout %s s); "
            "its batches are taken in by the next import, or run `hub capacity recount`",
            RECOUNT_TIMEOUT_S,
        )


def _sqlstate(error: DBAPIError) -> str | None:
    """The SQLSTATE of a PostgreSQL error (asyncpg's, under the DBAPI adapter's)."""
    for cause in (error.orig, getattr(error.orig, "__cause__", None)):
        code = getattr(cause, "sqlstate", None)
        if code:
            return str(code)
    return None


async def _take_in(engine: AsyncEngine) -> None:
    batch = m.ImportBatch
    waiting = select(batch.id).where(
        batch.status != "RUNNING",
        batch.dry_run.is_(False),
        ~exists().where(m.CapacityBatch.batch_id == batch.id),
    )
    async with engine.begin() as connection:
        await unhurried(connection)
        await _take_turn(connection)
        ids = list((await connection.execute(waiting)).scalars())
        if not ids:
            return
        chosen = select(batch.id).where(batch.id.in_(ids))
        # every force with officers touched (an import of all of them): the same recount
        # without naming them (the capacity tables count officers' forces only), which the
        # planners run as scans, about twice as fast as through each force's officers; the
        # batches' own forces (touched whatever they wrote) often show it without the search
        # through everything they wrote for the forces it touched
        own = select(batch.force_id).where(batch.id.in_(ids), batch.force_id.is_not(None))
        outside = select(_O.id).where(_O.force_id.not_in(own))
        if (await connection.execute(select(exists(own) & ~exists(outside)))).scalar():
            await refresh(connection)
        else:
            forces = list((await connection.execute(_touched_forces(chosen))).scalars())
            whole = bool(forces) and await _all_officers_in(connection, forces)
            await refresh(connection, None if whole else forces)
        # another process may have taken the same batches in meanwhile (SQLite): a recount
        # twice is harmless, a batch recorded twice is not
        taken = _insert_for(connection)(m.CapacityBatch).on_conflict_do_nothing()
        await connection.execute(taken, [{"batch_id": i} for i in ids])


async def _all_officers_in(connection: AsyncConnection, forces: Sequence[int]) -> bool:
    """Whether every officer is of one of the forces."""
    others = select(_O.id).where(_O.force_id.not_in(forces)).limit(1)
    return (await connection.execute(others)).first() is None


def _insert_for(connection: AsyncConnection) -> Any:
    return pg_insert if connection.dialect.name == "postgresql" else sqlite_insert


async def unhurried(connection: AsyncConnection) -> None:
    """Let the statements of the connection's transaction run for RECOUNT_TIMEOUT_S, without
    JIT (see `for_checks`: a whole recount is priced over its threshold) (PostgreSQL; SQLite
    has no statement timeout, nor JIT)."""
    if connection.dialect.name == "postgresql":
        timeout = int(RECOUNT_TIMEOUT_S * 1000)  # milliseconds
        await connection.execute(
            text(
                f"SELECT set_config('statement_timeout', '{timeout}', true), "
                "set_config('jit', 'off', true)"
            )
        )


@asynccontextmanager
async def for_checks(connection: AsyncConnection) -> AsyncIterator[None]:
    """Plan the statements run inside the block for the values they are given, and run them
    without PostgreSQL's JIT compiler; the transaction's settings as they were after it (a
    no-op on SQLite).

    The checks after each file run the same reads for one batch after another, often on one
    pooled connection, whose prepared statements PostgreSQL then may plan once for any batch
    (a generic plan, after five runs). Priced with no value for `status <> $1` (one status
    stored: it guesses no row passes), the roster read's generic plan joins every deployment
    in a nested loop: 2-26 s a file where the batch's own plan takes 10-60 ms (the COP26
    roster files' checks run again, one connection, on the database holding all of them).
    Reads after an import are also estimated costly enough for JIT, and compiling took longer
    than running: 1.09 s of the 1.21 s that the request facts of the COP26 import's largest
    file took.

    Only inside the block: the foreign key checks of every row a statement inserts run a
    prepared plan each, which `force_custom_plan` would plan again for each row. Left on for
    the rest of the transaction (an import's files share one), it had the next files' COPYs
    spend a quarter of the server's CPU planning (COP26 on PostgreSQL, perf, 4 December).
    An error inside the block leaves the settings alone: the transaction, or the savepoint
    they were set after, is rolled back, and the settings with it."""
    if connection.dialect.name != "postgresql":
        yield
        return
    before = await connection.execute(
        text(
            "SELECT current_setting('jit'), current_setting('plan_cache_mode'), "
            "set_config('jit', 'off', true), "
            "set_config('plan_cache_mode', 'force_custom_plan', true)"
        )
    )
    jit, plan_cache_mode, _, _ = before.one()
    yield
    await connection.execute(
        text("SELECT set_config('jit', :jit, true), set_config('plan_cache_mode', :mode, true)"),
        {"jit": jit, "mode": plan_cache_mode},
    )


async def _take_turn(connection: AsyncConnection) -> None:
    """Wait for other refreshes to commit (PostgreSQL; SQLite has one writer at a time)."""
    if connection.dialect.name == "postgresql":
        await connection.execute(text(f"SELECT pg_advisory_xact_lock({REFRESH_LOCK})"))


__all__ = [
    "LIVE_REQUESTS",
    "NOT_SENDABLE",
    "for_checks",
    "refresh",
    "refresh_deployments",
    "refresh_officers",
    "refresh_request",
    "statements",
    "take_in_imports",
    "unhurried",
]
