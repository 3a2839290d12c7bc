"""The standard's artefacts as an implementer uses them: the plain SDL in plain graphql-core,
the JSON Schemas in the `jsonschema` package, and the compatibility promise for both."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import graphql
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
)
from jsonschema import Draft202012Validator
from strawberry.schema.base import BaseSchema

from hub.adapters.model.records import RECORDS
from hub.schema import build_schema
from hub.schema.publish import StandardError, check_standard, release_standard, write_standard
from hub.schema.publish_jsonschema_changes import compare_records
from hub.schema.publish_plain import is_federation_name
from hub.schema.publish_sdl import parse_sdl
from hub.standard import Vocabulary, load_vocabulary

ROOT = Path(__file__).resolve().parents[2]
STANDARDS = ROOT / "standards"
JSON_SCHEMAS = STANDARDS / "json-schema"


@pytest.fixture(scope="module")
def schema() -> BaseSchema:
    return build_schema()


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return load_vocabulary()


def published(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((JSON_SCHEMAS / name).read_text(encoding="utf-8"))
    return document


def all_published() -> dict[str, dict[str, Any]]:
    return {path.name: published(path.name) for path in sorted(JSON_SCHEMAS.glob("*.json"))}


# --- the plain SDL ---------------------------------------------------------------------------


def shape(graph: GraphQLSchema) -> dict[str, Any]:
    """Every named type's kind and members (fields with types and arguments, enum values)."""
    found: dict[str, Any] = {}
    for name, type_ in graph.type_map.items():
        if name.startswith("__") or is_federation_name(name):
            continue
        members: Any = None
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            members = {
                field: (str(spec.type), {arg: str(a.type) for arg, a in spec.args.items()})
                for field, spec in type_.fields.items()
                if not is_federation_name(field)
            }
        elif isinstance(type_, GraphQLInputObjectType):
            members = {field: str(spec.type) for field, spec in type_.fields.items()}
        elif isinstance(type_, GraphQLEnumType):
            members = sorted(type_.values)
        elif isinstance(type_, GraphQLUnionType):
            members = sorted(member.name for member in type_.types)
        found[name] = (type(type_).__name__, members, type_.description)
    return found


def test_plain_graphql_core_builds_the_plain_sdl_not_the_federation_one() -> None:
    federation = (STANDARDS / "schema.graphql").read_text(encoding="utf-8")
    plain = (STANDARDS / "schema.plain.graphql").read_text(encoding="utf-8")

    with pytest.raises(TypeError, match="Unknown directive '@link'"):
        graphql.build_schema(federation)
    built = graphql.build_schema(plain)

    assert shape(built) == shape(parse_sdl(federation))
    for federation_part in ("_Any", "_Entity", "_Service", "_entities", "_service", "@key"):
        assert federation_part not in plain
    query = "{ forces { code name region { code } } }"
    assert graphql.validate(built, graphql.parse(query)) == []


# --- the JSON Schemas ------------------------------------------------------------------------


def test_there_is_a_valid_2020_12_schema_per_record() -> None:
    schemas = all_published()
    assert sorted(schemas) == sorted(f"{name.replace('_', '-')}.schema.json" for name in RECORDS)
    for name, document in schemas.items():
        Draft202012Validator.check_schema(document)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema", name
        assert document["description"], name
        for field, spec in document["properties"].items():
            assert spec.get("description"), f"{name}: {field}"
            assert "_" not in field, f"{name}: {field} is not the graph's camelCase name"


def test_code_lists_are_enums_of_the_vocabulary(vocabulary: Vocabulary) -> None:
    officer = published("officer.schema.json")
    defs = officer["$defs"]
    assert defs["force"]["enum"] == [force.code for force in vocabulary.forces]
    assert defs["rank"]["enum"] == [rank.code for rank in vocabulary.ranks]
    assert defs["capability"]["enum"] == [c.code for c in vocabulary.capabilities]
    assert officer["properties"]["capabilities"]["items"] == {"$ref": "#/$defs/capability"}
    request = published("mutual-aid-request.schema.json")
    assert request["$defs"]["request-status"]["enum"] == list(vocabulary.request_statuses.codes())


