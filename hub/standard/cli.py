"""`hub standard validate FILE...`: check files against the standard, as an import would."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hub.standard.validate import (
    FileReport,
    UnknownRecordType,
    exit_code,
    record_types,
    validate_files,
)

standard_app = typer.Typer(
    help="Check files against the standard (records, EDXL-RM messages).", no_args_is_help=True
)
console = Console()
SHOWN_PROBLEMS = 20


@standard_app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(help="JSON, JSON Lines, CSV or EDXL-RM XML.")],
    record_type: Annotated[
        str | None,
        typer.Option("--type", help="The record type of JSON and CSV files (e.g. officer)."),
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="Also write the reports here as JSON.")
    ] = None,
) -> None:
    """Check files against the standard's JSON Schemas or the EDXL-RM XSDs.

    Exit code 0: every file is valid; 1: a record or message is not; 2: a file could not be
    checked (unreadable, not JSON/CSV/XML, no record type fits, or an unknown --type).
    """
    try:
        reports = validate_files(files, record_type)
    except UnknownRecordType as error:
        console.print(f"[red]{escape(str(error))}[/red]")
        raise typer.Exit(code=2) from error
    print_reports(reports)
    if report is not None:
        data = [item.to_dict() for item in reports]
        report.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    raise typer.Exit(code=exit_code(reports))


@standard_app.command("types")
def types() -> None:
    """The record types JSON and CSV files can hold (the values of --type)."""
    for name in record_types():
        console.print(name)


def print_reports(reports: Sequence[FileReport]) -> None:
    """The summary table, then the first problems of each file."""
    table = Table(title="Validation")
    for column in ("file", "kind", "type", "status", "read", "rejected"):
        table.add_column(column, justify="right" if column in ("read", "rejected") else "left")
    for item in reports:
        status = "refused" if item.error else ("valid" if item.valid else "invalid")
        table.add_row(
            escape(item.file),
            item.kind,
            item.type or "",
            status,
            str(item.read),
            str(item.rejected),
        )
    console.print(table)
    for item in reports:
        if item.error is not None:
            console.print(f"[red]refused:[/red] {escape(str(item.error))}", soft_wrap=True)
        for problem in item.problems[:SHOWN_PROBLEMS]:
            console.print(f"[yellow]rejected:[/yellow] {escape(str(problem))}", soft_wrap=True)
        if len(item.problems) > SHOWN_PROBLEMS:
            more = len(item.problems) - SHOWN_PROBLEMS
            console.print(f"… and {more} more problems (--report PATH writes them all)")
