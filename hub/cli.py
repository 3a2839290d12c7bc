"""The `hub` command: serve the graph, run the demo, manage the database and the standard."""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from hub.config import Settings, local_id_key
from hub.errors import HubError

app = typer.Typer(help="The mutual aid interoperability hub.", no_args_is_help=True)
db_app = typer.Typer(help="The hub's database.", no_args_is_help=True)
schema_app = typer.Typer(help="The published standard (standards/).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(schema_app, name="schema")
# Commands of other parts of the hub are registered here, one line each.
from hub.security.cli import audit, keys_app  # noqa: E402

app.add_typer(keys_app, name="keys")
app.command("audit")(audit)
from hub.adapters.cli import adapters_app, ingest  # noqa: E402

app.add_typer(adapters_app, name="adapters")
app.command("ingest")(ingest)
from hub.costs.cli import costs_app  # noqa: E402

app.add_typer(costs_app, name="costs")
from hub.forecast.cli import forecast_app  # noqa: E402

app.add_typer(forecast_app, name="forecast")
from hub.edxl.cli import edxl_app  # noqa: E402

app.add_typer(edxl_app, name="edxl")
from hub.standard.cli import standard_app  # noqa: E402

app.add_typer(standard_app, name="standard")

from hub.retention.cli import retention_app  # noqa: E402

app.add_typer(retention_app, name="retention")
from hub.capacity_cli import capacity_app  # noqa: E402

app.add_typer(capacity_app, name="capacity")

console = Console()
REPO_ROOT = Path(__file__).resolve().parents[1]


@app.callback()
def _log_to_file() -> None:
    """With HUB_LOG_FILE set, every command appends its JSON log lines there (an import's
    counts, say); `hub serve` sets up its own logging (docs/operations.md)."""
    if os.environ.get("HUB_LOG_FILE"):
        from hub.ops.logging import configure_logging

        configure_logging(Settings())


class Scale(StrEnum):
    """Size of the demo data set."""

    small = "small"
    cop26 = "cop26"


async def _upgrade(settings: Settings) -> str | None:
    from hub.store import create_engine, current_revision, upgrade

    engine = create_engine(settings)
    try:
        await upgrade(engine)
        return await current_revision(engine)
    finally:
        await engine.dispose()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the current schema and load the code lists."""
    settings = Settings()
    revision = asyncio.run(_upgrade(settings))
    console.print(f"[green]database at revision {revision}[/green] ({_safe_url(settings)})")


@db_app.command("backup")
def db_backup(
    path: Annotated[Path, typer.Argument(help="The backup file to write.")],
) -> None:
    """Back up the database (SQLite's online backup API, or pg_dump for PostgreSQL)."""
    from hub.ops.backup import backup

    _backup_step(lambda: backup(Settings(), path))


@db_app.command("restore")
def db_restore(
    path: Annotated[Path, typer.Argument(help="A file `hub db backup` wrote.")],
) -> None:
    """Replace the database's contents with a backup (stop the hub first)."""
    from hub.ops.backup import restore

    _backup_step(lambda: restore(Settings(), path))


def _backup_step(step: Any) -> None:
    try:
        console.print(f"[green]{step()}[/green]")
    except HubError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=1) from error


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)


def _require_id_key(settings: Settings) -> None:
    """Refuse to serve without the federation's id key (HUB_ID_KEY)."""
    try:
        settings.id_key_bytes()
    except HubError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=2) from error


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    migrate: Annotated[
        bool,
        typer.Option(
            help="Run `hub db upgrade` first (turn off when several hosts share one database)."
        ),
    ] = True,
    access_log: Annotated[
        bool, typer.Option(help="Log a line per request (off: a proxy in front usually does).")
    ] = False,
    root_path: Annotated[
        str,
        typer.Option(
            help="Path prefix a proxy serves the hub under, e.g. /hub (docs/dashboard.md)."
        ),
    ] = "",
) -> None:
    """Serve the dashboard (/), the GraphQL API (POST /graphql), GraphiQL (GET /graphql),
    /healthz and /readyz."""
    import importlib.util

    import uvicorn

    from hub.ops.logging import log_config
    from hub.ops.metrics import share_between_workers

    settings = Settings()
    _require_id_key(settings)
    if migrate:
        asyncio.run(_upgrade(settings))
    if workers > 1:
        share_between_workers()
    console.print(f"GraphiQL: [bold]http://{host}:{port}/graphql[/bold] ({_safe_url(settings)})")
    console.print(f"Dashboard: [bold]http://{host}:{port}/[/bold]")
    uvicorn.run(
        "hub.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        log_config=log_config(settings),
        access_log=access_log,
        root_path=root_path,
        # The client's address (anonymous callers' rate limit, the access log) is the
        # connection's unless an operator names the proxies to believe.
        proxy_headers=settings.forwarded_allow_ips is not None,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        # The C HTTP parser and libuv's event loop where installed (they are dependencies).
        http="httptools" if importlib.util.find_spec("httptools") else "h11",
        loop="uvloop" if importlib.util.find_spec("uvloop") else "asyncio",
        ws="websockets-sansio",  # subscriptions: graphql-transport-ws on /graphql
        # A worker re-imports the `hub` command before it answers the supervisor's health
        # check: on a busy machine that takes longer than uvicorn's 5 s, and it was killed.
        timeout_worker_healthcheck=30,
    )


