"""The engine's house: `hub/adapters` is laid out as the stages a record passes through.

A stage imports another only through that stage's package face, never a module behind it, and
the stages form no loop: `model` imports no stage, `read` only `model`, `check` neither `map`
nor `write`, `map` not `write`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import hub.adapters

PACKAGE = Path(hub.adapters.__file__).parent
STAGES = ("model", "read", "check", "map", "write")
MAY_IMPORT = {
    "model": set(),
    "read": {"model"},
    "check": {"model"},
    "map": {"model", "read", "check"},
    "write": {"model", "check"},
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_reaches_other_stages_through_their_faces_only(stage: str) -> None:
    for path in sorted((PACKAGE / stage).glob("*.py")):
        for name in _imports(path):
            parts = name.split(".")
            if parts[:2] != ["hub", "adapters"] or len(parts) < 3 or parts[2] not in STAGES:
                continue
            other = parts[2]
            if other == stage:
                continue
            where = f"{path.relative_to(PACKAGE)} imports {name}"
            assert other in MAY_IMPORT[stage], where
            module = PACKAGE / other / f"{parts[3]}.py" if len(parts) > 3 else None
            assert other == "model" or module is None or not module.exists(), where


@pytest.mark.parametrize("stage", ("read", "check", "map", "write"))
def test_each_stage_face_exports_what_it_names(stage: str) -> None:
    face = __import__(f"hub.adapters.{stage}", fromlist=["__all__"])
    assert face.__all__ and all(hasattr(face, name) for name in face.__all__)
