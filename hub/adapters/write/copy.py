"""New rows on PostgreSQL by COPY: a batch's rows that no stored row has the key of, loaded with
the binary COPY protocol (asyncpg's `copy_records_to_table`) instead of an INSERT.

COPY writes the rows in groups (the heap's multi-insert) and asyncpg encodes them with no
statement to bind, which costs less on both sides than INSERT ... SELECT FROM unnest ... ON
CONFLICT. It is used only where nothing needs to come back (COPY returns no ids) and only for rows
the batch's look-up found absent, inside the batch's transaction. Should another import have
stored one of those keys since, the unique index refuses the COPY (an IntegrityError, as an
INSERT's would be) and the batch is written again record by record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from hub.adapters.write.bulk import full_rows, raise_translated, table_info

MIN_ROWS = 50  # fewer new rows: one INSERT costs about the same


def copies(connection: AsyncConnection, rows: int) -> bool:
    """Whether `rows` new rows go to the database by COPY."""
    return rows >= MIN_ROWS and connection.dialect.name == "postgresql"


async def copy_new(
    connection: AsyncConnection, table: Table, rows: Sequence[dict[str, Any]]
) -> None:
    """Load `rows` (all with the same columns, none stored) into `table` by COPY; columns a row
    does not give take their default, as with `bulk_upsert`."""
    dialect = connection.dialect
    columns, values = full_rows(table_info(table, dialect), rows)
    raw = await connection.get_raw_connection()
    adapted: Any = raw.dbapi_connection  # SQLAlchemy's adapter of the asyncpg connection
    driver: Any = raw.driver_connection
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN (FORMAT binary)"
    try:
        async with adapted._execute_mutex:
            if adapted._transaction is None:  # never so here: the batch's look-ups began it
                await adapted._start_transaction()
            await driver.copy_records_to_table(table.name, records=values, columns=columns)
    except Exception as error:  # the driver's; raised as SQLAlchemy raises a statement's
        await raise_translated(connection, adapted, statement, error)
        raise
