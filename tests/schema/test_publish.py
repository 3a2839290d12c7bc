# mypy: disable-error-code="untyped-decorator"
"""The published standard: generated files match the code, and incompatible changes are caught."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated

import graphql
import pytest
import strawberry
from graphql import GraphQLField, GraphQLInputObjectType, GraphQLObjectType, GraphQLString
from strawberry.federation import Schema as FederationSchema
from strawberry.schema.base import BaseSchema

import hub.schema.publish
from hub.adapters.model.records import RECORDS
from hub.schema import build_schema
from hub.schema.publish import (
    StandardError,
    check_standard,
    data_dictionary,
    release_standard,
    schema_sdl,
    undescribed,
    write_standard,
)
from hub.schema.publish_jsonschema import Records, record_schemas, render
from hub.schema.publish_markdown import table
from hub.schema.publish_plain import plain_sdl
from hub.schema.publish_sdl import own_types, parse_sdl
from hub.schema.publish_versions import Version, changelog_version
from hub.standard import Vocabulary, load_vocabulary

ROOT = Path(__file__).resolve().parents[2]
STANDARDS = ROOT / "standards"


@pytest.fixture(scope="module")
def schema() -> BaseSchema:
    return build_schema()


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture(scope="module")
def records() -> Records:
    return RECORDS


@pytest.fixture(scope="module")
def sdl(schema: BaseSchema) -> str:
    return schema_sdl(schema)


@pytest.fixture
def root(tmp_path: Path, schema: BaseSchema, vocabulary: Vocabulary, records: Records) -> Path:
    """A copy of the standards folder, exported from the code, with no release yet and
    1.0.0 as the newest version of its changelog (the cases below record newer ones)."""
    shutil.copytree(STANDARDS, tmp_path / "standards")
    changelog = tmp_path / "standards" / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    preamble = text[: text.index("\n## [")]
    changelog.write_text(f"{preamble}\n\n{text[text.index('## [1.0.0]') :]}", encoding="utf-8")
    shutil.rmtree(tmp_path / "standards" / "released", ignore_errors=True)
    write_standard(tmp_path, schema, vocabulary, records)
    return tmp_path


# --- the checked-in standard ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "generate"),
    [
        ("schema.graphql", lambda schema, _: schema_sdl(schema)),
        ("schema.plain.graphql", lambda schema, _: plain_sdl(schema_sdl(schema))),
    ],
)
def test_checked_in_file_matches_the_code(
    name: str,
    generate: Callable[[BaseSchema, Vocabulary], str],
    schema: BaseSchema,
    vocabulary: Vocabulary,
) -> None:
    published = (STANDARDS / name).read_text(encoding="utf-8")
    assert published == generate(schema, vocabulary), f"run `hub schema export` ({name})"


def test_checked_in_json_schemas_match_the_code(
    schema: BaseSchema, vocabulary: Vocabulary, records: Records
) -> None:
    generated = record_schemas(schema, vocabulary, records)
    folder = STANDARDS / "json-schema"
    assert sorted(path.name for path in folder.glob("*.schema.json")) == sorted(generated)
    for name, document in generated.items():
        assert (folder / name).read_text(encoding="utf-8") == render(document), name


def test_checked_in_standard_passes_the_check(
    schema: BaseSchema, vocabulary: Vocabulary, records: Records
) -> None:
    check = check_standard(ROOT, schema, vocabulary, records)
    assert check.problems == []
    assert check.ok
    assert check.released_version is not None
    assert check.current_version is not None


def test_every_part_of_the_schema_is_described(schema: BaseSchema) -> None:
    assert undescribed(schema) == []


# --- breaking changes against the released schema ------------------------------------------


def with_field(type_name: str, field_name: str) -> Callable[[str], str]:
    """The SDL with one more nullable field: a schema from which the code removed it."""

    def edit(sdl: str) -> str:
        graph = parse_sdl(sdl)
        type_ = graph.type_map[type_name]
        assert isinstance(type_, GraphQLObjectType)
        type_.fields[field_name] = GraphQLField(GraphQLString, description="Gone since.")
        return graphql.print_schema(graph)

    return edit


def without_field(kind: type[GraphQLObjectType | GraphQLInputObjectType]) -> Callable[[str], str]:
    """The SDL without the first nullable field of the first type of `kind`: the code added it."""

    def edit(sdl: str) -> str:
        graph = parse_sdl(sdl)
        for type_ in own_types(graph):
            if not isinstance(type_, kind) or type_ is graph.query_type:
                continue
            fields = type_.fields
            for name, field in fields.items():
                if graphql.is_nullable_type(field.type) and not getattr(field, "args", None):
                    del fields[name]
                    return graphql.print_schema(graph)
        raise AssertionError(f"no nullable field on any {kind.__name__}")

    return edit


def unchanged(sdl: str) -> str:
    return sdl


@dataclass(frozen=True)
class Case:
    id: str
    released: Callable[[str], str]
    changelog: str
    ok: bool
    breaking: str | None = None
    problem: str | None = None
    note: str | None = None
    released_version: str = "1.0.0"


CASES = [
    Case("unchanged", unchanged, "1.0.0", ok=True),
    Case(
        "removed field, same version",
        with_field("Force", "formerName"),
        "1.0.0",
        ok=False,
        breaking="FIELD_REMOVED: Field Force.formerName was removed.",
        problem="1 breaking change(s) of the schema against the released 1.0.0",
    ),
    Case(
        "removed field, new minor version",
        with_field("Force", "formerName"),
        "1.1.0",
        ok=False,
        breaking="FIELD_REMOVED: Field Force.formerName was removed.",
        problem="record a new major version (2.0.0)",
    ),
    Case(
        "removed field, new major version",
        with_field("Force", "formerName"),
        "2.0.0",
        ok=True,
        breaking="FIELD_REMOVED: Field Force.formerName was removed.",
    ),
    Case(
        "added optional field",
        without_field(GraphQLObjectType),
        "1.0.0",
        ok=True,
        note="the schema has changed since 1.0.0 was released",
    ),
    Case(
        "added optional input field, new minor version",
        without_field(GraphQLInputObjectType),
        "1.1.0",
        ok=True,
        note="dangerous: OPTIONAL_INPUT_FIELD_ADDED",
    ),
    Case(
        "changelog older than the release",
        unchanged,
        "1.0.0",
        ok=False,
        problem="CHANGELOG.md version 1.0.0 is older than the released 1.1.0",
        released_version="1.1.0",
    ),
]


def record_version(root: Path, version: str) -> None:
    """Add a CHANGELOG entry for `version` (and an `[Unreleased]` heading, which is skipped)."""
    path = root / "standards" / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8")
    if version != "1.0.0":
        entry = f"## [Unreleased]\n\n## [{version}] - 2027-01-04\n\n### Changed\n\n- A test.\n\n"
        text = text.replace("## [1.0.0]", entry + "## [1.0.0]", 1)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_check_against_the_released_schema(
    case: Case,
    root: Path,
    sdl: str,
    schema: BaseSchema,
    vocabulary: Vocabulary,
    records: Records,
) -> None:
    released = root / "standards" / "released" / f"{case.released_version}.graphql"
    released.parent.mkdir()
    released.write_text(case.released(sdl), encoding="utf-8")
    record_version(root, case.changelog)

    check = check_standard(root, schema, vocabulary, records)

    assert check.ok is case.ok, check
    assert (check.released_version, check.current_version) == (
        case.released_version,
        case.changelog,
    )
    if case.breaking is None:
        assert check.breaking == []
    else:
        assert case.breaking in check.breaking
    if case.problem is None:
        assert check.problems == []
    else:
        assert any(case.problem in problem for problem in check.problems), check.problems
    if case.note is not None:
        assert any(case.note in note for note in check.notes), check.notes


def test_the_highest_release_is_the_released_schema(
    root: Path, sdl: str, schema: BaseSchema, vocabulary: Vocabulary, records: Records
) -> None:
    folder = root / "standards" / "released"
    folder.mkdir()
    (folder / "0.9.0.graphql").write_text(with_field("Force", "formerName")(sdl), encoding="utf-8")
    (folder / "1.0.0.graphql").write_text(sdl, encoding="utf-8")
    (folder / "notes.graphql").write_text("not a version", encoding="utf-8")

    check = check_standard(root, schema, vocabulary, records)

    assert (check.released_version, check.breaking, check.ok) == ("1.0.0", [], True)


# --- drift of the generated files ------------------------------------------------------------


def edit_description(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"""A UK police force."""', '"""A force."""', 1), encoding="utf-8")


def append_line(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited by hand.\n", encoding="utf-8")


def delete(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize(
    ("name", "edit", "problem"),
    [
        ("schema.graphql", edit_description, "standards/schema.graphql differs from the code"),
        ("schema.graphql", append_line, "standards/schema.graphql differs from the code"),
        ("README.md", append_line, "standards/README.md differs from the code"),
        ("README.md", delete, "standards/README.md is missing"),
    ],
)
def test_drift_is_a_problem(
    name: str,
    edit: Callable[[Path], None],
    problem: str,
    root: Path,
    schema: BaseSchema,
    vocabulary: Vocabulary,
    records: Records,
) -> None:
    assert check_standard(root, schema, vocabulary, records).problems == []
    edit(root / "standards" / name)

    check = check_standard(root, schema, vocabulary, records)

    assert not check.ok
    assert [p for p in check.problems if problem in p and "run `hub schema export`" in p]


EXPORT = "run `hub schema export`"


def test_drift_of_the_plain_sdl_and_json_schemas_is_a_problem(
    root: Path, schema: BaseSchema, vocabulary: Vocabulary, records: Records
) -> None:
    folder = root / "standards"
    append_line(folder / "schema.plain.graphql")
    append_line(folder / "json-schema" / "officer.schema.json")
    delete(folder / "json-schema" / "duty-unit.schema.json")
    (folder / "json-schema" / "constable.schema.json").write_text("{}")

    check = check_standard(root, schema, vocabulary, records)

    found = sorted(re.sub(r" \(from line \d+\)", "", problem) for problem in check.problems)
    assert found == [
        "standards/json-schema/constable.schema.json is not generated by the code: " + EXPORT,
        "standards/json-schema/duty-unit.schema.json is missing: " + EXPORT,
        "standards/json-schema/officer.schema.json differs from the code: " + EXPORT,
        "standards/schema.plain.graphql differs from the code: " + EXPORT,
    ]


def test_changelog_without_a_version_is_a_problem(
    root: Path, schema: BaseSchema, vocabulary: Vocabulary, records: Records
) -> None:
    (root / "standards" / "CHANGELOG.md").write_text("# Changelog\n\n## [Unreleased]\n")

    check = check_standard(root, schema, vocabulary, records)

    assert check.current_version is None
    assert check.problems == ["standards/CHANGELOG.md has no `## [X.Y.Z]` entry"]


def test_export_writes_the_generated_files(
    tmp_path: Path, schema: BaseSchema, vocabulary: Vocabulary, records: Records
) -> None:
    folder = tmp_path / "standards"
    (folder / "json-schema").mkdir(parents=True)
    (folder / "json-schema" / "constable.schema.json").write_text("{}")

    written = write_standard(tmp_path, schema, vocabulary, records)

    assert written[:3] == [
        folder / "schema.graphql",
        folder / "schema.plain.graphql",
        folder / "README.md",
    ]
    assert written[3:] == [
        folder / "json-schema" / name for name in record_schemas(schema, vocabulary, records)
    ]
    assert written[0].read_text(encoding="utf-8") == schema_sdl(schema)
    assert not (folder / "json-schema" / "constable.schema.json").exists()
    assert not (folder / "released").exists()


# --- releases ----------------------------------------------------------------------------------


def test_release_copies_the_sdl_and_json_schemas_once(
    root: Path, schema: BaseSchema, sdl: str, vocabulary: Vocabulary, records: Records
) -> None:
    path = release_standard(root, schema, vocabulary, records)

    assert path == root / "standards" / "released" / "1.0.0.graphql"
    assert path.read_text(encoding="utf-8") == sdl
    bundle = root / "standards" / "released" / "1.0.0.json-schema.json"
    assert json.loads(bundle.read_text(encoding="utf-8")) == record_schemas(
        schema, vocabulary, records
    )
    assert release_standard(root, schema, vocabulary, records) == path


@pytest.mark.parametrize(
    ("released", "changelog", "code"),
    [
        ({"1.0.0": with_field("Force", "formerName")}, "1.0.0", "STANDARD_RELEASE_DIFFERS"),
        ({"1.0.0": with_field("Force", "formerName")}, "1.1.0", "STANDARD_BREAKING_CHANGE"),
        ({"1.2.0": unchanged}, "1.1.0", "STANDARD_VERSION_NOT_NEWER"),
    ],
)
def test_release_refuses(
    released: dict[str, Callable[[str], str]],
    changelog: str,
    code: str,
    root: Path,
    schema: BaseSchema,
    sdl: str,
    vocabulary: Vocabulary,
    records: Records,
) -> None:
    folder = root / "standards" / "released"
    folder.mkdir()
    for version, edit in released.items():
        (folder / f"{version}.graphql").write_text(edit(sdl), encoding="utf-8")
    record_version(root, changelog)

    with pytest.raises(StandardError) as raised:
        release_standard(root, schema, vocabulary, records)

    assert raised.value.code == code
    assert not (folder / f"{changelog}.graphql").exists() or changelog in released


def test_release_of_a_new_major_version_may_break(
    root: Path, schema: BaseSchema, vocabulary: Vocabulary, records: Records
) -> None:
    folder = root / "standards" / "released"
    folder.mkdir()
    (folder / "1.0.0.graphql").write_text(
        with_field("Force", "formerName")(schema_sdl(schema)), encoding="utf-8"
    )
    record_version(root, "2.0.0")

    assert release_standard(root, schema, vocabulary, records) == folder / "2.0.0.graphql"


# --- descriptions --------------------------------------------------------------------------


@strawberry.enum(description="Colours.")
class Colour(Enum):
    RED = "red"
    BLUE = strawberry.enum_value("blue", description="Blue.")


@strawberry.input
class ThingFilter:
    colour: Colour | None = None
    name: str | None = strawberry.field(default=None, description="Name contains.")


@strawberry.type(description="A thing.")
class Thing:
    name: str
    colour: Colour = strawberry.field(description="Its colour.")


@strawberry.federation.type(keys=["code"], description="A keyed thing.")
class Keyed:
    code: str = strawberry.field(description="Code.")


@strawberry.type(description="The root.")
class Query:
    @strawberry.field(description="Things.")
    def things(
        self,
        filter: ThingFilter | None = None,
        first: Annotated[int, strawberry.argument(description="How many.")] = 10,
    ) -> list[Thing]:
        return []


@strawberry.type(name="Query", description="The root of a subgraph.")
class FederatedQuery(Query):
    @strawberry.field(description="The keyed thing.")
    def keyed(self) -> Keyed | None:
        return None


@pytest.mark.parametrize(
    "make",
    [
        lambda: strawberry.Schema(query=Query),
        lambda: FederationSchema(query=FederatedQuery, federation_version="2.7"),
    ],
    ids=["plain", "federation"],
)
def test_undescribed_finds_what_has_no_description(make: Callable[[], BaseSchema]) -> None:
    assert undescribed(make()) == [
        "Colour.RED",
        "Query.things(filter:)",
        "Thing.name",
        "ThingFilter",
        "ThingFilter.colour",
    ]


# --- the data dictionary -------------------------------------------------------------------


def test_dictionary_has_a_section_for_every_type(
    schema: BaseSchema, vocabulary: Vocabulary, sdl: str
) -> None:
    text = data_dictionary(schema, vocabulary)
    assert "\n## Queries\n\nThe fields of `Query`." in text
    for type_ in own_types(parse_sdl(sdl)):
        wrapper = type_.name.endswith(("Connection", "Edge"))
        expected = f"| `{type_.name}` |" if wrapper else f"\n### {type_.name}\n"
        root_type = type_.name in ("Query", "Mutation", "Subscription")  # "## Queries", ...
        assert root_type or expected in text, type_.name
    for hidden in ("_entities", "_service", "_Any", "_Entity", "_Service"):
        assert hidden not in text


def test_dictionary_lists_every_code(schema: BaseSchema, vocabulary: Vocabulary) -> None:
    text = data_dictionary(schema, vocabulary)
    codes = [
        *(force.code for force in vocabulary.forces),
        *(region.code for region in vocabulary.regions),
        *(rank.code for rank in vocabulary.ranks),
        *(capability.code for capability in vocabulary.capabilities),
        *vocabulary.request_statuses.codes(),
        *vocabulary.travel_modes.codes(),
    ]
    for code in codes:
        assert f"| `{code}` |" in text, code


def test_dictionary_is_deterministic(schema: BaseSchema, vocabulary: Vocabulary) -> None:
    assert data_dictionary(schema, vocabulary) == data_dictionary(build_schema(), vocabulary)


def test_table_cells_stay_in_their_cell() -> None:
    assert table(("A", "B"), [("x | y", "two\nlines")]) == (
        "| A | B |\n| --- | --- |\n| x \\| y | two lines |"
    )


# --- versions and the public surface ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("1.0.0", Version(1, 0, 0)),
        (" 10.2.3 ", Version(10, 2, 3)),
        ("1.0", None),
        ("01.0.0", None),
        ("Unreleased", None),
        ("1.0.0-rc.1", None),
    ],
)
def test_version_parse(text: str, version: Version | None) -> None:
    assert Version.parse(text) == version


def test_changelog_version_is_the_newest_entry(tmp_path: Path) -> None:
    path = tmp_path / "CHANGELOG.md"
    path.write_text("## [Unreleased]\n\n## [1.10.0] - 2027\n\n## [1.9.2] - 2026\n")
    assert changelog_version(path) == Version(1, 10, 0)
    assert changelog_version(tmp_path / "missing.md") is None


def test_public_names() -> None:
    assert sorted(hub.schema.publish.__all__) == [
        "PLAIN_SCHEMA_FILE",
        "StandardCheck",
        "StandardError",
        "check_standard",
        "data_dictionary",
        "plain_sdl",
        "record_schemas",
        "release_standard",
        "schema_sdl",
        "undescribed",
        "write_standard",
    ]
