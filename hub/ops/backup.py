"""Backups of the hub's database: `hub db backup PATH` and `hub db restore PATH`.

SQLite: a copy made with SQLite's online backup API (consistent while the hub serves), itself a
SQLite database. PostgreSQL: `pg_dump --format=custom`, restored by `pg_restore --clean
--single-transaction` (all or nothing). PostgreSQL's tools must be at least as new as the server
(a pg_dump older than the server refuses, or worse, misses what it does not know), so both
commands compare `pg_dump --version` with the server's version first.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from hub.config import Settings
from hub.errors import ConfigurationError

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(ConfigurationError):
    """A backup or restore that cannot be made (tool missing or too old, wrong file...)."""


def backup(settings: Settings, path: Path) -> str:
    """Write a backup of the configured database to `path`; what was done, in words."""
    source = settings.sqlite_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if source is not None:
        if not source.exists():
            raise BackupError("DATABASE_NOT_FOUND", f"there is no database at {source}")
        _sqlite_copy(source, path)
        return f"SQLite database {source} copied to {path}"
    url = _postgres_url(settings)
    _check_version("pg_dump", url)
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path)], url)
    return f"PostgreSQL database {url.database} dumped to {path} (pg_dump custom format)"


def restore(settings: Settings, path: Path) -> str:
    """Replace the configured database's contents with the backup at `path` (stop the hub
    first); what was done, in words."""
    header = _header(path)
    target = settings.sqlite_path()
    if target is not None:
        if header != SQLITE_HEADER:
            raise BackupError("BACKUP_FORMAT", f"{path} is not a SQLite backup of the hub")
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(path, target)
        return f"SQLite database {target} restored from {path}"
    if not header.startswith(PG_DUMP_HEADER):
        raise BackupError("BACKUP_FORMAT", f"{path} is not a pg_dump (custom format) backup")
    url = _postgres_url(settings)
    _check_version("pg_restore", url)
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    _run([*command, "--dbname", url.database or "", str(path)], url)
    return f"PostgreSQL database {url.database} restored from {path}"


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database over another, page by page, by the online backup API."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()


def _header(path: Path) -> bytes:
    if not path.is_file():
        raise BackupError("BACKUP_NOT_FOUND", f"there is no backup at {path}")
    with path.open("rb") as file:
        return file.read(len(SQLITE_HEADER))


def _postgres_url(settings: Settings) -> URL:
    url = make_url(settings.database_url)
    if url.get_backend_name() != "postgresql":
        raise BackupError(
            "BACKUP_UNSUPPORTED", f"backups are made of SQLite files and PostgreSQL, not {url}"
        )
    return url


def _environment(url: URL) -> dict[str, str]:
    """libpq's settings for the database (the password never on a command line)."""
    settings = {
        "PGHOST": url.host or "",
        "PGPORT": str(url.port or ""),
        "PGUSER": url.username or "",
        "PGPASSWORD": url.password if isinstance(url.password, str) else "",
        "PGDATABASE": url.database or "",
    }
    return {**os.environ, **{name: value for name, value in settings.items() if value}}


def _run(command: list[str], url: URL) -> None:
    done = subprocess.run(command, env=_environment(url), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(
            "BACKUP_FAILED", f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}"
        )


def tool_major(tool: str) -> int:
    """The major version of a PostgreSQL client tool (`pg_dump --version`)."""
    if shutil.which(tool) is None:
        raise BackupError("BACKUP_TOOL_MISSING", f"{tool} is not installed (postgresql-client)")
    output = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    if found is None:
        raise BackupError("BACKUP_TOOL_MISSING", f"{tool} --version said {output!r}")
    return int(found.group(1))


def server_major(url: URL) -> int:
    """The major version of the PostgreSQL server (`server_version_num` // 10000)."""

    async def ask() -> int:
        engine = create_async_engine(url, poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                number = await connection.scalar(text("SHOW server_version_num"))
        finally:
            await engine.dispose()
        return int(str(number)) // 10_000

    return asyncio.run(ask())


def _check_version(tool: str, url: URL) -> None:
    tool_version, server_version = tool_major(tool), server_major(url)
    if tool_version < server_version:
        raise BackupError(
            "BACKUP_TOOL_TOO_OLD",
            f"{tool} {tool_version} cannot be trusted with a PostgreSQL {server_version} "
            f"server: install postgresql-client-{server_version}",
        )
