"""`make federation-demo`: the hub and the example duty system behind Hive Gateway, locally.

Builds var/federation/demo.db with the fixture operation, composes the supergraph, starts the
hub, the partner subgraph and the gateway on 127.0.0.1, prints the gateway's URL and waits.
Ctrl-C stops all three.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
WORK_DIR = REPO_ROOT / "var" / "federation"
PARTNER_DIR = REPO_ROOT / "examples" / "partner-subgraph"
HIVE_GATEWAY = REPO_ROOT / "node_modules" / ".bin" / "hive-gateway"
TOOLS = REPO_ROOT / "tools" / "federation"
HUB = str(Path(sys.executable).with_name("hub"))

PURPOSE = "Trying the federation demo"
EXAMPLE = """{
  deployments(first: 3) {
    nodes {
      dutyDate
      officer { serviceNumber force { code } rotaGroup { code } restDays(start: "2021-10-31") }
      location { name facilities { kind description } }
    }
  }
}"""


async def build_database(path: Path) -> str:
    """A fresh SQLite demo database; returns a coordinator's API key for the demo."""
    from hub.config import Settings
    from hub.demo.fixture import load_fixture
    from hub.security.keys import create_api_key
    from hub.store import create_engine, upgrade

    engine = create_engine(Settings(database_url=f"sqlite+aiosqlite:///{path}"))
    try:
        await upgrade(engine)
        await load_fixture(engine, requests=24)
        return await create_api_key(engine, role="coordinator", name="federation-demo")
    finally:
        await engine.dispose()


def partner_env() -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(PARTNER_DIR), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def compose(hub_url: str, partner_url: str) -> Path:
    """The supergraph of the published hub SDL and the partner's, in var/federation/."""
    partner_sdl = WORK_DIR / "duty.graphql"
    partner_sdl.write_text(
        subprocess.run(
            [sys.executable, "-m", "force_duty", "sdl"],
            env=partner_env(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    supergraph = WORK_DIR / "supergraph.graphql"
    hub_sdl = REPO_ROOT / "standards" / "schema.graphql"
    subgraphs = ["hub", hub_url, str(hub_sdl), "duty", partner_url, str(partner_sdl)]
    subprocess.run(
        ["node", str(TOOLS / "compose.mjs"), "--out", str(supergraph), *subgraphs], check=True
    )
    return supergraph


def start(name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    log = (WORK_DIR / f"{name}.log").open("wb")
    return subprocess.Popen(
        argv, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_ready(name: str, process: subprocess.Popen[bytes], url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited; see {WORK_DIR / name}.log")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{name} not ready after {timeout} s; see {WORK_DIR / name}.log")


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    # Stop on Ctrl-C and on SIGTERM, even when started with SIGINT ignored (a background job).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway-port", type=int, default=4000)
    parser.add_argument("--hub-port", type=int, default=8000)
    parser.add_argument("--partner-port", type=int, default=4001)
    args = parser.parse_args()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    database = WORK_DIR / "demo.db"
    print(f"Building the demo data set in {database.relative_to(REPO_ROOT)} …")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    api_key = asyncio.run(build_database(database))
    hub_url = f"http://127.0.0.1:{args.hub_port}"
    partner_url = f"http://127.0.0.1:{args.partner_port}"
    gateway_url = f"http://127.0.0.1:{args.gateway_port}"
    supergraph = compose(hub_url + "/graphql", partner_url + "/graphql")
    hub_env = {**os.environ, "HUB_DATABASE_URL": f"sqlite+aiosqlite:///{database}"}
    hub_argv = [HUB, "serve", "--no-migrate", "--port", str(args.hub_port)]
    partner_argv = [sys.executable, "-m", "force_duty", "serve", "--port", str(args.partner_port)]
    gateway_argv = [str(HIVE_GATEWAY), "supergraph", str(supergraph), "--host", "127.0.0.1"]
    gateway_argv += ["--port", str(args.gateway_port)]
    gateway_argv += ["--config-path", str(TOOLS / "gateway.config.mjs")]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for name, argv, env, ready in (
            ("hub", hub_argv, hub_env, hub_url + "/healthz"),
            ("partner", partner_argv, partner_env(), partner_url + "/healthz"),
            ("gateway", gateway_argv, dict(os.environ), gateway_url + "/readiness"),
        ):
            processes.append(start(name, argv, env))
            wait_ready(name, processes[-1], ready)
        print(f"\nThe national graph (hub + duty system) is at {gateway_url}/graphql")
        print(f"  hub subgraph {hub_url}/graphql, duty system {partner_url}/graphql")
        print(f"  logs in {WORK_DIR.relative_to(REPO_ROOT)}/; Ctrl-C stops all three.")
        print(f"\nTry, in GraphiQL at {gateway_url}/graphql, with these headers:")
        print(f'  {{"Authorization": "Bearer {api_key}", "X-Purpose": "{PURPOSE}"}}')
        print(f"(a coordinator's key, made for this demo database only)\n{EXAMPLE}")
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        print("a process stopped; see the logs", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nstopping …")
    finally:
        stop(processes)


if __name__ == "__main__":
    main()
