"""The Markdown table of a benchmark run (benchmarks/results/latest.md)."""

from __future__ import annotations

from typing import Any


def _import_section(result: dict[str, Any]) -> list[str]:
    lines = [
        f"## Import ({result['database']}, scale `{result['scale']}`)",
        "",
        "| export shape (adapter) | files | rows read | rejected | records written | s | rows/s |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for name, shape in result["shapes"].items():
        lines.append(
            f"| {name} | {shape['files']} | {shape['rows_read']:,} | {shape['rejected']:,} "
            f"| {shape['records_written']:,} | {shape['seconds']:.2f} "
            f"| {shape['rows_per_s']:,.0f} |"
        )
    lines.append(
        f"| **all** | | {result['rows_read']:,} | | | {result['hub_seconds']:.2f} "
        f"| {result['hub_rows_read_per_s']:,.0f} |"
    )
    lines += [
        "",
        "| | table rows | s | table rows/s |",
        "|---|--:|--:|--:|",
        f"| hub (adapters) | {result['table_rows_stored']:,} | {result['hub_seconds']:.2f} "
        f"| {result['hub_table_rows_per_s']:,.0f} |",
        f"| raw baseline ({result['baseline']}) "
        f"| {result['table_rows_stored']:,} "
        f"| {result['raw_seconds']:.2f} | {result['raw_table_rows_per_s']:,.0f} |",
        "",
        f"Hub speed as a fraction of the raw baseline: **{result['hub_fraction_of_raw']:.3f}**. "
        f"Peak RSS of the import process: {result['peak_rss_mb']:,.0f} MB "
        f"({result['rss_before_import_mb']:,.0f} MB before the first file).",
        "",
    ]
    return lines


def _query_section(result: dict[str, Any], scale: str) -> list[str]:
    workers = sorted(k for k in next(iter(result["queries"].values())) if k.startswith("workers_"))
    header = "| query | SQL statements (reads + security) | floor ms |"
    rule = "|---|--:|--:|"
    for key in workers:
        n = key.removeprefix("workers_")
        header += f" {n}w rps | {n}w p50 ms | {n}w p99 ms |"
        rule += "--:|--:|--:|"
    header += " p50 / floor (1w) |"
    rule += "--:|"
    lines = [
        f"## Queries ({result['database']}, scale `{scale}`)",
        "",
        f"Load generator: {result['load_generator']}.",
        "",
        header,
        rule,
    ]
    for name, query in result["queries"].items():
        stmts = query["statements"]
        row = f"| {name}: {query['description']} | {stmts['reads']} + {stmts['security']} "
        row += f"| {query['floor_ms']:.3f} |"
        for key in workers:
            run = query[key]
            errors = f" ({run['errors']} errors)" if run["errors"] else ""
            row += f" {run['rps']:,.1f}{errors} | {run['p50_ms']:,.1f} | {run['p99_ms']:,.1f} |"
        row += f" {query['p50_over_floor']:,.0f} |"
        lines.append(row)
    lines.append("")
    return lines


def markdown(results: dict[str, Any]) -> str:
    """The whole run as Markdown."""
    machine = results["machine"]
    lines = [
        f"# Benchmark results ({results['started_at']})",
        "",
        f"Machine: {machine['cpu']}, {machine['cpus']} CPUs, {machine['memory_gb']} GB, "
        f"{machine['os']}, Python {machine['python']}, SQLite {machine['sqlite']}.",
        "",
    ]
    for key in ("import", "postgresql_import"):
        if key in results:
            lines += _import_section(results[key])
    for key in ("queries", "postgresql_queries"):
        if key in results:
            lines += _query_section(results[key], results["scale"])
    lines += [f"Not measured in this run: {', '.join(results['not_measured'])}.", ""]
    return "\n".join(lines)
