"""Synthetic history of mutual aid requests, 2021-2025, for the forecasts (docs/forecasting.md).

Every figure is invented: routine requests follow a yearly pattern per family of capability
with slow growth and Poisson noise, and past operations (summits, state occasions, games,
disorder) add peaks of their own, each with a profile of capabilities over its days. Two
operations are planned for 2027, with no requests yet, so that an estimate has something to
estimate. `hub demo` writes the history next to the operation's exports as a national
coordination centre's yearly CSV extracts, imported through the `demo-request-history` adapter.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from hub.standard import load_vocabulary

YEARS = range(2021, 2026)
#: Routine requests a year in 2021, by scale (events come on top; growth 3% a year).
ROUTINE = {"small": 220, "cop26": 4_500}
GROWTH = 0.03

# Yearly patterns (January to December) of the families of capability.
_CROWDS = (0.8, 0.8, 0.9, 0.95, 1.05, 1.2, 1.35, 1.3, 1.05, 0.95, 1.15, 0.95)
_ARMED = (0.9, 0.85, 0.95, 1.0, 1.05, 1.15, 1.2, 1.15, 1.0, 0.95, 1.0, 1.1)
_SEARCH = (0.75, 0.8, 0.9, 1.0, 1.1, 1.2, 1.25, 1.2, 1.05, 0.95, 0.9, 0.85)
_STEADY = (1.1, 1.0, 1.0, 1.0, 0.95, 0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.1)


@dataclass(frozen=True)
class Kind:
    """A capability's share of routine requests, officers a request asks for, days, pattern."""

    share: float
    officers: tuple[int, ...]
    days: tuple[int, int]
    pattern: tuple[float, ...]


KINDS: dict[str, Kind] = {
    "PUBLIC_ORDER_L2": Kind(0.28, (25, 25, 50, 75), (1, 3), _CROWDS),
    "PUBLIC_ORDER_L1": Kind(0.05, (25, 50), (1, 2), _CROWDS),
    "POLICE_LIAISON_TEAM": Kind(0.06, (6, 12), (1, 2), _CROWDS),
    "EVIDENCE_GATHERER": Kind(0.04, (2, 4), (1, 2), _CROWDS),
    "MOUNTED": Kind(0.05, (4, 6, 8), (1, 1), _CROWDS),
    "DOG_GENERAL_PURPOSE": Kind(0.05, (2, 4), (1, 2), _CROWDS),
    "FIREARMS_ARV": Kind(0.10, (4, 8), (1, 5), _ARMED),
    "FIREARMS_AFO": Kind(0.07, (2, 4, 6), (1, 7), _ARMED),
    "PROTECTION_OFFICER": Kind(0.04, (2, 4), (1, 5), _ARMED),
    "SEARCH_TEAM": Kind(0.10, (7, 14), (1, 4), _SEARCH),
    "SEARCH_POLSA": Kind(0.04, (1, 2), (1, 4), _SEARCH),
    "CBRN": Kind(0.02, (6, 12), (1, 3), _STEADY),
    "NEGOTIATOR": Kind(0.03, (1, 2), (1, 3), _STEADY),
    "FAMILY_LIAISON": Kind(0.07, (1, 2), (3, 14), _STEADY),
}

# What each kind of operation asks for: capability, share of its requests, days before it.
_PROFILES: dict[str, tuple[tuple[str, float, int], ...]] = {
    "summit": (
        ("PUBLIC_ORDER_L2", 0.35, 0),
        ("FIREARMS_AFO", 0.15, 2),
        ("FIREARMS_ARV", 0.1, 1),
        ("SEARCH_TEAM", 0.12, 4),
        ("SEARCH_POLSA", 0.03, 5),
        ("POLICE_LIAISON_TEAM", 0.07, 0),
        ("PROTECTION_OFFICER", 0.08, 1),
        ("CBRN", 0.03, 1),
        ("DOG_GENERAL_PURPOSE", 0.04, 2),
        ("MOUNTED", 0.03, 0),
    ),
    "state": (
        ("PUBLIC_ORDER_L2", 0.45, 0),
        ("SEARCH_TEAM", 0.15, 3),
        ("FIREARMS_AFO", 0.12, 1),
        ("POLICE_LIAISON_TEAM", 0.05, 0),
        ("MOUNTED", 0.08, 0),
        ("DOG_GENERAL_PURPOSE", 0.05, 1),
        ("EVIDENCE_GATHERER", 0.05, 0),
        ("PROTECTION_OFFICER", 0.05, 1),
    ),
    "games": (
        ("PUBLIC_ORDER_L2", 0.35, 0),
        ("FIREARMS_ARV", 0.15, 1),
        ("SEARCH_TEAM", 0.1, 3),
        ("POLICE_LIAISON_TEAM", 0.1, 0),
        ("DOG_GENERAL_PURPOSE", 0.1, 1),
        ("MOUNTED", 0.1, 0),
        ("EVIDENCE_GATHERER", 0.1, 0),
    ),
    "disorder": (
        ("PUBLIC_ORDER_L2", 0.55, 0),
        ("PUBLIC_ORDER_L1", 0.1, 0),
        ("EVIDENCE_GATHERER", 0.1, 0),
        ("DOG_GENERAL_PURPOSE", 0.08, 0),
        ("MOUNTED", 0.05, 0),
        ("POLICE_LIAISON_TEAM", 0.05, 0),
        ("FIREARMS_ARV", 0.07, 0),
    ),
}


