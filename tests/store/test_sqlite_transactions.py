"""SQLite transactions: a transaction that SQLAlchemy does not know of (a statement cut
short, a connection handed back mid-transaction) never makes the next BEGIN fail with
"cannot start a transaction within a transaction"."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from hub.config import Settings
from hub.store import create_engine


async def test_an_orphaned_transaction_does_not_break_the_next_begin(tmp_path: Path) -> None:
    engine = create_engine(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'tx.db'}"))
    try:
        async with engine.connect() as connection:
            await connection.execute(text("CREATE TABLE t (x INTEGER)"))
            await connection.commit()
            raw = await connection.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            # Behind SQLAlchemy's back: SQLite now has a transaction with a write in it.
            await driver.execute("BEGIN")
            await driver.execute("INSERT INTO t VALUES (1)")
            assert not connection.in_transaction()
            assert await connection.scalar(text("SELECT count(*) FROM t")) == 0
            await connection.execute(text("INSERT INTO t VALUES (2)"))
            await connection.commit()
        async with engine.connect() as connection:
            # The orphan's write was rolled back, not committed with the next transaction.
            assert (await connection.execute(text("SELECT x FROM t"))).scalars().all() == [2]
    finally:
        await engine.dispose()
