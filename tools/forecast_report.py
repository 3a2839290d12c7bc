"""The figures of docs/forecasting.md: a back-test table and a plot, from the demo's history.

    .venv/bin/python tools/forecast_report.py                  # cop26-scale history, seed 26
    .venv/bin/python tools/forecast_report.py --scale small
    .venv/bin/python tools/forecast_report.py --database sqlite+aiosqlite:///var/demo.db

By default the history comes straight from the demo generator (`hub.demo.history`, no
database): exactly the requests `hub demo` imports as history. With `--database` it is read
from a hub's store, as `demandForecast` reads it (the demo operation's own requests included).
It prints the Markdown table and writes the plot as SVG (drawn here, no plotting library).
"""

from __future__ import annotations

import argparse
import asyncio
import math
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

from hub.demo.history import generate_history
from hub.forecast import DemandRow, NotEnoughHistory, Outlook, month_add, outlook

ROOT = Path(__file__).resolve().parents[1]
# The generator's history ends in December 2025: forecast from January 2026 whatever the date.
AFTER_HISTORY = date(2026, 1, 15)


def _generated(scale: str, seed: int) -> dict[str, list[DemandRow]]:
    rows: dict[str, list[DemandRow]] = defaultdict(list)
    for request in generate_history(scale, seed):
        if request.status != "CANCELLED":
            rows[request.capability].append(
                DemandRow(request.starts_on, request.ends_on, 1, request.officers)
            )
    return rows


async def _stored(url: str, excluded: list[str]) -> dict[str, list[DemandRow]]:
    from hub.config import Settings
    from hub.resolvers import forecast as store
    from hub.resolvers.reader import Reader
    from hub.store import create_engine

    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.connect() as connection, Reader(connection) as reader:
            return {
                code: await store.capability_demand(reader, pk, excluded)
                for code, pk in await store.capabilities_with_demand(reader)
            }
    finally:
        await engine.dispose()


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def table(outlooks: list[Outlook]) -> str:
    """The Markdown table of every back-test."""
    lines = [
        "| capability | series | model | MAE model | MAE baseline | MASE model | MASE baseline "
        "| beats baseline |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for result in outlooks:
        for name, series in (("requests", result.requests), ("officer-days", result.officer_days)):
            t = series.backtest
            if t is None:
                continue
            verdict = "yes" if t.beats_baseline else "**no**"
            lines.append(
                f"| `{result.capability}` | {name} | {t.method} | {t.model.mae:,.1f} "
                f"| {t.baseline.mae:,.1f} | {_figure(t.model.mase)} | {_figure(t.baseline.mase)} "
                f"| {verdict} |"
            )
    return "\n".join(lines)


def _nice(rough: float) -> float:
    """A tick step of 1, 2 or 5 times a power of ten, at least `rough`."""
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough)


def _path(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def svg(result: Outlook, title: str) -> str:
    """Monthly requests: history, the back-test's two forecasts of the held-back year, and the
    forecast ahead with its interval, as an SVG document."""
    series = result.requests
    tested = series.backtest
    ahead = series.forecast.points
    history = list(series.history)
    total = len(history) + len(ahead)
    width, height, left, right, top, bottom = 960, 420, 60, 20, 40, 70
    highest = max([*history, *(p.upper for p in ahead)]) or 1.0
    step = _nice(highest / 5)
    ticks = math.ceil(highest / step)
    top_value = step * ticks

    def x(index: float) -> float:
        return left + index * (width - left - right) / (total - 1)

    def y(value: float) -> float:
        return top + (1 - value / top_value) * (height - top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{left}" y="22" font-size="15">{title}</text>',
    ]
    for tick in range(ticks + 1):
        value = step * tick
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{y(value) + 4:.1f}" '
            f'text-anchor="end">{value:,.0f}</text>'
        )
    for index in range(0, total, 12):
        month = month_add(result.start, index)
        parts.append(
            f'<line x1="{x(index):.1f}" x2="{x(index):.1f}" y1="{top}" y2="{height - bottom}" '
            f'stroke="#eee"/><text x="{x(index) + 3:.1f}" y="{height - bottom + 16}">'
            f"{month.year}</text>"
        )
    first = len(history)
    band = [(x(first + i), y(p.upper)) for i, p in enumerate(ahead)]
    band += [(x(first + i), y(p.lower)) for i, p in reversed(list(enumerate(ahead)))]
    level = f"{series.forecast.level:.0%}"
    parts.append(f'<polygon points="{_path(band)}" fill="#9ecae1" fill-opacity="0.5"/>')
    lines = [
        ("#333", [(x(i), y(v)) for i, v in enumerate(history)], "", "requests a month"),
        (
            "#3182bd",
            [(x(first + i), y(p.value)) for i, p in enumerate(ahead)],
            "",
            f"forecast, with its {level} prediction interval",
        ),
    ]
    if tested is not None:
        held = first - tested.held_back
        lines += [
            (
                "#e6550d",
                [(x(held + i), y(v)) for i, v in enumerate(tested.model_forecast)],
                "6,3",
                f"back-test: {tested.method} (MAE {tested.model.mae:,.1f})",
            ),
            (
                "#31a354",
                [(x(held + i), y(v)) for i, v in enumerate(tested.baseline_forecast)],
                "2,3",
                f"back-test: seasonal naive (MAE {tested.baseline.mae:,.1f})",
            ),
        ]
    for n, (colour, points, dashes, label) in enumerate(lines):
        parts.append(
            f'<polyline points="{_path(points)}" fill="none" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="{dashes}"/>'
        )
        lx, ly = left + (n % 2) * 430, height - 30 + (n // 2) * 18
        parts.append(
            f'<line x1="{lx}" x2="{lx + 28}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="{dashes}"/>'
            f'<text x="{lx + 34}" y="{ly}">{label}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="cop26", choices=["small", "cop26"])
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--database", help="read a hub's store instead of the generator")
    parser.add_argument(
        "--exclude-operation", action="append", default=[], help="with --database: leave out"
    )
    parser.add_argument("--capability", default="PUBLIC_ORDER_L2", help="the one plotted")
    parser.add_argument("--svg", type=Path, default=ROOT / "docs" / "img" / "forecast.svg")
    args = parser.parse_args()
    if args.database:
        rows = asyncio.run(_stored(args.database, args.exclude_operation))
        today = datetime.now(UTC).date()
        source = "the store"
    else:
        rows = _generated(args.scale, args.seed)
        today = AFTER_HISTORY
        source = f"the {args.scale} demo history, seed {args.seed}"
    outlooks = []
    for code in sorted(rows):
        try:
            outlooks.append(outlook(code, rows[code], 12, 0.8, today))
        except NotEnoughHistory as error:
            print(f"{code}: {error}")
    print(table(outlooks))
    plotted = next(o for o in outlooks if o.capability == args.capability)
    title = f"{args.capability}: requests a month ({source}), back-test and forecast"
    args.svg.parent.mkdir(parents=True, exist_ok=True)
    args.svg.write_text(svg(plotted, title), encoding="utf-8")
    print(f"wrote {args.svg}")


if __name__ == "__main__":
    main()
