"""Headless Chromium for tests, with every host but the page's own blocked.

Debian's Chromium (`/usr/bin/chromium`, installed by `make test`; `HUB_CHROMIUM` names another)
driven by Playwright. Without it the browser tests are skipped, or fail when
`HUB_REQUIRE_POSTGRES=1` (as in CI). A test module (or its folder's conftest.py) imports the
session fixture `chromium` and opens a visit on the origin it serves:

    from tests.browser import chromium  # noqa: F401  (the fixture)

    def test_page(chromium: Chromium) -> None:
        with chromium.visit("http://127.0.0.1:8000") as visit:
            visit.page.goto("http://127.0.0.1:8000/graphql")
            visit.page.get_by_text("Run").click()

`visit.page` is a Playwright sync `Page` in a fresh context (no cookies or storage shared
between visits). Any request to another origin, WebSockets included, is refused and listed in
`visit.blocked`, and uncaught page errors and console errors are listed in `visit.errors`; leaving
the `with` block fails the test if either list is not empty (`visit(..., allow_errors=True)`
tolerates expected console errors, such as a refused request's). Browser tests are synchronous
functions: Playwright's sync API refuses to run inside an event loop.

`start_hub(...)` runs `hub serve` on a loopback port for such tests (see its docstring).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.federation.processes import Server, free_port, start

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    # A second wall behind route interception: no host name resolves but the loopback's.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
)
ROOT = Path(__file__).resolve().parents[1]


def chromium_path() -> str:
    """Chromium's executable; skips the test without one, or fails it in CI."""
    found = os.environ.get("HUB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        reason = "Chromium is not installed (`make chromium` installs Debian's package)"
        if os.environ.get("HUB_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def origin_of(url: str) -> str:
    """`scheme://host:port` of a URL, with ws(s) counted as http(s)."""
    parts = urlsplit(url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    return f"{scheme}://{parts.netloc}"


@dataclass
class Visit:
    """One browser context on one origin: its page and what it tried that it should not."""

    page: Any  # playwright.sync_api.Page
    origin: str
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Chromium:
    """Headless Chromium at `executable`; `visit(origin)` opens a fenced page in it."""

    def __init__(self, executable: str) -> None:
        self.executable = executable

    @contextmanager
    def visit(self, origin: str, *, allow_errors: bool = False) -> Iterator[Visit]:
        """A page allowed to reach `origin` only; fails the test on any other request.

        Each visit launches its own browser and stops it at the end: Playwright's sync API runs
        an event loop while it is open, which would stop the async tests that run after it."""
        from playwright.sync_api import sync_playwright

        visit = Visit(page=None, origin=origin_of(origin))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=self.executable, args=list(CHROMIUM_ARGS), headless=True
            )
            try:
                context = browser.new_context(service_workers="block")
                context.route("**/*", lambda route: _fence(visit, route))
                context.route_web_socket("**/*", lambda socket: _fence_socket(visit, socket))
                page = context.new_page()
                page.on("pageerror", lambda error: visit.errors.append(f"page error: {error}"))
                page.on("console", lambda message: _console(visit, message))
                visit.page = page
                try:
                    yield visit
                except Exception as error:
                    if visit.blocked or visit.errors:
                        raise AssertionError(f"{error}\n{_report(visit)}") from error
                    raise
            finally:
                browser.close()
        assert not visit.blocked, f"the page reached for other hosts: {visit.blocked}"
        if not allow_errors:
            assert not visit.errors, f"the page reported errors: {visit.errors}"


def _report(visit: Visit) -> str:
    return f"blocked requests: {visit.blocked}\npage errors: {visit.errors}"


def _fence(visit: Visit, route: Any) -> None:
    url = route.request.url
    if origin_of(url) == visit.origin:
        route.continue_()
    else:
        visit.blocked.append(url)
        route.abort("blockedbyclient")


def _fence_socket(visit: Visit, socket: Any) -> None:
    if origin_of(socket.url) == visit.origin:
        socket.connect_to_server()
    else:
        visit.blocked.append(socket.url)
        socket.close(code=1008, reason="blocked by the test")


def _console(visit: Visit, message: Any) -> None:
    if message.type == "error":
        visit.errors.append(f"console: {message.text}")


@pytest.fixture(scope="session")
def chromium() -> Chromium:
    """Headless Chromium for the test (skipped without it, failed in CI)."""
    return Chromium(chromium_path())


@contextmanager
def start_hub(database_url: str, log_dir: Path, **env: str) -> Iterator[Server]:
    """`hub serve` on a free loopback port over `database_url` (migrated first), until the
    block ends. Extra `HUB_...` settings come as keyword arguments: `anonymous_role="..."`."""
    port = free_port()
    settings = {f"HUB_{name.upper()}": value for name, value in env.items()}
    hub = str(Path(sys.executable).with_name("hub"))
    server = start(
        "hub",
        [hub, "serve", "--host", "127.0.0.1", "--port", str(port)],
        port=port,
        ready_path="/readyz",
        log_dir=log_dir,
        env={"HUB_DATABASE_URL": database_url, **settings},
    )
    try:
        yield server
    finally:
        server.stop()


def create_key(database_url: str, role: str, force: str | None = None) -> str:
    """A new API key of `role` (and `force`) in the database, through `hub keys create`."""
    hub = str(Path(sys.executable).with_name("hub"))
    argv = [hub, "keys", "create", "--role", role, "--name", f"browser test {role}"]
    if force:
        argv += ["--force", force]
    done = subprocess.run(
        argv,
        cwd=ROOT,
        env={**os.environ, "HUB_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]
