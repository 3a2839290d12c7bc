"""Raw records straight to checked items (`hub.adapters.map.direct`): the same items as mapping
then checking each record, and the general path taken only by records that need it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from hub.adapters import load_adapter
from hub.adapters.check import Validator
from hub.adapters.check import validate as validate_module
from hub.adapters.map import direct
from hub.config import Settings
from hub.standard import load_vocabulary
from tests.adapters.conftest import EXAMPLES, run_ingest
from tests.adapters.test_generated_plans import _examples

ROSTER = EXAMPLES / "duty-roster-xml"


def _validator(adapter: Any, force: str | None) -> Validator:
    vocabulary = load_vocabulary()
    default = force or (vocabulary.resolve_force(adapter.force) if adapter.force else None)
    return Validator(vocabulary, adapter.timezone, adapter.synonyms, default, force)


@pytest.mark.parametrize(("mapping", "sample"), _examples(), ids=lambda p: p.parent.name)
@pytest.mark.parametrize("force", [None, "lancashire"])
def test_direct_items_are_the_items_of_mapping_then_checking(
    mapping: Path, sample: Path, force: str | None
) -> None:
    adapter = load_adapter(mapping)
    assert direct.direct_adapter(adapter)
    general = [_validator(adapter, force).item(record) for record in adapter.records(sample)]
    raws = adapter.raw_records(sample)
    straight = list(direct.items(adapter, raws, _validator(adapter, force)))
    assert straight == general  # records, values, keys, rejects, lines, paths, fingerprints


@pytest.fixture
def general_items(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Lines of the source records that took the general path (`Validator.item`)."""
    lines: list[int] = []
    item = validate_module.Validator.item

    def counted(self: Validator, source: Any) -> Any:
        lines.append(source.line)
        return item(self, source)

    monkeypatch.setattr(validate_module.Validator, "item", counted)
    return lines


async def test_only_rejected_records_take_the_general_path(
    settings: Settings,
    engine: AsyncEngine,
    tmp_path: Path,
    general_items: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through `hub ingest`: of a roster's records, only the odd ones are checked the general
    way (a detective's rank, which the officer model's hook turns into a second field, on line
    11; a member without a role on line 43); with a bad date, also the shift and the
    deployments that read it, which are the records rejected."""
    monkeypatch.setenv("HUB_DATABASE_URL", settings.database_url)
    clean = await run_ingest("duty-roster-xml", ROSTER / "roster.xml", tmp_path)
    assert clean["rejected"] == 0 and clean["read"] > 20
    assert general_items == [11, 43]
    text = (ROSTER / "roster.xml").read_text(encoding="utf-8")
    first = text.index("<rs:date>") + len("<rs:date>")
    end = text.index("</rs:date>", first)
    bad = tmp_path / "roster.xml"
    bad.write_text(text[:first] + "31/02/2021" + text[end:], encoding="utf-8")
    general_items.clear()
    report = await run_ingest("duty-roster-xml", bad, tmp_path)
    rejected = sorted({reject["line"] for reject in report["rejects"]})
    assert report["rejected"] == len(general_items) - 2 > 0
    assert sorted(set(general_items)) == sorted({11, 43, *rejected})
