"""Forces' headquarters (`standards/geography/force-headquarters.csv`) and distances between them.

The capacity query ranks the forces that could answer a request by the great-circle distance
from the requesting force's headquarters; the file names its public source on every row.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from hub.standard._csv import Row, check_unique_codes, read_rows
from hub.standard.errors import CodeListError, Location

COLUMNS = ("force", "headquarters", "town", "latitude", "longitude", "source")
#: A box around the United Kingdom: a coordinate outside it is a typing slip.
LATITUDES = (49.0, 61.0)
LONGITUDES = (-9.0, 2.0)
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Headquarters:
    """Where a force has its headquarters, and which public page says so."""

    force: str
    name: str
    town: str
    latitude: float
    longitude: float
    source: str


def default_path() -> Path:
    """The repository's `standards/geography/force-headquarters.csv`."""
    return (
        Path(__file__).resolve().parents[2] / "standards" / "geography" / "force-headquarters.csv"
    )


def load_headquarters(path: Path, forces: Iterable[str]) -> Mapping[str, Headquarters]:
    """Every force's headquarters by force code; refused unless each force has exactly one."""
    rows = read_rows(path, COLUMNS)
    check_unique_codes(rows, "force")
    known = set(forces)
    found = {row.text("force"): _headquarters(row, known) for row in rows}
    missing = sorted(known - found.keys())
    if missing:
        raise CodeListError(
            "CODELIST_MISSING_VALUE",
            "a force of the code list has no headquarters",
            at=Location(path),
            value=missing[0],
        )
    return MappingProxyType(found)


@functools.cache
def headquarters() -> Mapping[str, Headquarters]:
    """The repository's headquarters, checked against its force code list (loaded once)."""
    from hub.standard.codelists import load_vocabulary

    return load_headquarters(default_path(), (force.code for force in load_vocabulary().forces))


def _headquarters(row: Row, forces: set[str]) -> Headquarters:
    force = row.text("force")
    if force not in forces:
        raise row.error("CODELIST_UNKNOWN_REFERENCE", "no force has this code", force)
    return Headquarters(
        force=force,
        name=row.text("headquarters"),
        town=row.text("town"),
        latitude=_degrees(row, "latitude", LATITUDES),
        longitude=_degrees(row, "longitude", LONGITUDES),
        source=row.text("source"),
    )


def _degrees(row: Row, column: str, bounds: tuple[float, float]) -> float:
    text = row.text(column)
    try:
        value = float(text)
    except ValueError:
        raise row.error("CODELIST_BAD_VALUE", f"column {column!r} is not a number", text) from None
    if not bounds[0] <= value <= bounds[1]:
        message = f"column {column!r} is outside the United Kingdom ({bounds[0]} to {bounds[1]})"
        raise row.error("CODELIST_BAD_VALUE", message, text)
    return value


def distance_km(a: Headquarters, b: Headquarters) -> float:
    """The great-circle (haversine) distance between two headquarters, in kilometres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
