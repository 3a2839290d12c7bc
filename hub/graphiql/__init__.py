"""GraphiQL, served whole by the hub: pinned assets from the project's npm packages, the
hub's example queries, an API key kept for the browser tab only, and a Content-Security-Policy
that lets the page reach nothing but the hub (docs/graphiql.md)."""

from hub.graphiql._assets import VENDOR_DIR, Assets, vendor
from hub.graphiql._page import PAGE_HEADERS, render_page

__all__ = ["PAGE_HEADERS", "VENDOR_DIR", "Assets", "render_page", "vendor"]
