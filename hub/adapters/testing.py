"""The test kit for adapter authors: check a mapping and its samples without a database.

    from hub.adapters.testing import check_adapter

    def test_my_mapping() -> None:
        check_adapter("my-force/mapping.yaml", "samples/export.csv", "samples/expected.yaml")

It checks that the mapping validates and maps every required field, that every sample record
maps and validates (code-list values resolve), and that the records equal the expected ones.
A sample that holds bad rows on purpose names them: `rejects=[{"line": 7, "code":
"BAD_VALUE", "field": "rank"}, ...]` (or a YAML file of such entries), and every rejected
source record must then be one of them, and every one of them rejected.
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

__all__ = ["check_adapter", "sample_records", "sample_rejects"]

#: What names a reject in `rejects=`: its line and code, and its field when given.
REJECT_KEYS = ("line", "code", "field")


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
    records, rejects = _read_sample(adapter, sample, force, transforms)
    if rejects:
        raise AssertionError("rejected records:\n" + "\n".join(map(_describe, rejects)))
    return records


def sample_rejects(
    adapter: str | Path | Adapter,
    sample: str | Path,
    *,
    force: str | None = None,
    transforms: Sequence[Transform] = (),
) -> list[dict[str, Any]]:
    """What the sample's bad rows are rejected with, in file order: line, code, field and
    message of each problem (a source record can have several)."""
    return _read_sample(adapter, sample, force, transforms)[1]


def _read_sample(
    adapter: str | Path | Adapter,
    sample: str | Path,
    force: str | None,
    transforms: Sequence[Transform],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    chosen = _adapter(adapter, transforms)
    vocabulary = load_vocabulary()
    default = (
        vocabulary.resolve_force(force or chosen.force or "") if (force or chosen.force) else None
    )
    validator = Validator(vocabulary, chosen.timezone, chosen.synonyms, default, None)
    path = Path(sample)
    chosen.check(path)
    records: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for source in chosen.records(path):
        item = validator.item(source)
        for problem in item.problems:
            rejects.append(
                {
                    "line": item.line,
                    "code": problem.code,
                    "field": problem.field,
                    "message": problem.message,
                }
            )
        if item.problems:
            continue  # a rejected source record writes none of its records
        for pending in item.records:
            record = RECORDS[pending.entity].model_construct(set(pending.fields), **pending.values)
            data = record.model_dump(mode="json", include=set(pending.fields), by_alias=True)
            records.append({"entity": pending.entity, "line": item.line, **data})
    return records, rejects


def _describe(reject: dict[str, Any]) -> str:
    return f"line {reject['line']}: {reject['code']} {reject['field']}: {reject['message']}"


def check_adapter(
    adapter: str | Path | Adapter,
    sample: str | Path,
    expected: str | Path | list[dict[str, Any]] | None = None,
    *,
    rejects: str | Path | list[dict[str, Any]] | None = None,
    force: str | None = None,
    transforms: Sequence[Transform] = (),
) -> list[dict[str, Any]]:
    """Check the mapping and sample; compare with `expected` (a YAML file or a list) if given.

    Without `rejects`, any rejected source record fails the check. With it (a YAML file or a
    list of `{line, code}` entries, `field` optional), the sample's rejects must be exactly
    those; the records of the other rows are then compared with `expected`.
    """
    records, found = _read_sample(adapter, sample, force, transforms)
    if rejects is None:
        if found:
            raise AssertionError("rejected records:\n" + "\n".join(map(_describe, found)))
    else:
        _compare_rejects(_load(rejects), found)
    if expected is None:
        return records
    wanted = _load(expected)
    if records != wanted:
        diff = difflib.unified_diff(
            _dump(wanted), _dump(records), "expected", "actual", lineterm=""
        )
        raise AssertionError("records differ from the expected ones:\n" + "\n".join(diff))
    return records


def _load(given: str | Path | list[dict[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(given, list):
        return given
    loaded = yaml.safe_load(Path(given).read_text("utf-8"))
    return loaded if isinstance(loaded, list) else []


def _compare_rejects(wanted: list[dict[str, Any]], found: list[dict[str, Any]]) -> None:
    """Every named reject was found, and every reject found was named (line and code, and
    the field where the entry names one)."""
    for entry in wanted:
        unknown = set(entry) - set(REJECT_KEYS)
        if unknown or not {"line", "code"} <= set(entry):
            raise AssertionError(
                f"a reject is named by line and code (field optional), not {sorted(entry)}"
            )

    def named(reject: dict[str, Any]) -> bool:
        return any(all(reject[key] == entry[key] for key in entry) for entry in wanted)

    unexpected = [reject for reject in found if not named(reject)]
    missing = [
        entry
        for entry in wanted
        if not any(all(reject[key] == entry[key] for key in entry) for reject in found)
    ]
    if unexpected or missing:
        lines = [f"not rejected: {entry}" for entry in missing]
        lines += [f"rejected, not named: {_describe(reject)}" for reject in unexpected]
        raise AssertionError("rejects differ from the named ones:\n" + "\n".join(lines))


def _adapter(adapter: str | Path | Adapter, transforms: Sequence[Transform]) -> Adapter:
    if transforms and not isinstance(adapter, Adapter):
        return load_adapter(Path(adapter), transforms)
    return resolve_adapter(adapter)


def _dump(records: Any) -> list[str]:
    return yaml.safe_dump(records, allow_unicode=True, sort_keys=False).splitlines()
