"""Build a synthetic mutual aid operation in memory, from a seed (no I/O, no clock)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from hub.demo.model import (
    EVENT_DAYS,
    HOST,
    RANK_SHARES,
    SCALES,
    SHIFTS,
    TEMPLATES,
    DutyUnit,
    ForcePlan,
    Location,
    Officer,
    Operation,
    PlanningUnit,
    ScaleSpec,
    Shape,
    Template,
)
from hub.demo.names import FAMILY, GIVEN, hotel_name, venue_names
from hub.standard import load_vocabulary

HOST_SHARE = 0.45
REQUEST_LINES = 500  # lines of one EDXL-RM RequestResource message
SHIFT_WEIGHTS = (("E", 0.45), ("L", 0.35), ("N", 0.20))
ANCHOR_DAY = 1  # 1 November 2021: the saved queries look at SEC on this day
MIN_REST_HOURS = 11  # between tours, as the hub checks rosters (Working Time Regulations)
#: Officers put on a tour too soon after another on purpose, so that `rosterConflicts` has
#: something to show: about one a thousand officers.
SHORT_RESTS = {"small": 1, "cop26": 12}


def generate(scale: str = "small", seed: int = 26) -> Operation:
    """The operation of `scale` (a key of SCALES) drawn from `seed`."""
    spec = SCALES[scale]
    rng = random.Random(f"{scale}:{seed}")
    forces = _forces(spec, rng)
    locations = _locations(spec, forces)
    venues = [loc.code for loc in locations if loc.type == "VENUE"]
    hotels = [loc.code for loc in locations if loc.type == "ACCOMMODATION"]
    counts = _apportion(spec.units, [len(force.officers) for force in forces])
    for force, count in zip(forces, counts, strict=True):
        _units(force, count, rng)
    _duty_units(forces, spec, venues, rng)
    rota = _Rota(SHORT_RESTS.get(scale, 0), sum(len(force.units) for force in forces))
    for force in forces:
        _members(force, rng, rota)
    used = _hotels(forces, hotels, rng)
    locations = [loc for loc in locations if loc.type != "ACCOMMODATION" or loc.code in used]
    _request_messages(forces)
    return Operation(seed=seed, scale=scale, forces=forces, locations=locations)


def _forces(spec: ScaleSpec, rng: random.Random) -> list[ForcePlan]:
    known = [f for f in load_vocabulary().forces if f.officer_strength_fte and f.code != HOST]
    donors = sorted(known, key=lambda f: (-(f.officer_strength_fte or 0), f.code))
    donors = sorted(donors[: spec.forces - 1], key=lambda f: f.code)
    host = next(f for f in load_vocabulary().forces if f.code == HOST)
    host_officers = round(spec.officers * HOST_SHARE)
    shares = _apportion(
        spec.officers - host_officers, [f.officer_strength_fte or 0 for f in donors]
    )
    plans = [ForcePlan(HOST, host.name, Shape.ROSTER_XML)]
    for index, (force, _) in enumerate(zip(donors, shares, strict=True)):
        shape = Shape.SHIFT_CSV if index % 2 == 0 else Shape.ROSTER_XML
        plans.append(ForcePlan(force.code, force.name, shape))
    for plan, count in zip(plans, [host_officers, *shares], strict=True):
        plan.officers = _officers(plan.code, count, rng)
    return plans


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainder, so the parts add up)."""
    scale = sum(weights)
    exact = [total * w / scale for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _officers(force: str, count: int, rng: random.Random) -> list[Officer]:
    numbers = sorted(rng.sample(range(1000, 100_000), count))
    ranks = [rank for rank, share in RANK_SHARES for _ in range(round(count * share))]
    ranks = (ranks + ["PC"] * count)[:count]
    rng.shuffle(ranks)
    return [
        Officer(force, f"{number:05d}", rng.choice(GIVEN), rng.choice(FAMILY), rank)
        for number, rank in zip(numbers, ranks, strict=True)
    ]


def _locations(spec: ScaleSpec, forces: list[ForcePlan]) -> list[Location]:
    venues = [
        Location(code, name, "VENUE", postcode) for code, name, postcode in venue_names(spec.venues)
    ]
    briefing = [
        Location(f"BRIEF-{n:02d}", f"Briefing centre {n}", "BRIEFING_CENTRE", "G2 1AA")
        if n % 5 == 1
        else Location(f"MUSTER-{n:02d}", f"Muster point {n}", "MUSTER_POINT", "G3 8YW")
        for n in range(1, spec.briefing_points + 1)
    ]
    hotels = [
        Location(f"HTL-{n:03d}", hotel_name(n), "ACCOMMODATION", f"G{n % 80 + 1} {n % 9 + 1}XP")
        for n in range(1, spec.hotels + 1)
    ]
    stations = [
        Location(_hq(force.code), f"{force.name} headquarters", "POLICE_STATION", "")
        for force in forces
    ]
    return venues + briefing + hotels + stations


def _hq(force: str) -> str:
    return f"HQ-{force.upper()}"


def _units(force: ForcePlan, count: int, rng: random.Random) -> None:
    weights = [template.weight for template in TEMPLATES]
    for n in range(1, count + 1):
        template: Template = rng.choices(TEMPLATES, weights)[0]
        reference = f"{force.code.upper()}-{template.kind}-{n:04d}"
        name = f"{force.name} {template.resource_type} {n}"
        quantity = 2 if rng.random() < 0.05 else 1
        force.units.append(PlanningUnit(reference, name, force.code, template, "", 0, quantity))


def _duty_units(
    forces: list[ForcePlan], spec: ScaleSpec, venues: list[str], rng: random.Random
) -> None:
    units = [unit for force in forces for unit in force.units]
    twice = set(rng.sample(range(len(units)), spec.duty_units - len(units)))
    codes = [code for code, _ in SHIFT_WEIGHTS]
    weights = [weight for _, weight in SHIFT_WEIGHTS]
    anchored: set[str] = set()
    for index, unit in enumerate(units):
        shifts = 2 if index in twice else 1
        day = rng.randrange(EVENT_DAYS - shifts + 1)
        shift = rng.choices(codes, weights)[0]
        psu = unit.template.kind == "PSU"
        venue = venues[0] if psu and rng.random() < 0.5 else rng.choice(venues)
        if psu and unit.force not in anchored:  # every force's first PSU: at SEC on the 1st
            anchored.add(unit.force)
            day, venue = ANCHOR_DAY, venues[0]
        for offset in range(shifts):
            unit.duty_units.append(DutyUnit(day + offset, shift, venue))


def _hours(day: int, shift: str) -> tuple[int, int]:
    """A tour's start and end in hours from the event's first midnight."""
    _, start, end = SHIFTS[shift]
    begins, ends = int(start[:2]), int(end[:2])
    return day * 24 + begins, day * 24 + ends + (24 if ends <= begins else 0)


class _Rota:
    """Each officer's tours so far, to keep 11 hours of rest between them; and the few
    officers to give too short a rest on purpose, spread over the units."""

    def __init__(self, short_rests: int, units: int) -> None:
        self.tours: dict[tuple[str, str], list[tuple[int, int]]] = {}
        self.short_rests = short_rests
        self.stride = max(1, units // (short_rests + 1))
        self.seen = 0

    def rested(self, officer: Officer, tours: list[tuple[int, int]]) -> bool:
        """Whether `tours` leave the officer enough rest after and before their others."""
        rest = MIN_REST_HOURS
        held = self.tours.get((officer.force, officer.service_number), [])
        return all(s >= end + rest or start >= e + rest for s, e in tours for start, end in held)

    def add(self, officer: Officer, tours: list[tuple[int, int]]) -> None:
        self.tours.setdefault((officer.force, officer.service_number), []).extend(tours)

    def short_rest_due(self) -> bool:
        """Whether the next unit should take one officer short of rest (counted when it does)."""
        self.seen += 1
        return self.short_rests > 0 and self.seen % self.stride == 0


def _line(index: int) -> str:
    """The shift an officer works through the event (their team's), in SHIFT_WEIGHTS' shares:
    working one shift, an officer always has 16 hours or more between tours."""
    share, total = index % 20 / 20, 0.0
    for code, weight in SHIFT_WEIGHTS:
        total += weight
        if share < total - 1e-9:
            return code
    return SHIFT_WEIGHTS[-1][0]


def _members(force: ForcePlan, rng: random.Random, rota: _Rota) -> None:
    pools: dict[str, list[Officer]] = {}
    lines: dict[tuple[str, str], list[Officer]] = {}
    for index, someone in enumerate(force.officers):
        pools.setdefault(someone.rank, []).append(someone)
        lines.setdefault((someone.rank, _line(index)), []).append(someone)
    for unit in force.units:
        days = 0
        for duty in unit.duty_units:
            days |= 1 << duty.day
        tours = [_hours(duty.day, duty.shift) for duty in unit.duty_units]
        shift = unit.duty_units[0].shift
        short = rota.short_rest_due()
        for rank, role, count in unit.template.slots:
            for _ in range(count):
                officer: Officer | None = None
                if short:
                    officer = _free_officer(pools.get(rank, []), days, rng, rota, tours, True, 400)
                    if officer is not None:
                        short, rota.short_rests = False, rota.short_rests - 1
                if officer is None:  # the unit's shift line first, then anyone rested
                    officer = _free_officer(lines.get((rank, shift), []), days, rng, rota, tours)
                if officer is None:
                    officer = _free_officer(pools.get(rank, []), days, rng, rota, tours)
                _join(unit, officer, role, days, rota, tours)
        if not unit.members:
            _any_day(unit, force.officers, rng, rota)
    force.units = [unit for unit in force.units if unit.members]


def _any_day(unit: PlanningUnit, officers: list[Officer], rng: random.Random, rota: _Rota) -> None:
    """No one of the ranks is free: move the unit's shifts to days when anyone is."""
    shifts = len(unit.duty_units)
    for start in range(EVENT_DAYS - shifts + 1):
        days = ((1 << shifts) - 1) << start
        moved = [
            DutyUnit(start + n, duty.shift, duty.location) for n, duty in enumerate(unit.duty_units)
        ]
        tours = [_hours(duty.day, duty.shift) for duty in moved]
        officer = _free_officer(officers, days, rng, rota, tours, tries=200)
        if officer is not None:
            unit.duty_units = moved
            _join(unit, officer, unit.template.slots[-1][1], days, rota, tours)
            return


def _join(
    unit: PlanningUnit,
    officer: Officer | None,
    role: str,
    days: int,
    rota: _Rota,
    tours: list[tuple[int, int]],
) -> None:
    if officer is None:
        return
    officer.busy |= days
    rota.add(officer, tours)
    officer.capabilities.add(unit.template.capability)
    if role == "Driver":
        officer.capabilities.add("PSU_DRIVER")
    if role == "Commander":
        officer.capabilities.add("PSU_COMMANDER")
    unit.members.append((officer, role))


def _free_officer(
    pool: list[Officer],
    days: int,
    rng: random.Random,
    rota: _Rota,
    tours: list[tuple[int, int]],
    short: bool = False,
    tries: int = 12,
) -> Officer | None:
    """The least busy of a few officers drawn from `pool` who are free on `days` and rested
    for `tours` (or, when `short`, free but not rested)."""
    best: Officer | None = None
    for _ in range(tries):
        officer = pool[rng.randrange(len(pool))] if pool else None
        if officer is None or officer.busy & days:  # busy includes this unit's days
            continue
        if rota.rested(officer, tours) == short:
            continue
        if best is None or officer.busy.bit_count() < best.busy.bit_count():
            best = officer
    return best


def _hotels(forces: list[ForcePlan], hotels: list[str], rng: random.Random) -> set[str]:
    """Give each unit a hotel near its force's others; return the hotels used."""
    for index, force in enumerate(forces):
        own = [hotels[(index + k * len(forces)) % len(hotels)] for k in range(4)]
        for unit in force.units:
            unit.hotel = rng.choice(own)
    used = {unit.hotel for force in forces for unit in force.units}
    spare = [code for code in hotels if code not in used]
    units = [unit for force in forces for unit in force.units]
    for code, unit in zip(spare, rng.sample(units, min(len(spare), len(units))), strict=False):
        unit.hotel = code
    return {unit.hotel for unit in units}


def _request_messages(forces: list[ForcePlan]) -> None:
    """Number the requests: one RequestResource message per force (in chunks of 500 lines)."""
    for force in forces:
        for n, unit in enumerate(force.units):
            unit.request_message = f"COP26-RR-{force.code.upper()}-{n // REQUEST_LINES + 1:02d}"
            unit.request_line = n % REQUEST_LINES + 1
