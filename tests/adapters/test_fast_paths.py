"""The shortcuts give exactly what the general path gives: XPaths evaluated without the XPath
engine, and records validated without pydantic."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from hub.adapters import load_adapter
from hub.adapters.check.quick import QuickValidator
from hub.adapters.map.xpath import compile_xpath, xpath_value
from hub.adapters.model.records import RECORDS
from hub.standard import load_vocabulary
from tests.adapters.conftest import EXAMPLES

NS = {"a": "urn:a", "b": "urn:b"}
DOCUMENT = b"""<a:root xmlns:a="urn:a" xmlns:b="urn:b" id="R">
  <a:unit ref=" U1 " empty="">
    <a:name>Unit <b:em>one</b:em> </a:name>
    <a:name>   </a:name>
    <a:member role="PC"><b:officer number="7"><b:rank>PC</b:rank></b:officer></a:member>
    <a:member role="DS"><b:officer number="8"><b:rank>DS</b:rank></b:officer></a:member>
    <plain>no namespace</plain>
  </a:unit>
</a:root>"""
EXPRESSIONS = [
    ".",
    "..",
    "../..",
    "@ref",
    "@empty",
    "@missing",
    "../@id",
    "a:name",
    "a:member/@role",
    "a:member/b:officer/@number",
    "a:member/b:officer/b:rank",
    "./a:name",
    "a:missing",
    "plain",
    "a:plain",
    "../a:unit/@ref",
    "b:officer",
]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_a_simple_xpath_gives_what_lxml_gives(expression: str) -> None:
    root = etree.fromstring(DOCUMENT)
    for element in root.iter():
        slow = xpath_value(etree.XPath(expression, namespaces=NS, smart_strings=False)(element))
        assert compile_xpath(expression, NS)(element) == slow, (expression, element.tag)


def _example_xpaths() -> list[tuple[Path, str, dict[str, str]]]:
    cases = []
    for mapping in sorted(EXAMPLES.glob("*/mapping.yaml")):
        adapter = load_adapter(mapping)
        source = adapter.compiled.mapping.source
        if source.type != "xml":
            continue
        for output in adapter.compiled.mapping.records:
            for spec in output.fields.values():
                expression = getattr(spec, "xpath", None)
                if expression and "$" not in expression:  # variables: always lxml's XPath
                    cases.append((mapping, expression, dict(source.namespaces)))
    return cases


@pytest.mark.parametrize(("mapping", "expression", "namespaces"), _example_xpaths())
def test_every_example_xpath_gives_what_lxml_gives(
    mapping: Path, expression: str, namespaces: dict[str, str]
) -> None:
    samples = [p for p in mapping.parent.glob("*.xml")]
    for sample in samples:
        tree = etree.parse(str(sample))
        compiled = etree.XPath(expression, namespaces=namespaces, smart_strings=False)
        fast = compile_xpath(expression, namespaces)
        for element in tree.getroot().iter(etree.Element):
            assert fast(element) == xpath_value(compiled(element)), (expression, element.tag)


TZ = ZoneInfo("Europe/London")
DAY = datetime.date(2021, 11, 1)
START = datetime.datetime(2021, 11, 1, 7, tzinfo=TZ)
# (entity, values): plain cases the quick path takes, and odd ones it leaves to pydantic.
RECORD_CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "officer",
        {"force": "GMP", "service_number": " 4417 ", "given_name": "Seán", "family_name": "O'B"},
    ),
    ("officer", {"force": "merseyside", "service_number": "1", "given_name": "A", "rank": "DS"}),
    (
        "officer",
        {
            "force": "merseyside",
            "service_number": "1",
            "given_name": "A",
            "family_name": "B",
            "rank": "Det Sgt",
            "detective": False,
            "capabilities": ["PO L2", "PSU Driver"],
        },
    ),
    (
        "officer",
        {
            "force": "merseyside",
            "service_number": "1",
            "given_name": "A",
            "family_name": "B",
            "rank": "Cadet",
        },
    ),
    ("officer", {"force": "x", "service_number": "1", "given_name": "A", "family_name": "B"}),
    (
        "commitment",
        {"request": "R1", "providing_force": "merseyside", "quantity": "007", "sequence": 2},
    ),
    ("commitment", {"request": "R1", "providing_force": "merseyside", "quantity": "+5"}),
    ("commitment", {"request": "R1", "providing_force": "merseyside", "quantity": "0"}),
    ("commitment", {"request": "R1", "providing_force": "merseyside", "quantity": 5.0}),
    ("commitment", {"request": "R1", "providing_force": "merseyside", "quantity": True}),
    (
        "duty_unit",
        {
            "reference": "D1",
            "planning_unit": "P1",
            "shift_type": "Night",
            "starts_at": START,
            "ends_at": START + datetime.timedelta(hours=8),
        },
    ),
    (
        "duty_unit",
        {
            "reference": "D1",
            "planning_unit": "P1",
            "shift_type": "DAY",
            "starts_at": START,
            "ends_at": START,
        },
    ),
    (
        "duty_unit",
        {
            "reference": "D1",
            "planning_unit": "P1",
            "shift_type": "DAY",
            "starts_at": datetime.datetime(2021, 11, 1, 7),
            "ends_at": "2021-11-01T15:00:00",
        },
    ),
    ("deployment", {"force": "psni", "service_number": "9", "duty_unit": "D", "duty_date": DAY}),
    (
        "deployment",
        {
            "force": "psni",
            "service_number": "9",
            "duty_unit": "D",
            "duty_date": datetime.datetime(2021, 11, 1),
        },
    ),
    ("deployment", {"force": "psni", "service_number": "x" * 41, "duty_unit": "D", "duty_date": 1}),
    (
        "accommodation_booking",
        {"location": "H", "check_in": DAY, "check_out": DAY + datetime.timedelta(days=2)},
    ),
    (
        "accommodation_booking",
        {
            "planning_unit": "P",
            "location": "H",
            "check_in": DAY,
            "check_out": DAY + datetime.timedelta(days=2),
            "rooms": "12",
            "status": "Provisional",
        },
    ),
    (
        "location",
        {"code": "SEC", "name": " SEC ", "type": "venue", "latitude": 55.86, "capacity": 3},
    ),
    ("location", {"code": "SEC", "name": "SEC", "type": "venue", "latitude": None}),
    ("location", {"code": "SEC", "name": "SEC", "type": "venue", "postcode": "G3\u00a08YW "}),
    ("location", {"code": "SEC", "name": "SEC", "type": "venue", "unknown": 1}),
    (
        "mutual_aid_request",
        {
            "reference": "R",
            "requesting_force": "police-scotland",
            "capability": "PUBLIC_ORDER_L2",
            "quantity": "1",
            "starts_on": DAY,
            "ends_on": DAY,
            "raised_at": START,
            "description": "  PSU  ",
        },
    ),
]


@pytest.mark.parametrize(("entity", "values"), RECORD_CASES)
def test_quick_validation_agrees_with_pydantic(entity: str, values: dict[str, Any]) -> None:
    context = {"vocabulary": load_vocabulary(), "timezone": TZ, "synonyms": {}}
    quick = QuickValidator(context).validate(entity, dict(values))
    try:
        record = RECORDS[entity].model_validate(dict(values), context=context)
    except ValueError:
        assert quick is None  # the quick path never accepts what pydantic refuses
        return
    if quick is not None:
        checked, given = quick
        assert checked == record.__dict__
        assert given == record.model_fields_set


def test_plain_records_take_the_quick_path() -> None:
    context = {"vocabulary": load_vocabulary(), "timezone": TZ, "synonyms": {}}
    quick = QuickValidator(context)
    taken = [quick.validate(entity, dict(values)) is not None for entity, values in RECORD_CASES]
    assert sum(taken) >= 8, taken
