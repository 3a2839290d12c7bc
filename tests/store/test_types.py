"""`UtcDateTime` keeps the instant, in UTC, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.store.models import ImportBatch

INSTANTS = [
    pytest.param(datetime(2021, 10, 31, 23, 59, 59, 999999, tzinfo=UTC), id="utc"),
    pytest.param(datetime(2021, 7, 1, 8, 0, 0, 123456, tzinfo=ZoneInfo("Europe/London")), id="bst"),
    pytest.param(
        datetime(2021, 11, 1, 3, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))), id="+05:30"
    ),
]


def batch(uid: str, started_at: datetime) -> dict[str, object]:
    return {
        "uid": uid,
        "adapter": "csv",
        "file_name": "f.csv",
        "checksum": "0" * 64,
        "started_at": started_at,
    }


@pytest.mark.parametrize("instant", INSTANTS)
async def test_an_aware_datetime_comes_back_as_the_same_instant_in_utc(
    engine: AsyncEngine, instant: datetime
) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(ImportBatch), [batch("b1", instant)])
        stored = await connection.scalar(select(ImportBatch.started_at))
    assert stored == instant
    assert stored is not None and stored.tzinfo is UTC
    assert stored.isoformat() == instant.astimezone(UTC).isoformat()


async def test_a_naive_datetime_is_refused(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        with pytest.raises(StatementError) as raised:
            await connection.execute(
                insert(ImportBatch), [batch("b1", datetime(2021, 11, 1, 9, 0))]
            )
    assert isinstance(raised.value.orig, ValueError)


async def test_comparisons_use_the_instant_whatever_the_zone(engine: AsyncEngine) -> None:
    noon_utc = datetime(2021, 11, 1, 12, 0, tzinfo=UTC)
    async with engine.begin() as connection:
        await connection.execute(insert(ImportBatch), [batch("b1", noon_utc)])
        later = await connection.scalar(
            select(ImportBatch.uid).where(
                ImportBatch.started_at
                > noon_utc.astimezone(timezone(timedelta(hours=-5))) - timedelta(microseconds=1)
            )
        )
    assert later == "b1"


@pytest.mark.parametrize("instant", INSTANTS)
async def test_sqlite_stores_the_text_sqlalchemys_datetime_stores(
    engine: AsyncEngine, instant: datetime
) -> None:
    """`UtcDateTime` binds SQLite's text itself: it must stay SQLAlchemy's `DATETIME` text
    (microseconds always shown), which rows stored earlier have and SQL compares as text."""
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite stores datetimes as text")
    from sqlalchemy import text
    from sqlalchemy.dialects.sqlite import DATETIME

    whole_second = instant.replace(microsecond=0)
    async with engine.begin() as connection:
        await connection.execute(
            insert(ImportBatch), [batch("b1", instant), batch("b2", whole_second)]
        )
        stored = (
            await connection.execute(text("SELECT started_at FROM import_batch ORDER BY uid"))
        ).scalars()
        texts = list(stored)
    sqlalchemys = DATETIME().bind_processor(engine.dialect)
    assert sqlalchemys is not None
    naive = [value.astimezone(UTC).replace(tzinfo=None) for value in (instant, whole_second)]
    assert texts == [sqlalchemys(value) for value in naive]
