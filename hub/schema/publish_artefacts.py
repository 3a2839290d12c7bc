"""The artefacts part of the data dictionary: what each published file is for, how to validate
against it, and what a minor or a major version of the standard may change in it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub.schema.publish_markdown import code, section, table

ARTEFACTS = (
    ("Federation SDL", "[`schema.graphql`](schema.graphql)", "gateways composing subgraphs"),
    (
        "Plain SDL",
        "[`schema.plain.graphql`](schema.plain.graphql)",
        "any GraphQL tool: clients, code generators, linters",
    ),
    ("JSON Schemas", "[`json-schema/`](json-schema/)", "files of records forces exchange"),
    ("Code lists", "[`codelists/`](codelists/)", "the codes every artefact uses"),
    (
        "EDXL-RM 1.0",
        "OASIS XSDs in [`adapters/edxl-rm-schemas/`](../adapters/edxl-rm-schemas/)",
        "requests and offers as OASIS messages",
    ),
)

INTRO = """\
The standard is published as the artefacts below, each generated from the hub's code by
`hub schema export` (the code lists and the changelog are written by people). `hub schema check`
fails when a generated file differs from the code, and when a change would break an implementer
without a new major version in [`CHANGELOG.md`](CHANGELOG.md): it compares the GraphQL schema
and the JSON Schemas with those of the latest release in [`released/`](released/).

"""

FEDERATION = """\
An [Apollo Federation v2](https://www.apollographql.com/docs/federation/) subgraph schema: the
query contract of the hub, with `@key`s naming how a gateway fetches each record (see
*Identifiers and natural keys* below). A force or supplier that runs its own subgraph composes
against it (for example `rover supergraph compose`); every query a client sends is validated
against it by the hub.

**Compatibility.** A minor version may add types, fields, optional arguments and enum values,
and deprecate (never remove) a field. A major version is needed to remove or rename a type,
field, argument or enum value, to change a field's type, to make an argument required or a
field nullable. `hub schema check` applies graphql-core's `find_breaking_changes` against the
latest released schema."""

PLAIN = """\
The same schema without Apollo Federation: no `@link`, `@key` or `@shareable`, no `_Any`,
`_Entity` or `_Service`, no `Query._entities` or `Query._service`. Every other type, field,
argument, description and deprecation is the same. Use it with tools that know plain GraphQL
only: graphql-core's or graphql-js's `buildSchema`, code generators, editors and linters.

**Validate** a document (a query your client sends) against it with any GraphQL tool, e.g. in
Python: `graphql.validate(graphql.build_schema(sdl), graphql.parse(query))`.

**Compatibility.** As the federation SDL, from which it is made."""

JSON_SCHEMAS = """\
One [JSON Schema (2020-12)](https://json-schema.org/draft/2020-12) per record of the standard:
the records a force exchanges in files, as `hub ingest` takes them. The fields have the graph's
names (`serviceNumber`), and each has its description; a record names another by its natural key
(a force's `code`, a request's `reference`, an officer's `force` and `serviceNumber`). The rules:

- codes only, from the code lists (as enums under `$defs`); an adapter also accepts a code
  list's names and synonyms, a file of the standard does not;
- dates are `format: date` (`2021-11-01`); times are `format: date-time`, RFC 3339 with an
  offset (`2021-11-01T07:00:00Z`, `2021-11-01T08:00:00+01:00`);
- a field that is not required may be absent or null; no other fields are allowed;
- a booking is for a `planningUnit` or for one officer (`force` and `serviceNumber`);
- periods in order (a request's `startsOn` before its `endsOn`) are listed under `x-ordered`:
  JSON Schema cannot compare two values, so `hub standard validate` checks them.

**Validate** with `hub standard validate` (below), or any 2020-12 validator that asserts
formats: Python's `jsonschema` with `format_checker=Draft202012Validator.FORMAT_CHECKER` (it
checks `date-time` only with `rfc3339-validator` installed), or `ajv` with `ajv-formats`. A CSV
file of records uses the same fields as its header: one record a row, an empty cell for an
absent field, `true` / `false`, lists (an officer's `capabilities`) separated by `|` as in the
code lists.

**Compatibility.** A minor version may add a record type, an optional field or a code, or
loosen a limit (a longer text). A major version is needed to remove or rename a record type or
a field, to add a required field, to change whether a field is required, its type or its
format, to remove a code, or to tighten a limit. A reader with its own list of codes should
expect new codes in a minor version. `hub schema check` compares the schemas with the latest
release's (`released/<X.Y.Z>.json-schema.json`, written by `hub schema release`)."""

CODE_LISTS = """\
Forces, regions, ranks, capabilities, units and statuses, each code with a label, a
description and the synonyms the hub resolves (see *Code lists* below). They are the enums of
the GraphQL schema and of the JSON Schemas.

**Compatibility.** A minor version may add codes and synonyms; a patch may reword labels and
descriptions; removing or renaming a code needs a major version."""

EDXL = """\
The hub reads and writes mutual aid requests and offers as OASIS
[EDXL-RM 1.0](https://docs.oasis-open.org/emergency/edxl-rm/v1.0/) messages. These are OASIS's
artefacts, not the hub's: the XSDs are kept unchanged in `adapters/edxl-rm-schemas/`.

**Validate** with `hub standard validate MESSAGE.xml`: the message type comes from the root
element (`RequestResource`, `CommitResource`, ...), and the file is checked against that
message's XSD with lxml, with no network, DTD or entity access.

**Compatibility.** The hub follows EDXL-RM 1.0 as OASIS published it."""

VALIDATE = """\
`hub standard validate FILE...` checks files against the standard, without a database:

- `.json`: one record, or an array of records; `.jsonl` / `.ndjson`: one record a line;
- `.csv`: a header of the record's field names, then one record a row (UTF-8);
- `.xml`: an EDXL-RM 1.0 message.

The record type is `--type` (`officer`, `mutual-aid-request`, ...); without it, the one type
whose fields the file uses (a CSV header, or each JSON record's fields) and whose required fields
it has. Each problem is reported as an import reports a rejected record: the file, the line
(CSV, JSON Lines, XML) or the record's path (`[3]` in a JSON array), the field, the value, a
stable code and a message; `--report PATH` writes them as JSON. Exit codes: 0 when every file is
valid, 1 when a record or message is not, 2 when a file cannot be read as its kind (or no
record type fits)."""


def artefacts_section(schemas: Mapping[str, Mapping[str, Any]]) -> str:
    """`## The artefacts`: one subsection per artefact, the record schemas in a table."""
    return section(
        "The artefacts",
        2,
        INTRO.rstrip("\n"),
        table(("Artefact", "Files", "For"), ARTEFACTS),
        section("Federation SDL: `schema.graphql`", 3, FEDERATION),
        section("Plain SDL: `schema.plain.graphql`", 3, PLAIN),
        section("JSON Schemas: `json-schema/`", 3, JSON_SCHEMAS, _records_table(schemas)),
        section("Code lists: `codelists/`", 3, CODE_LISTS),
        section("EDXL-RM 1.0 messages", 3, EDXL),
        section("Validating files: `hub standard validate`", 3, VALIDATE),
    )


def _records_table(schemas: Mapping[str, Mapping[str, Any]]) -> str:
    rows = (
        (
            code(str(schema.get("title", ""))),
            f"[`{name}`](json-schema/{name})",
            ", ".join(code(field) for field in schema.get("required", ())),
            str(schema.get("description", "")),
        )
        for name, schema in schemas.items()
    )
    return table(("Record", "File", "Required fields", "Description"), rows)
