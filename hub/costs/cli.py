"""`hub costs statement|agree|dispute`: statements as files, and the word on them."""

from __future__ import annotations

import asyncio
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from hub.config import Settings
from hub.costs.agreement import AgreementStatus, Given, Word, give_word
from hub.costs.export import to_csv, to_html
from hub.costs.report import CostReport, cost_report
from hub.errors import HubError
from hub.store import create_engine

costs_app = typer.Typer(help="Cost recovery: statements between forces.", no_args_is_help=True)
console = Console(stderr=True)


class Format(StrEnum):
    """File formats of a statement."""

    csv = "csv"
    html = "html"
    pdf = "pdf"


async def _report(operation: str, force: str | None) -> CostReport:
    engine = create_engine(Settings())
    try:
        return await cost_report(engine, operation, force)
    finally:
        await engine.dispose()


def _checked(operation: str, force: str | None) -> CostReport:
    try:
        report = asyncio.run(_report(operation, force))
    except HubError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=1) from error
    check = report.reconciliation
    if not check.ok:
        console.print(
            f"[red]statements do not reconcile:[/red] priced twice {list(check.priced_twice)}, "
            f"missed {list(check.missed)}, not in the operation {list(check.unexpected)}"
        )
        raise typer.Exit(code=1)
    console.print(
        f"{len(report.statements)} statements, {check.priced} deployments priced once each, "
        f"{check.own_force} worked for their own force (not charged); "
        f"total £{report.grand_total:,}"
    )
    return report


@costs_app.command("statement")
def statement(
    operation: Annotated[str, typer.Option(help="The operation's code.")],
    force: Annotated[str, typer.Option(help="The force whose statements (sent or received).")],
    format: Annotated[Format, typer.Option(help="csv, pdf, or html to print.")] = Format.csv,
    output: Annotated[
        Path | None, typer.Option(help="File to write (default: standard output).")
    ] = None,
) -> None:
    """Every statement FORCE sends or receives for OPERATION, checked against its deployments."""
    report = _checked(operation, force)
    if format is Format.pdf:
        from hub.costs.pdf import to_pdf

        data = to_pdf(operation, report.codes, report.statements, report.marking)
    else:
        render = to_csv if format is Format.csv else to_html
        data = render(operation, report.codes, report.statements, report.marking).encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
        console.print(f"wrote {output}")


def _record(
    status: AgreementStatus, operation: str, provider: str, requester: str, note: str, by: str
) -> None:
    word = Word(operation, provider, requester, status, note, by)

    async def write() -> Given:
        engine = create_engine(Settings())
        try:
            async with engine.connect() as connection:
                return await give_word(connection, word)
        finally:
            await engine.dispose()

    try:
        given = asyncio.run(write())
    except HubError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(code=1) from error
    console.print(f"{status.value.lower()}: {provider} to {requester}, £{given.statement.total:,}")


Provider = Annotated[str, typer.Option("--from", help="The force that charges.")]
Requester = Annotated[str, typer.Option("--to", help="The force that pays.")]
Note = Annotated[str, typer.Option(help="What is said with it.")]
By = Annotated[str, typer.Option(help="Who records it.")]


@costs_app.command("agree")
def agree(
    operation: Annotated[str, typer.Option(help="The operation's code.")],
    provider: Provider,
    requester: Requester,
    note: Note = "",
    by: By = "cli",
) -> None:
    """Record that a statement's current total is agreed."""
    _record(AgreementStatus.AGREED, operation, provider, requester, note, by)


@costs_app.command("dispute")
def dispute(
    operation: Annotated[str, typer.Option(help="The operation's code.")],
    provider: Provider,
    requester: Requester,
    note: Note = "",
    by: By = "cli",
) -> None:
    """Record that a statement's current total is disputed."""
    _record(AgreementStatus.DISPUTED, operation, provider, requester, note, by)
