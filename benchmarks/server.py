"""Start a server under test (`hub serve`, or the PostGraphile peer) on a free 127.0.0.1 port as
a child process, and always stop it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from benchmarks.common import REPO_ROOT, free_port

NODE_DIR = REPO_ROOT / "benchmarks" / "node"


class Served(str):
    """A running server's base URL (a str), with its process group's CPU time."""

    pid: int

    def __new__(cls, base: str, pid: int) -> Served:
        served = super().__new__(cls, base)
        served.pid = pid
        return served

    def cpu_seconds(self) -> float:
        """User and system CPU time of every live process of the server's group (its workers
        too; the group leader's reaped children are counted in its own figures)."""
        return process_group_cpu(self.pid)


def process_group_cpu(group: int) -> float:
    """CPU seconds (user + system, from /proc) of the live processes of process group `group`;
    0.0 where /proc is not there."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == group:  # field 5 of stat: the process group
            total += int(fields[11]) + int(fields[12])
    return total / tick


@contextmanager
def hub_server(
    env: dict[str, str],
    workers: int,
    log: Path,
    launch: str = "from hub.cli import app; app()",
    under: tuple[str, ...] = (),
) -> Iterator[Served]:
    """The base URL of a running `hub serve --workers N --no-migrate`; stopped on exit.
    `launch`: the Python code that runs the `hub` command (its arguments follow); `under`: a
    command the interpreter runs under (valgrind, say: then it may take minutes to start)."""
    port = free_port()
    # Not the `hub` console script: its `hub serve --workers 2` loses every worker at start
    # (uvicorn reports "Child process died" in a loop) on this machine, 3 December 2026;
    # the same command started from the interpreter keeps them.
    command = [*under, sys.executable, "-c", launch]
    command += ["serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--no-migrate"]
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait = 30 if under else 2
        ready = lambda: httpx.get(f"{base}/readyz", timeout=wait).status_code == 200  # noqa: E731
        _wait_ready(ready, process, timeout=900 if under else 60)
        yield Served(base, process.pid)
    finally:
        _stop(process)


@contextmanager
def postgraphile_server(
    database_url: str, processes: int, log: Path, env: dict[str, str] | None = None
) -> Iterator[Served]:
    """The base URL of PostGraphile (benchmarks/node/postgraphile.mjs) serving the schemas
    `public` and `bench_peer` of `database_url` (postgresql://...) with `processes` processes;
    stopped on exit. Node 20 needs the Promise.withResolvers polyfill PostGraphile 5.1 assumes."""
    port = free_port()
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("PostGraphile needs Node.js (node) on PATH")
    command = [node, str(NODE_DIR / "postgraphile.mjs"), "--connection", database_url]
    command += ["--port", str(port), "--processes", str(processes)]
    env = {
        **os.environ,
        "NODE_OPTIONS": f"--require {NODE_DIR / 'polyfill.cjs'}",
        "GRAPHILE_ENV": "production",
        **(env or {}),
    }
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=NODE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_ready(lambda: "ready" in log.read_text().split(), process, "PostGraphile")
        yield Served(base, process.pid)
    finally:
        _stop(process)


def _wait_ready(
    ready: Callable[[], bool],
    process: subprocess.Popen[bytes],
    name: str = "hub serve",
    timeout: float = 60,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            if ready():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{name} did not become ready in time")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group (its workers too), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