@dataclass(frozen=True)
class PastEvent:
    """An operation of the history: code, kind, name, lead force, dates, requests at cop26 scale."""

    code: str
    kind: str
    name: str
    lead: str
    starts_on: date
    ends_on: date
    requests: int


EVENTS = (
    PastEvent(
        "HIST-2021-SUMMIT",
        "summit",
        "Leaders' summit on the south-west coast",
        "devon-and-cornwall",
        date(2021, 6, 11),
        date(2021, 6, 13),
        420,
    ),
    PastEvent(
        "HIST-2021-FINALS",
        "games",
        "International football finals and fan zones",
        "metropolitan",
        date(2021, 7, 3),
        date(2021, 7, 11),
        260,
    ),
    PastEvent(
        "HIST-2022-JUBILEE",
        "state",
        "Jubilee state occasion and celebrations",
        "metropolitan",
        date(2022, 6, 2),
        date(2022, 6, 5),
        380,
    ),
    PastEvent(
        "HIST-2022-GAMES",
        "games",
        "Multi-sport games in the West Midlands",
        "west-midlands",
        date(2022, 7, 28),
        date(2022, 8, 8),
        520,
    ),
    PastEvent(
        "HIST-2022-FUNERAL",
        "state",
        "State funeral and lying in state",
        "metropolitan",
        date(2022, 9, 10),
        date(2022, 9, 19),
        700,
    ),
    PastEvent(
        "HIST-2023-CORONATION",
        "state",
        "Coronation state occasion and processions",
        "metropolitan",
        date(2023, 5, 5),
        date(2023, 5, 7),
        560,
    ),
    PastEvent(
        "HIST-2023-MARCHES",
        "disorder",
        "Protest marches and counter-protests",
        "metropolitan",
        date(2023, 11, 10),
        date(2023, 11, 12),
        200,
    ),
    PastEvent(
        "HIST-2024-SUMMIT",
        "summit",
        "European leaders' summit at a country palace",
        "thames-valley",
        date(2024, 7, 17),
        date(2024, 7, 19),
        300,
    ),
    PastEvent(
        "HIST-2024-DISORDER",
        "disorder",
        "Widespread disorder after a national tragedy",
        "merseyside",
        date(2024, 7, 30),
        date(2024, 8, 10),
        900,
    ),
    PastEvent(
        "HIST-2025-SUMMIT",
        "summit",
        "International leaders' summit and conference",
        "police-scotland",
        date(2025, 9, 22),
        date(2025, 9, 25),
        380,
    ),
    PastEvent(
        "HIST-2025-GAMES",
        "games",
        "Rugby world cup matches and fan zones",
        "south-wales",
        date(2025, 8, 22),
        date(2025, 9, 27),
        240,
    ),
)
#: Operations planned, with no requests yet.
PLANNED = (
    PastEvent(
        "PLAN-2027-SUMMIT",
        "summit",
        "International leaders' summit and conference",
        "greater-manchester",
        date(2027, 6, 14),
        date(2027, 6, 17),
        0,
    ),
    PastEvent(
        "PLAN-2027-STATE",
        "state",
        "State occasion and procession in the capital",
        "metropolitan",
        date(2027, 5, 8),
        date(2027, 5, 9),
        0,
    ),
)


@dataclass(frozen=True)
class PastRequest:
    """One request of the history, in officers."""

    reference: str
    force: str
    operation: str
    capability: str
    officers: int
    starts_on: date
    ends_on: date
    status: str
    provider: str  # the force that filled it ("" for a cancelled request)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (normal approximation above 30, Knuth's method below)."""
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _forces() -> tuple[list[str], list[float]]:
    forces = [f for f in load_vocabulary().forces if f.officer_strength_fte]
    return [f.code for f in forces], [float(f.officer_strength_fte or 0) for f in forces]


