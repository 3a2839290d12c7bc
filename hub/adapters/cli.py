"""`hub ingest` and `hub adapters list|check|new`."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters.errors import MappingError
from hub.adapters.map import load_adapter
from hub.adapters.pipeline import ingest as run_ingest
from hub.adapters.registry import list_adapters
from hub.adapters.report import ImportReport, Reject
from hub.adapters.starter import starter_mapping
from hub.config import Settings
from hub.errors import ConfigurationError

adapters_app = typer.Typer(help="Adapters: mapping files for force exports.", no_args_is_help=True)


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The output has gone (`hub ingest ... | head`): stop printing, keep the exit code."""
        self.quiet = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes at exit


console = _Console()
SHOWN_REJECTS = 20


async def _run(
    adapter: str, files: Sequence[Path], force: str | None, dry_run: bool, strict: bool
) -> list[ImportReport]:
    from hub.store import create_engine

    engine = create_engine(Settings())
    try:
        await _require_tables(engine)
        if not console.is_terminal:  # no live display into a pipe or a file
            return await run_ingest(
                engine, adapter, files, force=force, dry_run=dry_run, strict=strict
            )
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("{task.completed} records"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("importing", total=None)
            return await run_ingest(
                engine,
                adapter,
                files,
                force=force,
                dry_run=dry_run,
                strict=strict,
                progress=lambda read: bar.update(task, completed=read),
            )
    finally:
        await engine.dispose()


async def _require_tables(engine: AsyncEngine) -> None:
    """Refuse a database the hub has not made (no `hub db upgrade`, or the wrong URL), which an
    import would otherwise report as a lost database."""
    from hub.store import current_revision

    try:
        revision = await current_revision(engine)
    except (OSError, DBAPIError):
        return  # unreachable: the import says so (DB_UNAVAILABLE)
    if revision is None:
        where = engine.url.render_as_string(hide_password=True)
        raise ConfigurationError(
            "DB_NOT_MIGRATED",
            f"the database {where} has no tables of the hub: run `hub db upgrade`, or check "
            "HUB_DATABASE_URL",
        )


def ingest(
    files: Annotated[list[Path], typer.Argument(help="Export files to import.")],
    adapter: Annotated[str, typer.Option(help="Adapter name or mapping file.")],
    dry_run: Annotated[bool, typer.Option(help="Report what would happen; write nothing.")] = False,
    strict: Annotated[
        bool, typer.Option(help="All or nothing: any reject cancels the file.")
    ] = False,
    force: Annotated[
        str | None, typer.Option(help="Force whose data the files are; others are rejected.")
    ] = None,
    report: Annotated[Path | None, typer.Option(help="Write the reports as JSON here.")] = None,
) -> None:
    """Import force exports into the hub's database (HUB_DATABASE_URL) with an adapter.

    Exit codes: 0 every file imported (rejected records are in the report); 1 a file failed
    (refused, a strict import with rejects, or the database lost); 2 the command or the
    mapping is wrong and nothing was read. `--report` is written in every case.
    """
    try:
        reports = asyncio.run(_run(adapter, files, force, dry_run, strict))
    except ConfigurationError as error:  # the mapping, the adapter named, or HUB_ID_KEY
        _write_report(report, [_not_run(file, adapter, error) for file in files])
        text = f"[red]{error}[/red]"
        _say(lambda: console.print(text))
        raise typer.Exit(code=2) from None
    _write_report(report, reports)
    _say(lambda: print_reports(reports))
    if any(item.status == "FAILED" for item in reports):
        raise typer.Exit(code=1)


def _not_run(file: Path, adapter: str, error: ConfigurationError) -> ImportReport:
    failed = ImportReport("", file.name, adapter, None, status="FAILED")
    key = error.key if isinstance(error, MappingError) else None
    failed.error = Reject(file.name, None, None, key, None, error.code, error.message)
    return failed


def _write_report(path: Path | None, reports: Sequence[ImportReport]) -> None:
    if path is not None:
        data = [item.to_dict() for item in reports]
        path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")


def _say(show: Callable[[], None]) -> None:
    """Print, unless the output has gone (`hub ingest ... | head`): the report is written."""
    try:
        show()
        sys.stdout.flush()
    except BrokenPipeError:
        console.on_broken_pipe()


def print_reports(reports: Sequence[ImportReport]) -> None:
    """The summary table, then the first rejects of each file."""
    table = Table(title="Import")
    columns = ("file", "status", "read", "inserted", "updated", "unchanged", "repeated", "rejected")
    for column in columns:
        table.add_column(column, justify="left" if column in ("file", "status") else "right")
    for item in reports:
        status = ("dry run " if item.dry_run else "") + item.status.lower()
        counts = (
            item.read,
            item.inserted,
            item.updated,
            item.unchanged,
            item.repeated,
            item.rejected,
        )
        table.add_row(item.file, status, *(str(count) for count in counts))
    console.print(table)
    for item in reports:
        if len(item.entities) > 1:  # a file of several kinds of record: each kind's counts
            parts = [
                f"{entity} "
                + ", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items()))
                for entity, counts in sorted(item.entities.items())
            ]
            console.print(f"{escape(item.file)} by record: " + "; ".join(parts))
    for warning in dict.fromkeys(w for item in reports for w in item.warnings):
        console.print(f"[yellow]deprecated:[/yellow] {escape(warning)}")
    for item in reports:
        if item.error is not None:
            console.print(f"[red]refused:[/red] {item.error}")
        if item.provisional:
            made = ", ".join(f"{count} {entity}" for entity, count in item.provisional.items())
            console.print(f"{item.file}: provisional (key alone, until a complete record): {made}")
        for entity, count in item.marked.items():
            console.print(f"{item.file}: {count} {entity} marked OFFICIAL-SENSITIVE")
        for entity, count in item.withdrawn.items():
            console.print(f"{item.file}: full list: {count} {entity} withdrawn (not in it)")
        for entity, count in item.reinstated.items():
            console.print(f"{item.file}: full list: {count} {entity} reinstated (in it again)")
        for withdrawal in item.withdrawals[:SHOWN_REJECTS]:
            console.print(f"withdrawn: {escape(str(withdrawal))}")
        rejects = list(dict.fromkeys(map(str, item.rejects)))  # a row's items alike: once
        for reject in rejects[:SHOWN_REJECTS]:
            console.print(f"[yellow]rejected:[/yellow] {escape(reject)}")
        for duplicate in item.duplicates[:SHOWN_REJECTS]:
            console.print(f"[yellow]duplicate:[/yellow] {duplicate}")
        for finding in list({str(finding): finding for finding in item.findings}.values())[
            :SHOWN_REJECTS
        ]:
            label = "note" if finding.code == "SNAPSHOT_NOT_APPLIED" else "contradiction"
            console.print(f"[yellow]{label}:[/yellow] {escape(str(finding))}")
        if len(rejects) > SHOWN_REJECTS:
            more = len(rejects) - SHOWN_REJECTS
            console.print(f"… and {more} more rejects ({item.rejected} records rejected in all)")


@adapters_app.command("list")
def adapters_list() -> None:
    """The adapters `hub ingest --adapter` knows: the examples and installed entry points."""
    table = Table(title="Adapters")
    for column in ("name", "description", "from"):
        table.add_column(column)
    for info in list_adapters():
        table.add_row(info.name, info.description, info.origin)
    console.print(table)


@adapters_app.command("check")
def adapters_check(
    mapping: Annotated[Path, typer.Argument(help="Mapping file.")],
    samples: Annotated[list[Path] | None, typer.Argument(help="Sample exports to dry-run.")] = None,
    force: Annotated[str | None, typer.Option(help="Force whose data the samples are.")] = None,
) -> None:
    """Validate a mapping file, then dry-run sample files against the database and report."""
    try:
        adapter = load_adapter(mapping)
    except MappingError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=1) from None
    console.print(f"[green]mapping {adapter.name!r} is valid[/green]")
    for warning in adapter.warnings:
        console.print(f"[yellow]deprecated:[/yellow] {escape(warning)}")
    if not samples:
        return
    try:
        reports = asyncio.run(_run(str(mapping), samples, force, dry_run=True, strict=False))
    except ConfigurationError as error:  # HUB_ID_KEY unset, or the database not made
        console.print(f"[red]{escape(str(error))}[/red]")
        raise typer.Exit(code=2) from None
    print_reports(reports)
    if not all(item.valid for item in reports):
        raise typer.Exit(code=1)


@adapters_app.command("new")
def adapters_new(
    sample: Annotated[Path, typer.Option(help="A sample export (CSV, XLSX or XML).")],
    entity: Annotated[str, typer.Option(help="Record of the standard to produce.")] = "officer",
    output: Annotated[Path | None, typer.Option(help="Where to write the mapping.")] = None,
) -> None:
    """Write a starter mapping inferred from a sample's header or elements."""
    try:
        text = starter_mapping(sample, entity)
    except (MappingError, ValueError, OSError) as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=1) from None
    target = output or sample.with_suffix(".yaml")
    if target.exists():
        console.print(f"[red]{target} exists; choose another --output[/red]")
        raise typer.Exit(code=1)
    target.write_text(text, encoding="utf-8")
    console.print(
        f"wrote {target}: replace every TODO, then run `hub adapters check {target} {sample}`"
    )


@adapters_app.command("schema")
def adapters_schema(
    output: Annotated[Path | None, typer.Option(help="Write here instead of printing.")] = None,
) -> None:
    """The JSON Schema of mapping files (for editor completion)."""
    from hub.adapters.map import mapping_schema

    text = json.dumps(mapping_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
