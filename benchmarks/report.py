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


def _workers(result: dict[str, Any]) -> list[str]:
    """The worker counts of a query run ("workers_1", …), in order."""
    first = next(iter(result["queries"].values()))
    return sorted((k for k in first if k.startswith("workers_")), key=lambda k: int(k[8:]))


def _rps(run: dict[str, Any]) -> str:
    """Requests per second; with repeats, the median and the range; errors, if any."""
    text = f"{run['rps']:,.1f}"
    if run.get("repeats", 1) > 1:
        text += f" ({run['rps_min']:,.1f}-{run['rps_max']:,.1f})"
    if run["errors"]:
        text += f" ({run['errors']} errors)"
    return text


def _repeats_note(result: dict[str, Any]) -> list[str]:
    repeat = result.get("repeat", 1)
    if repeat <= 1:
        return []
    return [
        f"Each query ran {repeat} times: rps is the median run's (its p50 and p99 beside it), "
        "the range in brackets is the lowest and highest run's.",
        "",
    ]


def _query_section(result: dict[str, Any], scale: str) -> list[str]:
    workers = _workers(result)
    header = "| query | SQL statements (reads + security) (path) | floor ms |"
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
        *_repeats_note(result),
        header,
        rule,
    ]
    for name, query in result["queries"].items():
        stmts = query["statements"]
        path = f" ({stmts['path']})" if "path" in stmts else ""
        row = f"| {name}: {query['description']} | {stmts['reads']} + {stmts['security']}{path} "
        row += f"| {query['floor_ms']:.3f} |"
        for key in workers:
            run = query[key]
            row += f" {_rps(run)} | {run['p50_ms']:,.1f} | {run['p99_ms']:,.1f} |"
        row += f" {query['p50_over_floor']:,.0f} |"
        lines.append(row)
    lines.append("")
    return lines


def _peer_section(peer: dict[str, Any], hub: dict[str, Any], scale: str) -> list[str]:
    workers = _workers(peer)
    header = (
        "| query | the peer's query differs from the hub's in | SQL statements hub / peer "
        "| response KB hub / peer |"
    )
    rule = "|---|---|--:|--:|"
    for key in workers:
        n = key.removeprefix("workers_")
        header += f" {n}p rps | {n}p p50 ms | {n}p p99 ms | **hub / peer {n}w** |"
        rule += "--:|--:|--:|--:|"
    lines = [
        f"## Peer: PostGraphile (postgresql, scale `{scale}`)",
        "",
        f"{peer['peer']}, on the database of the PostgreSQL import above, with the same load "
        f"generator ({peer['load_generator']}). No authentication, operation limits or rate "
        "limiting (the hub applies all three to every request). Np = N PostGraphile processes; "
        "hub / peer = "
        "the hub's requests per second with N workers (PostgreSQL queries above) divided by "
        "PostGraphile's with N processes.",
        "",
        *_repeats_note(peer),
        header,
        rule,
    ]
    for name, query in peer["queries"].items():
        hub_query = hub["queries"].get(name, {})
        hub_bytes = hub_query.get("response_bytes")
        size = f"{hub_bytes / 1000:,.1f}" if hub_bytes else "n/a"
        stmts = hub_query.get("statements")
        hub_stmts = f"{stmts['reads']} + {stmts['security']}" if stmts else "n/a"
        row = f"| {name} | {query['differs']} | {hub_stmts} / {query['statements']} "
        row += f"| {size} / {query['response_bytes'] / 1000:,.1f} |"
        for key in workers:
            run = query[key]
            ratio = peer.get("hub_over_peer", {}).get(name, {}).get(key)
            shown = f"**{ratio:.3f}**" if ratio is not None else "n/a"
            row += f" {_rps(run)} | {run['p50_ms']:,.1f} | {run['p99_ms']:,.1f} | {shown} |"
        lines.append(row)
    lines.append("")
    return lines


