"""The hub serves the built dashboard at / with a strict Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from hub.app import create_app
from hub.config import Settings
from hub.dashboard import CONTENT_SECURITY_POLICY, Dashboard

PAGE = '<!doctype html><html><head><script src="./assets/app-1a2b.js"></script></head></html>'


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "assets" / "app-1a2b.js").write_text("console.log(1)")
    return tmp_path


def _client(dist: Path, root_path: str = "") -> httpx.AsyncClient:
    app = Starlette(routes=Dashboard(dist).routes())
    transport = httpx.ASGITransport(app=app, root_path=root_path)
    return httpx.AsyncClient(transport=transport, base_url="http://hub")


async def test_the_page_names_its_base_and_forbids_other_hosts(dist: Path) -> None:
    async with _client(dist) as client:
        response = await client.get("/")
    assert response.status_code == 200
    assert '<head>\n    <base href="/">' in response.text
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-frame-options"] == "DENY"


def test_the_policy_allows_no_outside_host() -> None:
    allowed = {"'self'", "'none'", "data:", "blob:", "'unsafe-inline'"}
    for directive in CONTENT_SECURITY_POLICY.split("; "):
        name, *sources = directive.split()
        assert set(sources) <= allowed, directive
        assert "'unsafe-inline'" not in sources or name == "style-src-attr", directive
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    ("header", "root_path", "base"),
    [
        ("/hub", "", "/hub/"),
        ("/mutual-aid/hub/", "", "/mutual-aid/hub/"),
        (None, "/behind", "/behind/"),
        ("/proxy", "/behind", "/proxy/"),
        ('/x"><script>alert(1)</script>', "", "/"),
        ("//evil.example", "", "/"),
        ("https://evil.example", "", "/"),
    ],
)
async def test_a_path_prefix_from_the_proxy_or_root_path(
    dist: Path, header: str | None, root_path: str, base: str
) -> None:
    headers = {} if header is None else {"x-forwarded-prefix": header}
    async with _client(dist, root_path) as client:
        response = await client.get("/", headers=headers)
    assert f'<base href="{base}">' in response.text
    assert response.text.count("<base") == 1


async def test_assets_are_served_with_the_policy_and_cached(dist: Path) -> None:
    async with _client(dist) as client:
        response = await client.get("/assets/app-1a2b.js")
        missing = await client.get("/assets/nothing.js")
    assert response.status_code == 200
    assert response.text == "console.log(1)"
    assert "immutable" in response.headers["cache-control"]
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert missing.status_code == 404


async def test_an_unbuilt_dashboard_says_how_to_build_it(tmp_path: Path) -> None:
    async with _client(tmp_path / "none") as client:
        response = await client.get("/")
    assert response.status_code == 503
    assert "make dashboard" in response.text


async def test_the_hub_mounts_the_dashboard_at_its_root(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}")
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
        response = await client.get("/")
    assert response.status_code in (200, 503)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
