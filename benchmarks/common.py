"""Shared helpers: scratch directories, generated data, free ports, machine description."""

from __future__ import annotations

import os
import platform
import socket
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS = REPO_ROOT / "benchmarks" / "results"
HUB = str(Path(sys.executable).with_name("hub"))
SEED = 26


def scratch_root() -> Path:
    """Where generated exports and databases go (never inside the repository); it keeps the
    benchmarks' id key (HUB_ID_KEY, unless set), which every process they start inherits."""
    root = Path(os.environ.get("BENCH_SCRATCH", "/tmp/hub-bench"))
    root.mkdir(parents=True, exist_ok=True)
    from hub.config import local_id_key

    os.environ.setdefault("HUB_ID_KEY", local_id_key(root / "id-key"))
    return root


def exports_for(scale: str) -> Path:
    """The generated exports of `scale`, written once per scratch directory."""
    outdir = scratch_root() / f"exports-{scale}-{SEED}"
    if not (outdir / "manifest.json").exists():
        subprocess.run(
            [HUB, "generate", "--scale", scale, "--seed", str(SEED), str(outdir)], check=True
        )
    return outdir


def sqlite_url(path: Path) -> str:
    """The hub's URL for a SQLite file."""
    return f"sqlite+aiosqlite:///{path}"


def remove_sqlite(path: Path) -> None:
    """Delete a SQLite database and its WAL files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def machine() -> dict[str, object]:
    """What the figures ran on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = 0.0
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory_gb = round(pages / 2**30, 1)
    except (ValueError, OSError):
        pass
    import sqlite3

    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
