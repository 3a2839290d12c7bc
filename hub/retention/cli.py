"""`hub retention run|log`: apply the retention policy, and read what it erased."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from hub.config import Settings
from hub.errors import HubError
from hub.retention.policy import load_policy
from hub.retention.run import RunReport, apply_policy
from hub.store import create_engine
from hub.store import models as m

retention_app = typer.Typer(
    help="Retention: erase personal data when its time is up (docs/retention.md).",
    no_args_is_help=True,
)
console = Console()
errors = Console(stderr=True, soft_wrap=True)  # paths in messages stay whole


async def _run(policy_path: Path | None, as_of: date, dry_run: bool) -> RunReport:
    policy = load_policy(policy_path)
    engine = create_engine(Settings())
    try:
        return await apply_policy(engine, policy, as_of, dry_run=dry_run)
    finally:
        await engine.dispose()


def _print(report: RunReport) -> None:
    verb = "would erase" if report.dry_run else "erased"
    table = Table(title=f"retention {'dry run' if report.dry_run else 'run'} as of {report.as_of}")
    for heading in ("rule", "kind", "data ended before", "record type", verb):
        table.add_column(heading, justify="right" if heading == verb else "left")
    for outcome in report.outcomes:
        table.add_row(
            outcome.rule,
            outcome.kind,
            outcome.cutoff.isoformat(),
            outcome.record_type,
            f"{outcome.records:,}",
        )
    console.print(table)
    suffix = "" if report.dry_run else f"; logged as run {report.run_id}"
    console.print(f"{report.total:,} records {verb} under {report.policy}{suffix}")


@retention_app.command("run")
def run(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would be erased; change nothing.")
    ] = False,
    policy: Annotated[
        Path | None,
        typer.Option(
            envvar="HUB_RETENTION_POLICY",
            help="The policy file (TOML); the hub's default policy when not given.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(help="Apply the policy as on this day (YYYY-MM-DD); today when not given."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Apply the retention policy to HUB_DATABASE_URL, all or nothing, and log each erasure."""
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError as error:
        errors.print(f"[red]INVALID_DATE: --as-of {as_of!r} is not a date (YYYY-MM-DD)[/red]")
        raise typer.Exit(code=2) from error
    try:
        report = asyncio.run(_run(policy, day, dry_run))
    except HubError as error:
        errors.print(f"[red]{error}[/red]")
        raise typer.Exit(code=1) from error
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "runId": None if report.dry_run else report.run_id,
                    "asOf": report.as_of.isoformat(),
                    "dryRun": report.dry_run,
                    "policy": report.policy,
                    "outcomes": [
                        {
                            "rule": outcome.rule,
                            "kind": outcome.kind,
                            "cutoff": outcome.cutoff.isoformat(),
                            "recordType": outcome.record_type,
                            "records": outcome.records,
                        }
                        for outcome in report.outcomes
                    ],
                },
                indent=2,
            )
        )
    else:
        _print(report)


async def _log() -> list[Any]:
    engine = create_engine(Settings())
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(m.RetentionErasure.__table__).order_by(m.RetentionErasure.id)
            )
            return list(rows)
    finally:
        await engine.dispose()


@retention_app.command("log")
def log(
    as_json: Annotated[bool, typer.Option("--json", help="Print the log as JSON.")] = False,
) -> None:
    """The retention log: every erasure, when, under which rule (counts, never persons)."""
    rows = asyncio.run(_log())
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "erasedAt": row.erased_at.isoformat(),
                        "runId": row.run_id,
                        "rule": row.rule,
                        "kind": row.kind,
                        "recordType": row.record_type,
                        "records": row.records,
                        "cutoff": row.cutoff.isoformat(),
                        "policySha256": row.policy_sha256,
                    }
                    for row in rows
                ],
                indent=2,
            )
        )
        return
    table = Table(title="retention log")
    for heading in ("erased at", "run", "rule", "record type", "records", "cutoff", "policy"):
        table.add_column(heading)
    for row in rows:
        table.add_row(
            row.erased_at.isoformat(timespec="seconds"),
            row.run_id[:8],
            row.rule,
            row.record_type,
            f"{row.records:,}",
            row.cutoff.isoformat(),
            row.policy_sha256[:12],
        )
    console.print(table)
