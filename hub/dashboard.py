"""The operations dashboard at `/`: the front-end built from dashboard/ (docs/dashboard.md).

The page is the built `index.html` with a `<base>` naming the path the hub is served under
(the ASGI root path, e.g. `uvicorn --root-path`, or a proxy's `X-Forwarded-Prefix`), so its
assets and its calls to /graphql keep the prefix. Every response carries a Content-Security-
Policy that allows only the hub itself: the dashboard loads nothing from anywhere else.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

#: Where `make dashboard` (npm run build in dashboard/) writes the built front-end.
DIST = Path(__file__).resolve().parents[1] / "dashboard" / "dist"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        # ECharts positions its tooltips and SVG through style attributes, never <style>.
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
#: A path prefix: segments of unreserved characters, no trailing slash ("" for none).
PREFIX = re.compile(r"(?:/[A-Za-z0-9._~-]+)*")
NOT_BUILT = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Dashboard not built</title></head><body><h1>The dashboard is not built</h1>
<p>Run <code>make dashboard</code> (or <code>npm ci &amp;&amp; npm run build</code> in
<code>dashboard/</code>) and reload. GraphiQL is at <a href="graphql">graphql</a>.</p></body></html>
"""


def path_prefix(request: Request) -> str:
    """The prefix the browser sees before the hub's own paths: the proxy's, else the root path."""
    for candidate in (request.headers.get("x-forwarded-prefix"), request.scope.get("root_path")):
        prefix = (candidate or "").strip().rstrip("/")
        if prefix and PREFIX.fullmatch(prefix):
            return prefix
    return ""


class _Headed:
    """An ASGI app whose responses all carry the security headers (and a cache policy)."""

    def __init__(self, app: StaticFiles, cache_control: str) -> None:
        self.app = app
        self.extra = [
            (name.lower().encode(), value.encode())
            for name, value in {**SECURITY_HEADERS, "Cache-Control": cache_control}.items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Dashboard:
    """The dashboard's routes: the page at `/` and its hashed assets under `/assets`."""

    def __init__(self, dist: Path = DIST) -> None:
        self.dist = dist

    def routes(self) -> list[BaseRoute]:
        assets = StaticFiles(directory=self.dist / "assets", check_dir=False)
        return [
            Route("/", self.page, methods=["GET", "HEAD"]),
            # Asset names carry a hash of their content: they never change, so cache for a year.
            Mount("/assets", _Headed(assets, "public, max-age=31536000, immutable")),
        ]

    async def page(self, request: Request) -> Response:
        """The built page with a `<base>` for the prefix the hub is served under."""
        index = self.dist / "index.html"
        if not index.is_file():
            return HTMLResponse(NOT_BUILT, status_code=503, headers=SECURITY_HEADERS)
        base = f'<base href="{html.escape(path_prefix(request))}/">'
        page = index.read_text(encoding="utf-8").replace("<head>", f"<head>\n    {base}", 1)
        headers = {**SECURITY_HEADERS, "Cache-Control": "no-store", "Vary": "X-Forwarded-Prefix"}
        return HTMLResponse(page, headers=headers)


__all__ = ["CONTENT_SECURITY_POLICY", "Dashboard", "path_prefix"]
