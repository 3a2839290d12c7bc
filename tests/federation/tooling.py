"""The Node tooling and the example partner subgraph, as the federation tests use them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.federation.processes import REPO_ROOT

PARTNER_DIR = REPO_ROOT / "examples" / "partner-subgraph"
COMPOSE = REPO_ROOT / "tools" / "federation" / "compose.mjs"
GATEWAY_CONFIG = REPO_ROOT / "tools" / "federation" / "gateway.config.mjs"
HIVE_GATEWAY = REPO_ROOT / "node_modules" / ".bin" / "hive-gateway"
HUB_SDL = REPO_ROOT / "standards" / "schema.graphql"


def node() -> str:
    """The `node` executable; skips outside CI when Node or `npm ci`'s packages are missing."""
    found = shutil.which("node")
    missing = []
    if found is None:
        missing.append("node is not on PATH")
    if not HIVE_GATEWAY.exists():
        missing.append("node_modules is not installed (run `make node`)")
    if missing:
        reason = "; ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the federation tests: {reason}")
        pytest.skip(reason)
    assert found is not None
    return found


def partner_env() -> dict[str, str]:
    """Environment that lets the repo's Python import the example partner package."""
    path = os.environ.get("PYTHONPATH")
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(PARTNER_DIR), path]))}


def partner_sdl() -> str:
    """The partner subgraph's SDL, as `python -m force_duty sdl` prints it."""
    result = subprocess.run(
        [sys.executable, "-m", "force_duty", "sdl"],
        env={**os.environ, **partner_env()},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


@dataclass(frozen=True)
class Subgraph:
    """One subgraph to compose: its name in the supergraph, its URL and its SDL."""

    name: str
    url: str
    sdl: str


def compose(subgraphs: list[Subgraph], workdir: Path) -> subprocess.CompletedProcess[str]:
    """Run tools/federation/compose.mjs; the supergraph lands in `workdir/supergraph.graphql`."""
    argv = [node(), str(COMPOSE), "--out", str(workdir / "supergraph.graphql")]
    for subgraph in subgraphs:
        sdl_file = workdir / f"{subgraph.name}.graphql"
        sdl_file.write_text(subgraph.sdl)
        argv += [subgraph.name, subgraph.url, str(sdl_file)]
    return subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
