"""GraphiQL's page and files: served by the hub alone, pinned, cached, fenced by a CSP.

(tests/e2e/test_graphiql.py drives the page in a real browser.)"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from hub.app import create_app
from hub.config import Settings
from hub.graphiql import VENDOR_DIR, Assets, render_page
from hub.graphiql._assets import MANIFEST, STATIC_DIR, VENDORED
from hub.schema.examples import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
HTML = {"accept": "text/html"}


def _require_vendored() -> None:
    if not (VENDOR_DIR / MANIFEST).exists():
        pytest.fail("GraphiQL's files are not built: run `make graphiql`")


@pytest.fixture
async def http(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The hub's routes without its lifespan: the page and its files need no database."""
    _require_vendored()
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client:
        yield client


def _links(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]*)"', page)


async def test_the_page_names_only_the_hubs_own_files(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", headers=HTML)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self';" in csp
    assert "connect-src 'self';" in csp
    assert "http" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    links = _links(response.text)
    assert links, response.text
    assert all(link.startswith(("/graphiql/", "data:")) for link in links), links
    assert "unpkg" not in response.text
    assert len(re.findall(r'integrity="sha384-', response.text)) == len(links) - 1  # not the icon


async def test_the_page_carries_every_example_query(http: httpx.AsyncClient) -> None:
    page = (await http.get("/graphql", headers=HTML)).text
    data = re.search(r'<script type="application/json" id="hub-examples">(.*?)</script>', page)
    assert data is not None
    tabs = json.loads(data.group(1))
    assert [(tab["name"], tab["query"]) for tab in tabs] == list(EXAMPLES.items())


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("graphiql.min.js", "text/javascript"),
        ("react.production.min.js", "text/javascript"),
        ("react-dom.production.min.js", "text/javascript"),
        ("graphiql.min.css", "text/css"),
        ("hub-graphiql.js", "text/javascript"),
        ("hub-graphiql.css", "text/css"),
    ],
)
async def test_each_file_is_served_with_its_type_and_cached_by_digest(
    http: httpx.AsyncClient, name: str, media_type: str
) -> None:
    page = (await http.get("/graphql", headers=HTML)).text
    (url,) = [link for link in _links(page) if link.startswith(f"/graphiql/{name}?")]
    response = await http.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-encoding"] == "gzip"  # httpx asks for it, and unpacks it
    plain = await http.get(url, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.content == response.content
    files = {"hub-graphiql.js": STATIC_DIR, "hub-graphiql.css": STATIC_DIR}
    assert plain.content == (files.get(name, VENDOR_DIR) / name).read_bytes()
    etag = response.headers["etag"]
    again = await http.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    stale = await http.get(f"/graphiql/{name}?v=0000")
    assert stale.status_code == 200
    assert stale.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("name", ["nothing.js", "..%2Fapp.py", "manifest.json", "%2E%2E"])
async def test_only_known_files_are_served(http: httpx.AsyncClient, name: str) -> None:
    assert (await http.get(f"/graphiql/{name}")).status_code == 404


def test_the_vendored_files_are_the_locked_packages() -> None:
    _require_vendored()
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    declared = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    manifest = json.loads((VENDOR_DIR / MANIFEST).read_text(encoding="utf-8"))
    for name, (package, inner, _media) in VENDORED.items():
        locked = lock[f"node_modules/{package}"]["version"]
        assert declared[package] == locked == manifest[name]["version"], name
        installed = ROOT / "node_modules" / package / inner
        assert (VENDOR_DIR / name).read_bytes() == installed.read_bytes(), name


def test_without_the_files_the_page_says_how_to_build_them(tmp_path: Path) -> None:
    assets = Assets(vendor_dir=tmp_path)
    assert sorted(assets.missing) == sorted(VENDORED)
    page = render_page(assets, EXAMPLES)
    assert "make graphiql" in page
    assert "<script src=" not in page