@app.command()
def generate(
    outdir: Annotated[Path, typer.Argument(help="Folder to write the exports to.")],
    scale: Annotated[Scale, typer.Option(help="Size of the operation.")] = Scale.small,
    seed: Annotated[int, typer.Option(help="Seed: the same seed writes the same bytes.")] = 26,
) -> None:
    """Write a synthetic mutual aid operation as every force's legacy exports (docs/demo.md)."""
    from hub.demo.exports import write_exports
    from hub.demo.generate import generate as build

    files = write_exports(build(scale.value, seed), outdir)
    console.print(f"wrote {len(files)} files to {outdir} ({scale.value}, seed {seed})")


async def _demo_database(database_url: str, exports: Path) -> list[Any]:
    from hub.demo.run import ingest_exports
    from hub.store import create_engine, upgrade

    settings = Settings(database_url=database_url)
    engine = create_engine(settings)
    try:
        await upgrade(engine)
        results = await ingest_exports(engine, exports, console)
        from hub.demo.run import costs_summary

        console.print(await costs_summary(engine))
        return results
    finally:
        await engine.dispose()


@app.command()
def demo(
    scale: Annotated[Scale, typer.Option(help="Size of the data set.")] = Scale.small,
    serve_graph: Annotated[
        bool,
        typer.Option("--serve/--no-serve", help="Serve the dashboard and GraphiQL afterwards."),
    ] = True,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    seed: Annotated[int, typer.Option(help="Seed of the generated data.")] = 26,
) -> None:
    """Generate (if needed) and import a demo operation into `HUB_DATABASE_URL` (or a fresh
    var/demo.db), print a key per role, then serve the dashboard and GraphiQL."""
    from hub.demo.run import exports_are_current, prepare_exports, rejects_table, summary_table

    started = time.perf_counter()
    exports = Path("var") / "demo" / f"{scale.value}-{seed}"
    if not exports_are_current(exports, scale.value, seed):
        console.print(f"Generating the {scale.value} operation in {exports} …")
        prepare_exports(exports, scale.value, seed)
    database_url, id_key_file = _demo_target()
    if not os.environ.get("HUB_ID_KEY"):
        # The demo's own id key, kept next to its database: the same ids from one run to the next.
        os.environ["HUB_ID_KEY"] = local_id_key(id_key_file)
    shown = _safe_url(Settings(database_url=database_url))
    console.print(f"Importing {exports} into {shown} through the adapters …")
    results = asyncio.run(_demo_database(database_url, exports))
    console.print(summary_table(results))
    console.print(rejects_table(results))
    console.print(f"demo graph ready in {time.perf_counter() - started:.1f} s")
    from hub.security.cli import print_demo_keys

    print_demo_keys(database_url)
    if not serve_graph:
        return
    os.environ["HUB_DATABASE_URL"] = database_url
    os.environ["HUB_ANONYMOUS_ROLE"] = "stakeholder"
    serve(host="127.0.0.1", port=port, workers=1, migrate=False)


def _demo_target() -> tuple[str, Path]:
    """The demo's database and its id key file: `HUB_DATABASE_URL` when set (migrated, never
    emptied: importing the same exports again changes nothing), else a fresh var/demo.db."""
    database_url = os.environ.get("HUB_DATABASE_URL")
    if database_url:
        digest = hashlib.sha256(database_url.encode()).hexdigest()[:16]
        return database_url, Path("var") / f"demo-{digest}.id-key"
    path = Path("var") / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite+aiosqlite:///{path}", Path(f"{path}.id-key")


def _records() -> Any:
    """The standard's records (the ingest contract), for their JSON Schemas."""
    from hub.adapters.model.records import RECORDS

    return RECORDS


@schema_app.command("export")
def schema_export() -> None:
    """Write the SDLs, the records' JSON Schemas and the data dictionary under standards/."""
    from hub.schema import build_schema
    from hub.schema.publish import write_standard
    from hub.standard import load_vocabulary

    for path in write_standard(REPO_ROOT, build_schema(), load_vocabulary(), _records()):
        console.print(f"wrote {path.relative_to(REPO_ROOT)}")


@schema_app.command("check")
def schema_check() -> None:
    """Fail when standards/ drifts from the code, or on an unrecorded breaking change."""
    from rich.markup import escape

    from hub.schema import build_schema
    from hub.schema.publish import check_standard
    from hub.standard import load_vocabulary

    report = check_standard(REPO_ROOT, build_schema(), load_vocabulary(), _records())
    for change in report.breaking:
        console.print(f"[red]breaking:[/red] {change}")
    for problem in report.problems:
        console.print(f"[red]problem:[/red] {problem}")
    for note in report.notes:
        console.print(f"[dim]note:[/dim] {escape(note)}", soft_wrap=True)
    if not report.ok:
        raise typer.Exit(code=1)
    console.print(
        f"[green]standard {report.current_version} matches the code[/green] "
        f"(released: {report.released_version})"
    )


@schema_app.command("release")
def schema_release() -> None:
    """Freeze the current schema and JSON Schemas as standards/released/<CHANGELOG version>."""
    from hub.errors import HubError
    from hub.schema import build_schema
    from hub.schema.publish import release_standard
    from hub.standard import load_vocabulary

    try:
        path = release_standard(REPO_ROOT, build_schema(), load_vocabulary(), _records())
    except HubError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=1) from error
    console.print(f"released {path.relative_to(REPO_ROOT)}")
