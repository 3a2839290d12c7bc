"""The vocabulary of the standard: every code list in `standards/codelists`, loaded together."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from hub.standard._terms import normalise
from hub.standard.capabilities import Capability, load_capabilities
from hub.standard.codes import CodeList, load_code_list
from hub.standard.forces import Force, Region, load_forces, load_regions
from hub.standard.ranks import Rank, RankMatch, load_ranks
from hub.standard.units import ResourceUnit, load_resource_units

SIMPLE_LISTS = (
    "request-statuses",
    "commitment-statuses",
    "deployment-statuses",
    "location-types",
    "travel-modes",
    "booking-statuses",
    "shift-types",
    "availability-statuses",
    "classifications",
)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Vocabulary:
    """All code lists, with look-ups that turn the names found in real exports into codes."""

    forces: tuple[Force, ...]
    regions: tuple[Region, ...]
    ranks: tuple[Rank, ...]
    capabilities: tuple[Capability, ...]
    resource_units: tuple[ResourceUnit, ...]
    request_statuses: CodeList
    commitment_statuses: CodeList
    deployment_statuses: CodeList
    location_types: CodeList
    travel_modes: CodeList
    booking_statuses: CodeList
    shift_types: CodeList
    availability_statuses: CodeList
    classifications: CodeList
    # Look-up tables built by the loader (keys of the *_terms tables are normalised names).
    _forces_by_code: Mapping[str, Force]
    _regions_by_code: Mapping[str, Region]
    _force_terms: Mapping[str, str]
    _rank_terms: Mapping[str, RankMatch]
    _capability_terms: Mapping[str, str]
    _units_by_code: Mapping[str, ResourceUnit]
    _unit_terms: Mapping[str, str]

    def force(self, code: str) -> Force:
        return self._forces_by_code[code]

    def region(self, code: str) -> Region:
        return self._regions_by_code[code]

    def resolve_force(self, text: str) -> str | None:
        """The force code for a code, name, short name, alias, data.police.uk id or ONS code."""
        return self._force_terms.get(normalise(text))

    def resolve_rank(self, text: str) -> RankMatch | None:
        """The rank a name denotes, and whether it is a detective form ("DCI", "Det Sgt")."""
        return self._rank_terms.get(normalise(text))

    def resolve_capability(self, text: str) -> str | None:
        """The capability code for a code, label or synonym."""
        return self._capability_terms.get(normalise(text))

    def resource_unit(self, code: str) -> ResourceUnit:
        return self._units_by_code[code]

    def resolve_resource_unit(self, text: str) -> str | None:
        """The resource unit code for a code, label or synonym ("PSUs", "PO serial")."""
        return self._unit_terms.get(normalise(text))

    def __repr__(self) -> str:
        return f"<Vocabulary: {len(self.forces)} forces, {len(self.ranks)} ranks>"


def default_path() -> Path:
    """The repository's `standards/codelists` folder."""
    return Path(__file__).resolve().parents[2] / "standards" / "codelists"


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """Load and check every code list in `path` (by default the repository's own, loaded once)."""
    if path is None:
        return _load_default()
    return _load(path)


@functools.cache
def _load_default() -> Vocabulary:
    return _load(default_path())


def _load(folder: Path) -> Vocabulary:
    regions = load_regions(folder / "regions.csv")
    forces, force_terms = load_forces(
        folder / "forces.csv", {region.code: region for region in regions}
    )
    ranks, rank_terms = load_ranks(folder / "ranks.csv", folder / "detective-ranks.csv")
    capabilities, capability_terms = load_capabilities(folder / "capabilities.csv")
    units, unit_terms = load_resource_units(folder / "resource-units.csv")
    lists = {name: load_code_list(folder / f"{name}.csv", name) for name in SIMPLE_LISTS}
    return Vocabulary(
        forces=forces,
        regions=regions,
        ranks=ranks,
        capabilities=capabilities,
        resource_units=units,
        request_statuses=lists["request-statuses"],
        commitment_statuses=lists["commitment-statuses"],
        deployment_statuses=lists["deployment-statuses"],
        location_types=lists["location-types"],
        travel_modes=lists["travel-modes"],
        booking_statuses=lists["booking-statuses"],
        shift_types=lists["shift-types"],
        availability_statuses=lists["availability-statuses"],
        classifications=lists["classifications"],
        _forces_by_code=MappingProxyType({force.code: force for force in forces}),
        _regions_by_code=MappingProxyType({region.code: region for region in regions}),
        _force_terms=force_terms,
        _rank_terms=rank_terms,
        _capability_terms=capability_terms,
        _units_by_code=MappingProxyType({unit.code: unit for unit in units}),
        _unit_terms=unit_terms,
    )
