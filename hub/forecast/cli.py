"""`hub forecast demand|backtest|operation`: forecasts from the database, at a terminal."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from hub.config import Settings
from hub.forecast import NotEnoughHistory, Outlook, estimate_operation, outlook
from hub.resolvers import forecast as store
from hub.resolvers.reader import Reader
from hub.store import create_engine

Excluded = Annotated[
    list[str] | None,
    typer.Option("--exclude-operation", help="Leave this operation's requests out (repeat)."),
]
forecast_app = typer.Typer(help="Demand forecasts (docs/forecasting.md).", no_args_is_help=True)
console = Console()
T = TypeVar("T")


def _read(work: Callable[[Reader], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = create_engine(Settings())
        try:
            async with engine.connect() as connection, Reader(connection) as reader:
                return await work(reader)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _today() -> date:
    return datetime.now(UTC).date()


async def outlooks(
    reader: Reader, months: int, level: float, excluded: list[str]
) -> list[Outlook | NotEnoughHistory]:
    """The outlook of every capability with demand (or why there is none)."""
    found: list[Outlook | NotEnoughHistory] = []
    for code, pk in await store.capabilities_with_demand(reader):
        rows = await store.capability_demand(reader, pk, excluded)
        try:
            found.append(await asyncio.to_thread(outlook, code, rows, months, level, _today()))
        except NotEnoughHistory as error:
            error.args = (f"{code}: {error}",)
            found.append(error)
    return found


@forecast_app.command("demand")
def demand(
    capability: Annotated[str, typer.Argument(help="The capability's code.")],
    months: Annotated[int, typer.Option(help="Months ahead.", min=1, max=24)] = 12,
    level: Annotated[float, typer.Option(help="Interval coverage.", min=0.5, max=0.99)] = 0.8,
    exclude_operation: Excluded = None,
) -> None:
    """Requests and officer-days per month ahead for one capability, with intervals."""

    async def work(reader: Reader) -> Outlook | None:
        pk = await store.capability_id(reader, capability)
        if pk is None:
            return None
        rows = await store.capability_demand(reader, pk, exclude_operation or [])
        return await asyncio.to_thread(outlook, capability, rows, months, level, _today())

    try:
        result = _read(work)
        if result is None:
            console.print(f"[red]no capability {capability}[/red]")
            raise typer.Exit(code=1)
    except NotEnoughHistory as error:
        console.print(f"[red]NOT_ENOUGH_HISTORY[/red] {capability}: {error}")
        raise typer.Exit(code=1) from error
    table = Table(title=f"{capability}: history {result.start:%b %Y} to {result.last:%b %Y}")
    for name in ("month", "requests", f"{level:.0%} interval", "officer-days", "interval"):
        table.add_column(name, justify="left" if name == "month" else "right")
    pairs = zip(result.requests.forecast.points, result.officer_days.forecast.points, strict=True)
    for asked, days in pairs:
        table.add_row(
            f"{asked.month:%b %Y}",
            f"{asked.value:,.0f}",
            f"{asked.lower:,.0f}-{asked.upper:,.0f}",
            f"{days.value:,.0f}",
            f"{days.lower:,.0f}-{days.upper:,.0f}",
        )
    console.print(table)
    for name, series in (("requests", result.requests), ("officer-days", result.officer_days)):
        if series.backtest is not None:
            console.print(f"{name}: {series.backtest.summary}")


@forecast_app.command("backtest")
def backtests(
    markdown: Annotated[bool, typer.Option(help="Print a Markdown table.")] = False,
    exclude_operation: Excluded = None,
) -> None:
    """The back-test of every capability with demand: model against seasonal naive."""
    results = _read(lambda reader: outlooks(reader, 12, 0.8, exclude_operation or []))
    rows = []
    for result in results:
        if isinstance(result, NotEnoughHistory):
            console.print(f"[yellow]{result}[/yellow]")
            continue
        for name, series in (("requests", result.requests), ("officer-days", result.officer_days)):
            if series.backtest is not None:
                rows.append((result.capability, name, series.backtest))
    header = ["capability", "series", "model", "MASE model", "MASE baseline", "beats baseline"]
    lines = [
        [
            code,
            name,
            t.method,
            _figure(t.model.mase),
            _figure(t.baseline.mase),
            "yes" if t.beats_baseline else "**no**",
        ]
        for code, name, t in rows
    ]
    if markdown:
        console.print("| " + " | ".join(header) + " |", soft_wrap=True)
        console.print("|" + "---|" * len(header), soft_wrap=True)
        for line in lines:
            console.print("| " + " | ".join(line) + " |", soft_wrap=True, markup=False)
        return
    table = Table(title="Back-tests: the last 12 months held back")
    for name in header:
        table.add_column(name)
    for line in lines:
        table.add_row(*(cell.replace("**", "") for cell in line))
    console.print(table)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


@forecast_app.command("operation")
def operation(
    code: Annotated[str, typer.Argument(help="The planned operation's code.")],
    similar: Annotated[int, typer.Option(help="Similar operations to use.", min=1, max=10)] = 3,
    compare_with: Annotated[
        list[str] | None, typer.Option(help="Compare with this operation instead (repeat).")
    ] = None,
) -> None:
    """A planned operation's officers per day and capability, from similar past ones."""

    async def work(reader: Reader) -> Any:
        planned = await store.operation(reader, code)
        if planned is None:
            return None
        before = None if compare_with else planned.starts_on
        past = await store.operations_with_demand(reader, before)
        return estimate_operation(planned, past, similar, compare_with or None)

    result = _read(work)
    if result is None:
        console.print(f"[red]no operation {code}[/red]")
        raise typer.Exit(code=1)
    for past, score in result.similar:
        console.print(f"based on {past.code} ({past.name}), similarity {score:.2f}")
    table = Table(title=f"{code}: officers a day (mean of the similar operations, and range)")
    for name in ("date", "capability", "officers", "range"):
        table.add_column(name, justify="right" if name in ("officers", "range") else "left")
    for day in result.days:
        table.add_row(
            day.day.isoformat(), day.capability, f"{day.officers:,.1f}", f"{day.low}-{day.high}"
        )
    console.print(table)
