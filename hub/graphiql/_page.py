"""GraphiQL's page: the hub's own files only, the example queries as tabs, a key field."""

from __future__ import annotations

import json
from html import escape

from hub.graphiql._assets import Assets

#: Nothing but the hub: scripts and styles from the hub, requests (HTTP and WebSocket) to it.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
SCRIPTS = ("react.production.min.js", "react-dom.production.min.js", "graphiql.min.js")
STYLES = ("graphiql.min.css", "hub-graphiql.css")
KEY_FORM = """\
<form id="hub-key" autocomplete="off">
  <strong>Mutual aid hub</strong>
  <label for="hub-key-input">API key</label>
  <input id="hub-key-input" type="password" spellcheck="false" placeholder="paste a key: hub_…">
  <button type="submit">Use key</button>
  <button type="button" id="hub-key-forget">Forget key</button>
  <span id="hub-key-status" role="status"></span>
</form>"""
MISSING = """\
<p>GraphiQL's files are not built on this hub (missing: {names}).
Run <code>make graphiql</code> in the hub's folder, or <code>npm ci</code> then
<code>python -m hub.graphiql node_modules</code>, and restart the hub.</p>"""


def _json_for_html(value: object) -> str:
    """JSON that cannot end the <script> element it sits in."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_page(assets: Assets, examples: dict[str, str]) -> str:
    """The HTML of GET /graphql for a browser (or a note on how to build the assets)."""
    files = assets.files
    tabs = [{"name": name, "query": query} for name, query in examples.items()]
    head = [
        f'<link rel="stylesheet" href="{files[name].url}" integrity="{files[name].integrity}">'
        for name in STYLES
        if name in files
    ]
    if assets.missing:
        body = MISSING.format(names=escape(", ".join(assets.missing)))
    else:
        scripts = [*SCRIPTS, "hub-graphiql.js"]
        tags = [
            f'<script src="{files[name].url}" integrity="{files[name].integrity}"></script>'
            for name in scripts
        ]
        body = "\n".join([KEY_FORM, '<div id="graphiql">Loading GraphiQL…</div>', *tags])
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>Mutual aid hub</title>",
            '<link rel="icon" href="data:,">',
            *head,
            "</head>",
            "<body>",
            f'<script type="application/json" id="hub-examples">{_json_for_html(tabs)}</script>',
            body,
            "</body>",
            "</html>",
        ]
    )
