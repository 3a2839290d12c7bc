"""Descriptions for the parts of a record that the graph does not describe.

A record names other records by their natural keys where the graph links to them: a deployment
gives its officer's force and service number where the graph has `Deployment.officer`. Those
fields, and a few that only the records carry, are described here; every other field takes its
description from the graph.
"""

from __future__ import annotations

RECORD_DESCRIPTIONS = {
    "force": (
        "Published figures and identifiers of a force of the code list `codelists/forces.csv` "
        "(the forces themselves are the code list's, not records)."
    ),
}

_OFFICER = {
    "force": "The officer's force, by its `code`: with `serviceNumber`, it names the officer.",
    "serviceNumber": "The officer's service (warrant) number within `force`. Personal data.",
}

_HOLDER = {
    "force": (
        "The force of the officer the booking is for, by its `code`, when it is not for a "
        "planning unit: with `serviceNumber`, it names the officer."
    ),
    "serviceNumber": (
        "The service (warrant) number, within `force`, of the officer the booking is for when "
        "it is not for a planning unit. Personal data."
    ),
}

_FIELDS: dict[tuple[str, str], str] = {
    ("location", "operation"): "The operation the location serves, by its `code`, if any.",
    ("planning_unit", "commitmentRequest"): (
        "The `reference` of the request whose commitment the unit was formed for, if any: with "
        "`commitmentSequence`, it names the commitment of the unit's force."
    ),
    ("planning_unit", "commitmentSequence"): (
        "Which commitment of the unit's force against `commitmentRequest` (1 unless the force "
        "offered more than once)."
    ),
    ("planning_unit_member", "planningUnit"): "The planning unit, by its `reference`.",
}

_OFFICER_NAMED_BY = ("deployment", "planning_unit_member")
_HELD = ("accommodation_booking", "travel_booking")


def field_note(record: str, field: str) -> str | None:
    """The description of a record's field that the graph lacks, or None to use the graph's."""
    if record in _OFFICER_NAMED_BY and field in _OFFICER:
        return _OFFICER[field]
    if record in _HELD and field in _HOLDER:
        return _HOLDER[field]
    return _FIELDS.get((record, field))