def _costs_section(costs: dict[str, Any]) -> list[str]:
    """Pricing the whole operation: time against the 10 s goal, and what was priced."""
    return [
        "## Cost recovery",
        "",
        f"Priced {costs['deployments_priced']:,} deployments into {costs['statements']} statements "
        f"({costs['lines']:,} lines, grand total £{costs['grand_total']}, reconciled: "
        f"{'yes' if costs['reconciled'] else 'NO'}) in {costs['seconds_best']} s best, "
        f"{costs['seconds_median']} s median of {costs['repeat']} "
        "(goal: under 10 s at COP26 scale).",
        "",
    ]


def _capacity_section(title: str, capacity: dict[str, Any]) -> list[str]:
    """The capacity queries one after another: latency against the 200 ms goal."""
    lines = [
        f"## Capacity queries ({title}, concurrency 1; goal: capacityProviders under 200 ms)",
        "",
        "| query | what | rows | median ms | p95 ms | max ms |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, run in capacity["queries"].items():
        if "error" in run:
            lines.append(f"| {name} | {run['description']} | failed: {run['error'][:80]} | | | |")
            continue
        lines.append(
            f"| {name} | {run['description']} | {run['rows']} | {run['ms_median']} "
            f"| {run['ms_p95']} | {run['ms_max']} |"
        )
    verdict = "meets" if capacity["meets_goal"] else "MISSES"
    return [*lines, "", f"capacityProviders {verdict} the goal ({capacity['goal_ms']:.0f} ms).", ""]


def _ops_section(ops: dict[str, Any]) -> list[str]:
    """Requests per second with and without metrics, logs and tracing (docs/operations.md)."""
    configs = list(next(iter(ops["rps_best_of_repeats"].values())))
    lines = [
        "## Overhead of metrics, logs and tracing (SQLite, 1 worker; goal under 5%)",
        "",
        "| query | " + " | ".join(f"{c} rps" for c in configs) + " | overhead |",
        "|---|" + "---:|" * (len(configs) + 1),
    ]
    for name, by_config in ops["rps_best_of_repeats"].items():
        overhead = ops["overhead_percent"][name]
        said = ", ".join(f"{c}: {v}%" for c, v in overhead.items())
        rates = " | ".join(str(round(by_config[c])) for c in configs)
        lines.append(f"| {name} | {rates} | {said} |")
    return [*lines, ""]


def _demo_section(demo: dict[str, Any]) -> list[str]:
    met = demo["seconds"] < demo["goal_seconds"] and demo["peak_tree_mb"] < demo["goal_mb"]
    return [
        f"## `hub demo --no-serve` from nothing (scale `{demo['scale']}`)",
        "",
        f"Ready in **{demo['seconds']} s** (goal under {demo['goal_seconds']:.0f} s), peak "
        f"memory of its process tree (PSS) **{demo['peak_tree_mb']} MB** (goal under "
        f"{demo['goal_mb']:.0f} MB; largest single process {demo['largest_process_rss_mb']} MB): "
        f"{'goals met' if met else 'goals not met'}.",
        "",
    ]


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
    if "demo" in results:
        lines += _demo_section(results["demo"])
    if "costs" in results:
        lines += _costs_section(results["costs"])
    for key, title in (("capacity", "SQLite"), ("postgresql_capacity", "PostgreSQL")):
        if key in results:
            lines += _capacity_section(title, results[key])
    for key in ("queries", "postgresql_queries"):
        if key in results:
            lines += _query_section(results[key], results["scale"])
    if "ops_overhead" in results:
        lines += _ops_section(results["ops_overhead"])
    if "peer_postgraphile" in results and "postgresql_queries" in results:
        peer, hub = results["peer_postgraphile"], results["postgresql_queries"]
        lines += _peer_section(peer, hub, results["scale"])
    if results["not_measured"]:
        lines += [f"Not measured in this run: {', '.join(results['not_measured'])}.", ""]
    return "\n".join(lines)
