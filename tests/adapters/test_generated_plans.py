"""The generated code of the map and check stages gives exactly what the field-by-field path
gives: every example mapping on its own samples, and odd records, compared both ways."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from hub.adapters import load_adapter
from hub.adapters.check import Item, Validator
from hub.adapters.check import validate as validate_module
from hub.adapters.map import map_record
from hub.adapters.map.adapter import MappingAdapter
from hub.adapters.model.source_record import SourceRecord
from hub.adapters.read import read_file
from hub.standard import load_vocabulary
from tests.adapters.conftest import EXAMPLES
from tests.adapters.test_fast_paths import RECORD_CASES

SAMPLE_KINDS = ("*.csv", "*.xml", "*.xlsx")


def _examples() -> list[tuple[Path, Path]]:
    cases = []
    for mapping in sorted(EXAMPLES.glob("*/mapping.yaml")):
        adapter = load_adapter(mapping)
        kind = adapter.compiled.mapping.source.type
        for sample in sorted(mapping.parent.glob(f"*.{kind}")):
            cases.append((mapping, sample))
    return cases


def _mapped(adapter: MappingAdapter, sample: Path, generated: bool) -> list[SourceRecord]:
    compiled = adapter.compiled
    outputs = compiled.outputs
    if not generated:
        outputs = tuple(dataclasses.replace(output, values=None) for output in outputs)
    raws = read_file(sample, adapter.source, compiled.columns, compiled.record_paths)
    return [map_record(raw, outputs, adapter.timezone) for raw in raws]


def _shown(record: SourceRecord) -> tuple[Any, ...]:
    errors = [(e.code, e.message, e.field, e.value) for e in record.errors]
    return (record.line, record.path, record.records, errors, record.merges, record.provisional)


def _item(item: Item) -> tuple[Any, ...]:
    records = [
        (p.entity, p.values, p.fields, p.key, p.refs, p.merge, p.provisional) for p in item.records
    ]
    problems = [(p.field, p.value, p.code, p.message) for p in item.problems]
    return item.line, records, problems


@pytest.mark.parametrize(("mapping", "sample"), _examples(), ids=lambda p: p.parent.name)
def test_an_output_evaluated_by_its_generated_code_gives_what_its_fields_give(
    mapping: Path, sample: Path
) -> None:
    adapter = load_adapter(mapping)
    generated = _mapped(adapter, sample, generated=True)
    fields = _mapped(adapter, sample, generated=False)
    assert [_shown(r) for r in generated] == [_shown(r) for r in fields]


@pytest.mark.parametrize(("mapping", "sample"), _examples(), ids=lambda p: p.parent.name)
@pytest.mark.parametrize("force", [None, "lancashire"])
def test_a_record_checked_by_its_generated_plan_gives_what_the_general_path_gives(
    mapping: Path, sample: Path, force: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    adapter = load_adapter(mapping)
    records = _mapped(adapter, sample, generated=True)
    vocabulary = load_vocabulary()
    default = force or (vocabulary.resolve_force(adapter.force) if adapter.force else None)

    def validator() -> Validator:
        return Validator(vocabulary, adapter.timezone, adapter.synonyms, default, force)

    planned = [_item(validator().item(record)) for record in records]
    monkeypatch.setattr(validate_module, "record_plan", lambda *_args: None)
    general = [_item(validator().item(record)) for record in records]
    assert planned == general


def test_outputs_without_repeats_have_generated_code() -> None:
    adapter = load_adapter(EXAMPLES / "duty-roster-xml" / "mapping.yaml")
    assert all(output.values is not None for output in adapter.compiled.outputs)


@pytest.mark.parametrize(("entity", "values"), RECORD_CASES)
@pytest.mark.parametrize("force", [None, "merseyside"])
def test_odd_records_are_checked_alike_both_ways(
    entity: str, values: dict[str, Any], force: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zoneinfo import ZoneInfo

    vocabulary = load_vocabulary()
    zone = ZoneInfo("Europe/London")
    record = SourceRecord(1, None, [(entity, dict(values))])
    planned = _item(Validator(vocabulary, zone, {}, force, force).item(record))
    monkeypatch.setattr(validate_module, "record_plan", lambda *_args: None)
    record = SourceRecord(1, None, [(entity, dict(values))])
    general = _item(Validator(vocabulary, zone, {}, force, force).item(record))
    assert planned == general