OFFICER = {
    "force": "metropolitan",
    "serviceNumber": "MP4410",
    "givenName": "Ann",
    "familyName": "Smith",
    "rank": "PC",
    "capabilities": ["PUBLIC_ORDER_L2", "PSU_DRIVER"],
    "availableFrom": "2021-10-30",
    "availableTo": None,
}
REQUEST = {
    "reference": "COP26-0001",
    "requestingForce": "police-scotland",
    "capability": "PUBLIC_ORDER_L2",
    "quantity": 20,
    "startsOn": "2021-10-31",
    "endsOn": "2021-11-12",
    "raisedAt": "2021-09-01T09:30:00Z",
}
TRAVEL = {
    "reference": "T-1",
    "mode": "COACH",
    "origin": "MET-HQ",
    "destination": "SECC",
    "departsAt": "2021-10-30T08:00:00+01:00",
    "arrivesAt": "2021-10-30T16:00:00+01:00",
    "planningUnit": "MET-PSU-1",
}


def without(record: dict[str, Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in names}


CASES = [
    ("officer.schema.json", OFFICER, None),
    ("officer.schema.json", {**OFFICER, "rank": "Sergeant"}, "enum"),
    ("officer.schema.json", {**OFFICER, "capabilities": ["JUGGLING"]}, "enum"),
    ("officer.schema.json", without(OFFICER, "serviceNumber"), "required"),
    ("officer.schema.json", {**OFFICER, "service_number": "MP1"}, "additionalProperties"),
    ("officer.schema.json", {**OFFICER, "availableFrom": "30/10/2021"}, "format"),
    ("officer.schema.json", {**OFFICER, "givenName": "A" * 81}, "maxLength"),
    ("officer.schema.json", {**OFFICER, "detective": "yes"}, "type"),
    ("mutual-aid-request.schema.json", REQUEST, None),
    ("mutual-aid-request.schema.json", {**REQUEST, "quantity": 0}, "exclusiveMinimum"),
    ("mutual-aid-request.schema.json", {**REQUEST, "status": "OPEN"}, "enum"),
    ("travel-booking.schema.json", TRAVEL, None),
    ("travel-booking.schema.json", {**without(TRAVEL, "planningUnit"), "force": "kent"}, "anyOf"),
    (
        "travel-booking.schema.json",
        {**without(TRAVEL, "planningUnit"), "force": "kent", "serviceNumber": "K1"},
        None,
    ),
]


@pytest.mark.parametrize(("name", "record", "keyword"), CASES)
def test_jsonschema_validates_records(
    name: str, record: dict[str, Any], keyword: str | None
) -> None:
    validator = Draft202012Validator(
        published(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = list(validator.iter_errors(record))
    assert [error.validator for error in errors] == ([] if keyword is None else [keyword])


@pytest.mark.parametrize(
    ("name", "record"), [(name, record) for name, record, keyword in CASES if keyword is None]
)
def test_a_valid_record_is_one_the_ingest_contract_accepts(
    name: str, record: dict[str, Any], vocabulary: Vocabulary
) -> None:
    """The JSON Schemas describe the records `hub ingest` takes, under the same names."""
    model = RECORDS[name.removesuffix(".schema.json").replace("-", "_")]
    model.model_validate(record, context={"vocabulary": vocabulary})


# --- compatibility of the JSON Schemas -------------------------------------------------------

Edit = Callable[[dict[str, Any]], None]


def edit(name: str, change: Callable[[dict[str, Any]], None]) -> Edit:
    def apply(schemas: dict[str, Any]) -> None:
        change(schemas[name])

    return apply


def drop(name: str) -> Edit:
    return lambda schemas: schemas.pop(name) and None


def add_field(required: bool) -> Callable[[dict[str, Any]], None]:
    def change(schema: dict[str, Any]) -> None:
        schema["properties"]["shoeSize"] = {"description": "Size.", "type": "integer"}
        if required:
            schema["required"].append("shoeSize")

    return change


CHANGES: list[tuple[str, Edit, list[str], list[str]]] = [
    ("unchanged", lambda schemas: None, [], []),
    ("record removed", drop("officer.schema.json"), ["RECORD_REMOVED"], []),
    ("record added", lambda schemas: schemas.update(x=schemas["force.schema.json"]), [], []),
    (
        "field removed",
        edit("officer.schema.json", lambda s: s["properties"].pop("detective")),
        ["FIELD_REMOVED"],
        [],
    ),
    ("optional field added", edit("officer.schema.json", add_field(False)), [], []),
    (
        "required field added",
        edit("officer.schema.json", add_field(True)),
        ["REQUIRED_FIELD_ADDED"],
        [],
    ),
    (
        "field made required",
        edit("officer.schema.json", lambda s: s["required"].append("detective")),
        ["FIELD_REQUIREDNESS_CHANGED"],
        [],
    ),
    (
        "code removed",
        edit("officer.schema.json", lambda s: s["$defs"]["rank"]["enum"].remove("SGT")),
        ["CODE_REMOVED"],
        [],
    ),
    (
        "code added",
        edit("officer.schema.json", lambda s: s["$defs"]["rank"]["enum"].append("CADET")),
        [],
        ["CODE_ADDED"],
    ),
    (
        "limit tightened",
        edit("officer.schema.json", lambda s: s["properties"]["givenName"].update(maxLength=20)),
        ["LIMIT_TIGHTENED"],
        [],
    ),
    (
        "limit loosened",
        edit("officer.schema.json", lambda s: s["properties"]["givenName"].update(maxLength=200)),
        [],
        [],
    ),
    (
        "format changed",
        edit("officer.schema.json", lambda s: s["properties"]["availableFrom"].pop("format")),
        ["FIELD_FORMAT_CHANGED"],
        [],
    ),
    (
        "no longer null",
        edit("officer.schema.json", lambda s: s["properties"]["availableTo"].update(type="string")),
        ["FIELD_TYPE_CHANGED"],
        [],
    ),
    (
        "now nullable",
        edit(
            "officer.schema.json",
            lambda s: s["properties"]["familyName"].update(type=["string", "null"]),
        ),
        [],
        ["FIELD_NULLABLE"],
    ),
]


@pytest.mark.parametrize(
    ("change", "breaking", "dangerous"),
    [case[1:] for case in CHANGES],
    ids=[case[0] for case in CHANGES],
)
def test_changes_to_record_schemas(change: Edit, breaking: list[str], dangerous: list[str]) -> None:
    """`new` is the current set of schemas after `change`, `old` the released ones."""
    old = all_published()
    new = copy.deepcopy(old)
    change(new)

    changes = compare_records(old, new)

    assert [line.split(":")[0] for line in changes.breaking] == breaking
    assert [line.split(":")[0] for line in changes.dangerous] == dangerous


@pytest.fixture
def root(tmp_path: Path, schema: BaseSchema, vocabulary: Vocabulary) -> Path:
    """The standards folder with 1.0.0 released with record schemas in which officers had one
    more required field than they have now (the code removed it)."""
    shutil.copytree(STANDARDS, tmp_path / "standards", ignore=shutil.ignore_patterns("released"))
    write_standard(tmp_path, schema, vocabulary, RECORDS)
    schemas = {path.name: published(path.name) for path in JSON_SCHEMAS.glob("*.json")}
    add_field(True)(schemas["officer.schema.json"])
    folder = tmp_path / "standards" / "released"
    folder.mkdir()
    (folder / "1.0.0.json-schema.json").write_text(json.dumps(schemas), encoding="utf-8")
    return tmp_path


def set_version(root: Path, version: str) -> None:
    path = root / "standards" / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n## [")
    path.write_text(f"{text[:start]}\n\n## [{version}] - 2027-01-04\n", encoding="utf-8")


@pytest.mark.parametrize(("version", "ok"), [("1.1.0", False), ("2.0.0", True)])
def test_check_refuses_a_breaking_record_change_without_a_major_version(
    version: str, ok: bool, root: Path, schema: BaseSchema, vocabulary: Vocabulary
) -> None:
    set_version(root, version)

    check = check_standard(root, schema, vocabulary, RECORDS)

    assert check.breaking == ["FIELD_REMOVED: Officer.shoeSize was removed"]
    assert check.ok is ok
    if not ok:
        assert check.problems == [
            "1 breaking change(s) of the JSON Schemas against the released 1.0.0: record a new "
            "major version (2.0.0) in CHANGELOG.md, or keep the old fields"
        ]
        with pytest.raises(StandardError) as raised:
            release_standard(root, schema, vocabulary, RECORDS)
        assert raised.value.code == "STANDARD_BREAKING_CHANGE"
