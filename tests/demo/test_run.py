"""`hub demo` reuses generated exports only when the current generator wrote them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hub.demo.exports import generator_fingerprint
from hub.demo.run import exports_are_current, prepare_exports


def test_exports_are_generated_once_then_reused(tmp_path: Path) -> None:
    folder = tmp_path / "small-26"
    assert prepare_exports(folder, "small", 26)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["generator"] == generator_fingerprint()
    assert exports_are_current(folder, "small", 26)
    assert not prepare_exports(folder, "small", 26)


@pytest.mark.parametrize(
    "change", [{"generator": "0000000000000000"}, {"seed": 7}, {"scale": "cop26"}, None]
)
def test_stale_exports_are_written_afresh(tmp_path: Path, change: dict[str, object] | None) -> None:
    folder = tmp_path / "small-26"
    prepare_exports(folder, "small", 26)
    leftover = folder / "forces" / "leftover.csv"
    leftover.write_text("from an older generator\n", "utf-8")
    path = folder / "manifest.json"
    if change is None:
        path.unlink()  # an interrupted generation
    else:
        path.write_text(json.dumps(json.loads(path.read_text("utf-8")) | change), "utf-8")
    assert not exports_are_current(folder, "small", 26)
    assert prepare_exports(folder, "small", 26)
    assert exports_are_current(folder, "small", 26)
    assert not leftover.exists()
