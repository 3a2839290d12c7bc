"""`hub edxl export|import`: a request's history as EDXL-RM 1.0 files, and files applied."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from hub.config import Settings
from hub.edxl.exchange import ExportedMessage, export_request, import_files
from hub.errors import HubError

edxl_app = typer.Typer(
    help="OASIS EDXL-RM 1.0 messages: export a request's history, import messages.",
    no_args_is_help=True,
)
# Lines are not cut by the console: file names and XML paths stay whole, to copy and grep.
console = Console(stderr=True, soft_wrap=True)


def _file_name(index: int, message: ExportedMessage) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", message.message_id)
    return f"{index:02d}-{message.message_type}-{safe}.xml"


@edxl_app.command("export")
def export(
    request: Annotated[str, typer.Option("--request", help="The request's reference.")],
    directory: Annotated[Path, typer.Argument(help="Folder to write one file per message.")],
) -> None:
    """Write every message of a request's history as an EDXL-RM XML file, oldest first."""
    try:
        messages = asyncio.run(export_request(Settings(), request))
    except HubError as error:
        console.print(f"[red]{escape(str(error))}[/red]")
        raise typer.Exit(code=1) from error
    directory.mkdir(parents=True, exist_ok=True)
    for index, message in enumerate(messages, start=1):
        (directory / _file_name(index, message)).write_bytes(message.xml)
    console.print(f"{len(messages)} messages of {escape(request)} written to {directory}")


@edxl_app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="Message files, applied in this order.")],
) -> None:
    """Apply EDXL-RM messages: each takes its workflow step (or is recorded) or is refused."""
    report = asyncio.run(import_files(Settings(), files))
    for outcome in report.outcomes:
        verb = "applied" if outcome.applied else "unchanged (applied before)"
        console.print(
            f"{escape(outcome.file)}: {verb}: {outcome.message_type} -> {outcome.step} "
            f"on {escape(outcome.reference)}"
        )
    for error in report.refused:
        console.print(f"[red]{escape(str(error))}[/red]")
    applied = sum(1 for outcome in report.outcomes if outcome.applied)
    console.print(
        f"{len(files)} messages: {applied} applied, {len(report.outcomes) - applied} unchanged, "
        f"{len(report.refused)} refused"
    )
    if report.refused:
        raise typer.Exit(code=1)
