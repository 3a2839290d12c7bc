"""The test kit for adapter authors: check a mapping and its samples without a database.

    from hub.adapters.testing import check_adapter

    def test_my_mapping() -> None:
        check_adapter("my-force/mapping.yaml", "samples/export.csv", "samples/expected.yaml")

It checks that the mapping validates and maps every required field, that every sample record
maps and validates (code-list values resolve), and that the records equal the expected ones.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from hub.adapters.check import Validator
from hub.adapters.map import Adapter, Transform, load_adapter
from hub.adapters.model.records import RECORDS
from hub.adapters.registry import resolve_adapter
from hub.standard import load_vocabulary

__all__ = ["check_adapter", "sample_records"]


def sample_records(
    adapter: str | Path | Adapter,
    sample: str | Path,
    *,
    force: str | None = None,
    transforms: Sequence[Transform] = (),
) -> list[dict[str, Any]]:
    """The records of the standard a sample file yields, as plain data, in file order.

    Raises AssertionError listing every rejected source record.
    """
    chosen = _adapter(adapter, transforms)
    vocabulary = load_vocabulary()
    default = (
        vocabulary.resolve_force(force or chosen.force or "") if (force or chosen.force) else None
    )
    validator = Validator(vocabulary, chosen.timezone, chosen.synonyms, default, None)
    path = Path(sample)
    chosen.check(path)
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    for source in chosen.records(path):
        item = validator.item(source)
        for problem in item.problems:
            problems.append(f"line {item.line}: {problem.code} {problem.field}: {problem.message}")
        for pending in item.records:
            record = RECORDS[pending.entity].model_construct(set(pending.fields), **pending.values)
            data = record.model_dump(mode="json", include=set(pending.fields), by_alias=True)
            records.append({"entity": pending.entity, "line": item.line, **data})
    if problems:
        raise AssertionError("rejected records:\n" + "\n".join(problems))
    return records


def check_adapter(
    adapter: str | Path | Adapter,
    sample: str | Path,
    expected: str | Path | list[dict[str, Any]] | None = None,
    *,
    force: str | None = None,
    transforms: Sequence[Transform] = (),
) -> list[dict[str, Any]]:
    """Check the mapping and sample; compare with `expected` (a YAML file or a list) if given."""
    records = sample_records(adapter, sample, force=force, transforms=transforms)
    if expected is None:
        return records
    wanted = (
        expected
        if isinstance(expected, list)
        else yaml.safe_load(Path(expected).read_text("utf-8"))
    )
    if records != wanted:
        diff = difflib.unified_diff(
            _dump(wanted), _dump(records), "expected", "actual", lineterm=""
        )
        raise AssertionError("records differ from the expected ones:\n" + "\n".join(diff))
    return records


def _adapter(adapter: str | Path | Adapter, transforms: Sequence[Transform]) -> Adapter:
    if transforms and not isinstance(adapter, Adapter):
        return load_adapter(Path(adapter), transforms)
    return resolve_adapter(adapter)


def _dump(records: Any) -> list[str]:
    return yaml.safe_dump(records, allow_unicode=True, sort_keys=False).splitlines()
