"""A wrong mapping file is refused before any data is read, naming the key path at fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.adapters import MappingError, load_adapter

CSV = "adapter: t\nsource: {type: csv}\n"
XML = "adapter: t\nsource: {type: xml, record: //a, namespaces: {r: 'urn:r'}}\n"
OFFICER = "records:\n  - entity: officer\n    fields:\n"
NAMES = "      given_name: G\n      family_name: F\n      rank: R\n"
CASES = {
    "not yaml": ("adapter: [t\n", "MAPPING_NOT_YAML", None),
    "unknown source type": (
        "adapter: t\nsource: {type: json}\nrecords: []\n",
        "MAPPING_INVALID",
        "source",
    ),
    "bad encoding": (
        "adapter: t\nsource: {type: csv, encoding: ebcdic}\n"
        + OFFICER
        + "      service_number: S\n"
        + NAMES,
        "MAPPING_INVALID",
        "source.csv.encoding",
    ),
    "unknown entity": (
        CSV + "records:\n  - entity: vehicle\n    fields: {}\n",
        "MAPPING_INVALID",
        "records[0].entity",
    ),
    "unknown field": (
        CSV + OFFICER + "      shoe_size: S\n",
        "UNKNOWN_FIELD",
        "records[0].fields.shoe_size",
    ),
    "required field unmapped": (CSV + OFFICER + NAMES, "MISSING_FIELD", "records[0].fields"),
    "unknown transform": (
        CSV + OFFICER + "      service_number: {column: S, transforms: [shout]}\n" + NAMES,
        "UNKNOWN_TRANSFORM",
        "records[0].fields.service_number.transforms[0]",
    ),
    "unknown lookup table": (
        CSV + OFFICER + "      service_number: {lookup: nope, column: S}\n" + NAMES,
        "UNKNOWN_LOOKUP_TABLE",
        "records[0].fields.service_number",
    ),
    "bad xpath": (
        XML + OFFICER + "      service_number: 'r:a[['\n" + NAMES,
        "BAD_XPATH",
        "records[0].fields.service_number",
    ),
    "undeclared prefix in record path": (
        XML + "records:\n  - entity: location\n    record: //q:site\n"
        "    fields: {code: c, name: n, type: t}\n",
        "BAD_RECORD_PATH",
        "records[0].record",
    ),
    "column in an xml mapping": (
        XML + OFFICER + "      service_number: {column: S}\n" + NAMES,
        "MAPPING_INVALID",
        "records[0].fields.service_number",
    ),
    "an item no repeat declares": (
        CSV + OFFICER + "      service_number: {item: nope}\n" + NAMES,
        "MAPPING_INVALID",
        "records[0].fields.service_number",
    ),
    "a repeat with two sources": (
        CSV + "records:\n  - entity: officer\n    repeat: {as: a, column: A, columns: B}\n"
        "    fields:\n      service_number: S\n" + NAMES,
        "MAPPING_INVALID",
        "records[0].repeat[0]",
    ),
    "a bad column pattern": (
        CSV + "records:\n  - entity: officer\n    repeat: {as: day, columns: '(['}\n"
        "    fields:\n      service_number: S\n" + NAMES,
        "MAPPING_INVALID",
        "records[0].repeat[0].columns",
    ),
    "an xpath variable no repeat declares": (
        XML + OFFICER + "      service_number: $m/@n\n" + NAMES,
        "MAPPING_INVALID",
        "records[0].fields.service_number",
    ),
    "a header of an item that is no column": (
        CSV + "records:\n  - entity: officer\n    repeat: {as: s, column: S, split: '|'}\n"
        "    fields:\n      service_number: {item: s, part: header}\n" + NAMES,
        "MAPPING_INVALID",
        "records[0].fields.service_number",
    ),
    "a check on a field the output does not map": (
        CSV
        + OFFICER
        + "      service_number: S\n"
        + NAMES
        + "    checks: [{field: available_to, not_before: available_from, code: X}]\n",
        "UNKNOWN_FIELD",
        "records[0].checks[0]",
    ),
    "a check with no rule": (
        CSV
        + OFFICER
        + "      service_number: S\n"
        + NAMES
        + "    checks: [{field: rank, code: X}]\n",
        "MAPPING_INVALID",
        "records[0].checks[0]",
    ),
    "unknown code list": (
        CSV + "synonyms: {colour: {}}\n" + OFFICER + "      service_number: S\n" + NAMES,
        "MAPPING_INVALID",
        "synonyms",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_wrong_mapping_names_its_problem(tmp_path: Path, case: str) -> None:
    text, code, key = CASES[case]
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as error:
        load_adapter(path)
    assert error.value.code == code, error.value
    assert error.value.key == key, error.value


def test_a_missing_mapping_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(MappingError) as error:
        load_adapter(tmp_path / "nowhere.yaml")
    assert error.value.code == "MAPPING_NOT_FOUND"