def _routine(scale: str, rng: random.Random) -> Iterator[tuple[str, str, str, date, int]]:
    """(force, operation, capability, first day, days) of every routine request."""
    codes, weights = _forces()
    for year in YEARS:
        for month in range(1, 13):
            first = date(year, month, 1)
            days = ((first + timedelta(days=32)).replace(day=1) - first).days
            growth = (1 + GROWTH) ** (year - YEARS[0] + (month - 1) / 12)
            for capability, kind in KINDS.items():
                mean = ROUTINE[scale] * kind.share * kind.pattern[month - 1] * growth / 12
                for _ in range(_poisson(rng, mean)):
                    force = rng.choices(codes, weights)[0]
                    day = first + timedelta(days=rng.randrange(days))
                    yield force, "", capability, day, rng.randint(*kind.days)


def _event(
    scale: str, event: PastEvent, rng: random.Random
) -> Iterator[tuple[str, str, str, date, int]]:
    """(force, operation, capability, first day, days) of an operation's requests."""
    total = round(event.requests * ROUTINE[scale] / ROUTINE["cop26"]) or 1
    length = (event.ends_on - event.starts_on).days + 1
    peak = (length - 1) / 2 if event.kind != "disorder" else 1.0
    for capability, share, before in _PROFILES[event.kind]:
        for _ in range(max(1, round(total * share))):
            if before and rng.random() < 0.5:  # build-up: search, armed cover, protection
                offset = -rng.randint(1, before)
            else:  # a triangle over the event's days, peaking in the middle (early for disorder)
                offset = min(length - 1, max(0, round(rng.triangular(0, length - 1, peak))))
            day = event.starts_on + timedelta(days=offset)
            last = -offset if offset < 0 else length - 1 - offset  # build-up ends by day 0
            yield event.lead, event.code, capability, day, rng.randint(1, min(3, last + 1))


def generate_history(scale: str, seed: int) -> list[PastRequest]:
    """Every request of the history for `scale` and `seed`, by first day then reference."""
    rng = random.Random(f"history:{scale}:{seed}")
    drawn = list(_routine(scale, rng))
    for event in EVENTS:
        drawn.extend(_event(scale, event, rng))
    drawn.sort(key=lambda r: (r[3], r[1], r[2], r[0]))
    codes, weights = _forces()
    providers = random.Random(f"history-providers:{scale}:{seed}")  # leaves `rng`'s draws alone
    requests = []
    for n, (force, operation, capability, day, days) in enumerate(drawn, start=1):
        officers = rng.choice(KINDS[capability].officers)
        cancelled = rng.random() < 0.03
        provider = "" if cancelled else _provider(force, codes, weights, providers)
        requests.append(
            PastRequest(
                f"HIST-{day.year}-{n:06d}",
                force,
                operation,
                capability,
                officers,
                day,
                day + timedelta(days=days - 1),
                "CANCELLED" if cancelled else "COMPLETED",
                provider,
            )
        )
    return requests


def _provider(force: str, codes: list[str], weights: list[float], rng: random.Random) -> str:
    """Another force, drawn in proportion to officer strength, that filled the request."""
    while (provider := rng.choices(codes, weights)[0]) == force:
        pass
    return provider


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _operations() -> bytes:
    header = ["Operation", "Title", "Description", "Lead Force", "Starts", "Ends"]
    rows = [
        [
            e.code,
            e.name,
            f"Synthetic history: a {e.kind} operation. {e.name}.",
            e.lead,
            e.starts_on.strftime("%d/%m/%Y"),
            e.ends_on.strftime("%d/%m/%Y"),
        ]
        for e in (*EVENTS, *PLANNED)
    ]
    return _csv(header, rows)


def write_history(outdir: Path, scale: str, seed: int) -> list[Path]:
    """Write the history under `outdir/history/` and add its imports to `manifest.json`."""
    folder = outdir / "history"
    folder.mkdir(parents=True, exist_ok=True)
    files = {"history/operations.csv": _operations()}
    header = [
        "Reference",
        "Force",
        "Operation",
        "Capability",
        "Officers",
        "From",
        "To",
        "Status",
        "Raised",
        "Filled By",
    ]
    requests = generate_history(scale, seed)
    for year in YEARS:
        rows = [
            [
                r.reference,
                r.force,
                r.operation,
                r.capability,
                str(r.officers),
                r.starts_on.isoformat(),
                r.ends_on.isoformat(),
                r.status,
                f"{(r.starts_on - timedelta(days=7)).isoformat()}T09:00:00Z",
                r.provider,
            ]
            for r in requests
            if r.starts_on.year == year
        ]
        files[f"history/requests-{year}.csv"] = _csv(header, rows)
    for name, data in files.items():
        (outdir / name).write_bytes(data)
    manifest_path = outdir / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    names = sorted(files)
    manifest["steps"] += [
        {"adapter": "demo-operation", "force": None, "files": names[:1]},
        {"adapter": "demo-request-history", "force": None, "files": names[1:]},
    ]
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    manifest_path.write_text(text, encoding="utf-8")
    return [outdir / name for name in names]
