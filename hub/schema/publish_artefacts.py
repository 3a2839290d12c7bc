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
- a field that is not required may be absent (its `default` then applies), and null where its
  `type` allows `null`; no other fields are allowed;
- a booking is for a `planningUnit` or for one officer (`force` and `serviceNumber`);
- periods in order (a request's `startsOn` before its `endsOn`) are listed under `x-ordered`:
  JSON Schema cannot compare two values, so `hub standard validate` checks them.

**Validate** with `hub standard validate` (below), or any 2020-12 validator that asserts
formats: Python's `jsonschema` with `format_checker=Draft202012Validator.FORMAT_CHECKER` (it
checks `date-time` only with `rfc3339-validator` installed), or `ajv` with `ajv-formats`. A CSV
file of records uses the same fields as its header: one record a row, an empty cell for an
absent field, `true` / `false`, lists (an officer's `capabilities`) separated by `|` as in the
code lists. [`examples/`](examples/) holds a valid file of each kind: officers as CSV, requests
as JSON, deployments as JSON Lines.

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

The record type is `--type` (`officer`, `mutual-aid-request`, ...; `hub standard types` lists
them); without it, the one type that has every field the CSV header or the file's first JSON
record names, and whose required fields they include (failing that, the one type that has them
all); when none or several fit, the file is refused with `RECORD_TYPE_UNKNOWN`.

Each problem is reported as an import reports a rejected record: the file, the line (CSV, JSON
Lines, XML) or the record's path (`[3]` in a JSON array), the field, the value, a stable code
and a message; `--report PATH` writes them as JSON. Exit codes: 0 when every file is valid, 1
when a record or message is not, 2 when a file cannot be read as its kind (or no record type
fits, or `--type` names none)."""

CODES = (
    ("`MISSING_VALUE`", "a required field is absent, or text is empty", "record"),
    ("`UNKNOWN_FIELD`", "a field the record type does not have", "record"),
    ("`UNKNOWN_CODE`", "not a code of the field's code list (names are not codes)", "record"),
    ("`INVALID_VALUE`", "the wrong type: text for a number, a list for a code...", "record"),
    ("`VALUE_TOO_LONG`", "longer than the field allows", "record"),
    ("`OUT_OF_RANGE`", "a number below or above its limit (a quantity of 0)", "record"),
    ("`BAD_DATE`, `BAD_DATETIME`", "not `YYYY-MM-DD`; not RFC 3339 with an offset", "record"),
    ("`BAD_RANGE`", "a period that ends before it starts (`x-ordered`)", "record"),
    ("`MISSING_HOLDER`", "a booking for neither a planning unit nor an officer", "record"),
    ("`ROW_COLUMN_COUNT`", "a CSV row with more or fewer cells than the header", "record"),
    ("`XML_SCHEMA_INVALID`", "the message breaks its XSD (line and element path given)", "record"),
    ("`RECORD_TYPE_UNKNOWN`", "no `--type`, and no single record type fits the fields", "file"),
    ("`CSV_NO_HEADER`, `CSV_DUPLICATE_HEADER`", "no header; a field named twice", "file"),
    ("`CSV_UNKNOWN_COLUMN`", "a header name that is no field of the `--type`", "file"),
    (
        "`CSV_UNTERMINATED_QUOTE`, `CSV_FIELD_TOO_LARGE`, `CSV_MALFORMED`",
        "a quoted cell that never ends, a cell over 128 KiB, bad quoting",
        "file",
    ),
    (
        "`ENCODING_ERROR`, `NUL_BYTE`, `LINE_TOO_LONG`",
        "not UTF-8; a NUL byte; a CSV or JSON Lines line over 1 MiB (line given)",
        "file",
    ),
    ("`JSON_MALFORMED`", "not JSON (line given)", "file"),
    ("`XML_MALFORMED`, `XML_DOCTYPE_FORBIDDEN`", "not well-formed XML; a DOCTYPE", "file"),
    ("`EDXL_UNKNOWN_MESSAGE`", "the root element is no EDXL-RM 1.0 message", "file"),
    (
        "`FILE_UNREADABLE`, `FILE_KIND_UNKNOWN`, `FILE_TOO_LARGE`",
        "no such file; not .json, .jsonl, .ndjson, .csv or .xml; a .json over 64 MiB (use "
        "JSON Lines) or an .xml over 16 MiB",
        "file",
    ),
)


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
        section(
            "Validating files: `hub standard validate`",
            3,
            VALIDATE,
            table(("Code", "What is wrong", "Refuses"), CODES),
        ),
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
