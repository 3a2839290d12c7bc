"""Import generated exports through the adapters, as a force IT team would, with progress."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import ImportReport
from hub.adapters.pipeline import ImportStep, ingest_sequence
from hub.adapters.sources import shutdown_reader
from hub.demo.exports import generator_fingerprint, write_exports
from hub.demo.generate import generate
from hub.demo.history import write_history
from hub.demo.memory import give_back, limit_arenas


@dataclass
class StepResult:
    """One adapter run over one force's files."""

    adapter: str
    force: str | None
    reports: list[ImportReport]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(report.read for report in self.reports)

    @property
    def rejected(self) -> int:
        return sum(report.rejected for report in self.reports)

    @property
    def failed(self) -> int:
        return sum(1 for report in self.reports if report.error is not None)


def exports_are_current(outdir: Path, scale: str, seed: int) -> bool:
    """Whether `outdir` holds the exports the current generator writes for `scale` and `seed`."""
    try:
        manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    wanted = {"generator": generator_fingerprint(), "scale": scale, "seed": seed}
    return all(manifest.get(key) == value for key, value in wanted.items())


def prepare_exports(outdir: Path, scale: str, seed: int) -> bool:
    """Generate the exports into `outdir` unless it holds current ones; whether it generated.

    Exports of another scale, seed or generator version (its code or the code lists changed)
    are deleted and written afresh, so stale exports are never imported."""
    if exports_are_current(outdir, scale, seed):
        return False
    if outdir.exists():
        shutil.rmtree(outdir)
    _generate_apart(outdir, scale, seed)
    return True


GENERATE = "import sys; from hub.demo.run import write_demo; write_demo(*sys.argv[1:])"


def _generate_apart(outdir: Path, scale: str, seed: int) -> None:
    """Generate in a Python process of its own: the whole operation is held in memory while it
    is written (over 50 MB at COP26 scale), and a process's heap seldom shrinks after it, so
    the import that follows would otherwise start that much higher."""
    env = {**os.environ, "PYTHONPATH": _with_root(os.environ.get("PYTHONPATH"))}
    command = [sys.executable, "-c", GENERATE, str(outdir), scale, str(seed)]
    subprocess.run(command, check=True, env=env, stdin=subprocess.DEVNULL)


def _with_root(path: str | None) -> str:
    """PYTHONPATH for a child process: this checkout first (it may not be installed)."""
    root = str(Path(__file__).resolve().parents[2])
    return root + (os.pathsep + path if path else "")


def write_demo(outdir: str, scale: str, seed: str) -> None:
    """Write the exports and the history of the demo operation (in the generating process)."""
    folder = Path(outdir)
    write_exports(generate(scale, int(seed)), folder)
    write_history(folder, scale, int(seed))  # the past requests forecasts learn from


async def ingest_exports(
    engine: AsyncEngine, outdir: Path, console: Console | None = None
) -> list[StepResult]:
    """Import every file named in `outdir/manifest.json`, in order (reading ahead); then stop
    the reader process and give back what the import freed (`hub.demo.memory`), so that what
    runs next (the cost summary) does not come on top of either."""
    limit_arenas()
    manifest = json.loads((outdir / "manifest.json").read_text())
    steps = [
        ImportStep(step["adapter"], [outdir / name for name in step["files"]], step["force"])
        for step in manifest["steps"]
    ]
    results: list[StepResult] = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("importing", total=len(steps))
        started = time.perf_counter()

        def done(index: int, reports: list[ImportReport]) -> None:
            nonlocal started
            step = steps[index]
            now = time.perf_counter()
            force = str(step.force) if step.force else None
            results.append(StepResult(str(step.adapter), force, reports, now - started))
            started = now
            bar.advance(task)
            if index + 1 < len(steps):
                following = steps[index + 1]
                bar.update(task, description=f"{following.adapter!s:<22} {following.force or ''}")

        try:
            await ingest_sequence(engine, steps, actor="demo", step_done=done)
        finally:
            shutdown_reader()
    await engine.dispose()  # its connections' caches too (the engine opens new ones on use)
    give_back()
    return results


def summary_table(results: list[StepResult]) -> Table:
    """Rows, rejects and time per force and adapter."""
    table = Table(title="Imported (per force and adapter)")
    for name in ("force", "adapter", "rows", "rejects", "seconds", "rows/s"):
        table.add_column(name, justify="left" if name in ("force", "adapter") else "right")
    for result in sorted(results, key=lambda r: (r.force or "", r.adapter)):
        rate = result.rows / result.seconds if result.seconds else 0.0
        rejects = f"[red]{result.rejected}[/red]" if result.rejected else "0"
        table.add_row(
            result.force or "(operation)",
            result.adapter,
            f"{result.rows:,}",
            rejects,
            f"{result.seconds:.1f}",
            f"{rate:,.0f}",
        )
    total_rows = sum(r.rows for r in results)
    total_time = sum(r.seconds for r in results)
    table.add_row(
        "total", "", f"{total_rows:,}", str(sum(r.rejected for r in results)), f"{total_time:.1f}"
    )
    return table


async def costs_summary(engine: AsyncEngine) -> str:
    """The demo operation's cost statements (docs/costs.md): how many, and their grand total.

    The cost report holds every deployment of the operation at once (about 70 MB at COP26
    scale). It is worked out here, after `ingest_exports` has stopped the reader and given
    back what the import freed: a process of its own would add a second interpreter and its
    imports (about 90 MB) to what this process still holds while it runs."""
    from hub.costs import cost_report
    from hub.demo.model import OPERATION_CODE

    report = await cost_report(engine, OPERATION_CODE)
    check = "reconciled" if report.reconciliation.ok else "[red]NOT reconciled[/red]"
    summary = (
        f"Cost recovery ({OPERATION_CODE}): {len(report.statements)} statements, one per pair "
        f"of forces, {check}; grand total [bold]£{report.grand_total:,}[/bold]"
    )
    del report
    give_back()
    return summary


def rejects_table(results: list[StepResult], limit: int = 12) -> Table:
    """The first rejects, so a newcomer sees what a bad row looks like."""
    table = Table(title="Rejected rows (first few)")
    for name in ("file", "line", "field", "code", "message"):
        table.add_column(name)
    shown = 0
    for result in results:
        for report in result.reports:
            refused = [report.error] if report.error is not None else []
            for reject in [*refused, *report.rejects]:
                if shown < limit:
                    table.add_row(
                        Path(report.file).name if report.file else "",
                        str(reject.line or ""),
                        str(reject.field or ""),
                        reject.code,
                        reject.message,
                    )
                shown += 1
    return table
