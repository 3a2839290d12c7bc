"""The arguments of the capacity queries, checked against the code lists before any SQL runs,
and the providers' answer finished in Python: units, distances, order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from hub.errors import BadUserInput
from hub.resolvers import capacity
from hub.resolvers.capacity_sql import Scope
from hub.resolvers.catalog import capability_ids, region_force_ids
from hub.resolvers.reader import Reader
from hub.standard.codelists import load_vocabulary
from hub.standard.headquarters import Headquarters, distance_km, headquarters
from hub.store import models as m

#: The longest window a capacity query covers, in days (a quarter).
MAX_DAYS = 92
MAX_CODES = 100


def _fail(argument: str, message: str) -> BadUserInput:
    return BadUserInput("BAD_USER_INPUT", message, argument=argument)


def check_window(starts_on: date, ends_on: date) -> None:
    """A window of 1 to MAX_DAYS days, in order."""
    if ends_on < starts_on:
        raise _fail("endsOn", "the window ends before it starts")
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        raise _fail("endsOn", f"a window covers at most {MAX_DAYS} days")


def _known(argument: str, codes: list[str], known: set[str]) -> list[str]:
    if len(codes) > MAX_CODES:
        raise BadUserInput("INPUT_TOO_LARGE", f"give at most {MAX_CODES} codes", argument=argument)
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise _fail(argument, f"no such code: {unknown[0][:60]!r}")
    return codes


def capacity_scope(
    starts_on: date,
    ends_on: date,
    capabilities: list[str] | None,
    forces: list[str] | None,
    regions: list[str] | None,
) -> Scope:
    """The scope of a capacity statement, every code checked against the code lists."""
    check_window(starts_on, ends_on)
    vocabulary = load_vocabulary()
    capability_codes = {item.code for item in vocabulary.capabilities}
    force_codes = {item.code for item in vocabulary.forces}
    region_codes = {item.code for item in vocabulary.regions}
    force_scope = None
    if forces is not None or regions is not None:
        force_scope = select(m.Force.id)
        if forces is not None:
            force_scope = force_scope.where(m.Force.code.in_(_known("forces", forces, force_codes)))
        if regions is not None:
            codes = _known("regions", regions, region_codes)
            force_scope = force_scope.where(m.Force.id.in_(region_force_ids(codes)))
    return Scope(
        start=starts_on,
        end=ends_on,
        capabilities=None
        if capabilities is None
        else capability_ids(_known("capabilities", capabilities, capability_codes)),
        forces=force_scope,
    )


@dataclass(frozen=True)
class ProviderAsk:
    """What a requesting force needs."""

    requesting_force: str
    capability: str
    starts_on: date
    ends_on: date
    quantity: int
    unit: str
    include_short: bool


@dataclass(frozen=True)
class Provider:
    """A force's answer: its headquarters, and the values of `CapacityProvider`."""

    headquarters: Headquarters
    values: dict[str, Any]


def officers_per_unit(unit: str) -> int:
    """The officer equivalent of a resource unit named by code or synonym."""
    vocabulary = load_vocabulary()
    code = vocabulary.resolve_resource_unit(unit)
    if code is None:
        raise _fail("input.unit", f"no resource unit is called {unit[:60]!r}")
    return vocabulary.resource_unit(code).officers


async def provider_rows(reader: Reader, ask: ProviderAsk) -> Sequence[Provider]:
    """Forces other than the requester that hold the capability, nearest first; only those
    that can send the whole quantity unless `include_short`."""
    if ask.quantity < 1:
        raise _fail("input.quantity", "ask for at least one unit")
    per_unit = officers_per_unit(ask.unit)
    vocabulary = load_vocabulary()
    _known("input.requestingForce", [ask.requesting_force], {f.code for f in vocabulary.forces})
    scope = capacity_scope(ask.starts_on, ask.ends_on, [ask.capability], None, None)
    sites = headquarters()
    home = sites[ask.requesting_force]
    found = []
    for row in await capacity.providers(reader, scope):
        if row.force_code == ask.requesting_force:
            continue
        free, away = int(row.free), int(row.away)
        units = free // per_unit
        can_send = units >= ask.quantity
        if not (can_send or ask.include_short):
            continue
        site = sites[row.force_code]
        establishment = row.establishment
        values = {
            "force_id": row.force_id,
            "region_id": row.region_id,
            "distance_km": round(distance_km(home, site), 1),
            "capable": int(row.capable),
            "busy": int(row.busy),
            "pending": int(row.pending),
            "officers_available": free,
            "units_available": units,
            "can_send": can_send,
            "establishment": establishment,
            "officers_away": away,
            "share_away": round(away / establishment, 4) if establishment else None,
        }
        found.append(Provider(site, values))
    found.sort(key=lambda item: (item.values["distance_km"], item.headquarters.force))
    return found
