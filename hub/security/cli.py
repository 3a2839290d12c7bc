"""`hub keys create|list|revoke` and `hub audit`: API keys and the read-access audit log."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Row, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.config import Settings
from hub.errors import HubError
from hub.security.audit import AuditQuery, read_audit
from hub.security.keys import create_api_key, list_keys, revoke_key
from hub.security.principal import FORCE_SCOPED, Role
from hub.standard.ids import opaque_id
from hub.store import create_engine
from hub.store import models as m

keys_app = typer.Typer(help="API keys: create, list and revoke.", no_args_is_help=True)


def _console() -> Console:
    """A console sized by the environment of this command (COLUMNS), not of the first import."""
    return Console()


T = TypeVar("T")


def _run(work: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    """Run `work` with an engine on the configured database; HubErrors end the command."""

    async def main() -> T:
        engine = create_engine(Settings())
        try:
            return await work(engine)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(main())
    except HubError as error:
        _console().print(f"[red]{error}[/red]")
        raise typer.Exit(code=1) from error
    except DBAPIError as error:
        _console().print(f"[red]database error: {error.orig}[/red] (has `hub db upgrade` run?)")
        raise typer.Exit(code=1) from error


@keys_app.command("create")
def keys_create(
    role: Annotated[Role, typer.Option(help="coordinator, partner, ingest or stakeholder.")],
    name: Annotated[str, typer.Option(help="Who holds the key (a system or a team).")],
    force: Annotated[
        str | None, typer.Option(help="The force of a partner or ingest key (its code).")
    ] = None,
    allow: Annotated[
        list[Path] | None,
        typer.Option(help="A trusted document (.graphql): the key may run only these."),
    ] = None,
) -> None:
    """Create an API key and show it once (only its hash is kept)."""
    documents = None if allow is None else [path.read_text(encoding="utf-8") for path in allow]
    key = _run(
        lambda engine: create_api_key(
            engine, role=role.value, name=name, force=force, allowed_operations=documents
        )
    )
    _console().print(f"[green]{role.value} key for {name}[/green] (shown once, keep it safe):")
    typer.echo(key)


@keys_app.command("list")
def keys_list() -> None:
    """Every key issued, without the keys themselves."""
    table = Table(title="API keys")
    for column in ("id", "prefix", "name", "role", "force", "trusted only", "created", "revoked"):
        table.add_column(column)
    for info in _run(list_keys):
        table.add_row(
            str(info.id),
            info.prefix,
            info.name,
            info.role,
            info.force or "",
            "yes" if info.restricted else "",
            f"{info.created_at:%Y-%m-%d %H:%M}",
            f"{info.revoked_at:%Y-%m-%d %H:%M}" if info.revoked_at else "",
        )
    _console().print(table)


@keys_app.command("revoke")
def keys_revoke(
    key: Annotated[str, typer.Argument(help="The key's id or prefix (from `hub keys list`).")],
) -> None:
    """Revoke a key: requests with it are refused from now on."""
    if _run(lambda engine: revoke_key(engine, key)) == 0:
        _console().print(f"[red]no active key {key}[/red]")
        raise typer.Exit(code=1)
    _console().print(f"[green]revoked {key}[/green]")


def audit(
    since: Annotated[
        datetime | None, typer.Option(help="Only records at or after this time (UTC).")
    ] = None,
    key: Annotated[str | None, typer.Option(help="Only this key (by name).")] = None,
    role: Annotated[Role | None, typer.Option(help="Only keys of this role.")] = None,
    force: Annotated[str | None, typer.Option(help="Only keys of this force.")] = None,
    officer: Annotated[
        str | None,
        typer.Option(
            help="Only operations that disclosed this officer's personal data: the officer's "
            "id, or FORCE/SERVICE_NUMBER (e.g. police-scotland/4417)."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many, newest first.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
) -> None:
    """Show the read-access audit log: who consulted personal data, when, what and why."""

    async def work(engine: AsyncEngine) -> Sequence[Row[Any]]:
        query = AuditQuery(
            first=limit,
            since=since,
            key_names=[key] if key else (),
            roles=[role.value] if role else (),
            forces=[force] if force else (),
            subjects=[await officer_id(engine, officer)] if officer else (),
        )
        return await read_audit(engine, query)

    rows = _run(work)
    if as_json:
        for row in rows:
            typer.echo(json.dumps(dict(row._mapping), default=str))
        return
    table = Table(title="Read-access audit log (newest first)")
    for column in ("when", "key", "role", "force", "operation", "fields", "records", "purpose"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            f"{row.occurred_at:%Y-%m-%d %H:%M:%S}",
            row.key_name,
            row.role,
            row.force_code or "",
            row.operation_name or row.document_hash[:12],
            row.fields.replace(",", ", "),
            str(row.record_count),
            row.purpose,
        )
    _console().print(table)


async def officer_id(engine: AsyncEngine, officer: str) -> str:
    """The global id of an officer named by id, or by FORCE/SERVICE_NUMBER (looked up, or made
    with the id key when the officer is no longer stored)."""
    force, slash, number = officer.partition("/")
    if not slash:
        return officer
    found = await engine_scalar(
        engine,
        select(m.Officer.gid)
        .join(m.Force, m.Force.id == m.Officer.force_id)
        .where(m.Force.code == force, m.Officer.service_number == number),
    )
    if found is not None:
        return str(found)
    return opaque_id(Settings().id_key_bytes(), "Officer", force, number)


async def engine_scalar(engine: AsyncEngine, statement: Any) -> Any:
    async with engine.connect() as connection:
        return await connection.scalar(statement)


async def _demo_keys(database_url: str) -> list[tuple[str, str | None, str]]:
    engine = create_engine(Settings(database_url=database_url))
    try:
        keys = []
        for role in Role:
            force = "police-scotland" if role in FORCE_SCOPED else None
            name = f"demo {role.value}"
            keys.append(
                (role.value, force, await create_api_key(engine, role=role, name=name, force=force))
            )
        return keys
    finally:
        await engine.dispose()


def print_demo_keys(database_url: str) -> None:
    """Make a key of each role in the demo database and print them, each whole on a line of
    its own (never cut or wrapped to the terminal's width), so they can be copied."""
    _console().print(
        "[bold]Demo API keys[/bold]: paste one in GraphiQL's API key field, or send "
        "`Authorization: Bearer KEY`."
    )
    for role, force, key in asyncio.run(_demo_keys(database_url)):
        _console().print(f"  {role}" + (f" ({force})" if force else "") + ":")
        typer.echo(f"    {key}")
    _console().print(
        "Without a key the demo answers as an anonymous stakeholder: read-only, no personal "
        "data, no introspection. `hub serve` refuses requests without a key."
    )
