"""GraphiQL's static files: the vendored packages (copied from node_modules by `make graphiql`)
and the hub's own script and style, held in memory and served with long-lived cache headers."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

HERE = Path(__file__).resolve().parent
VENDOR_DIR = HERE / "vendor"
STATIC_DIR = HERE / "static"
MANIFEST = "manifest.json"
JS = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"
#: Served file name -> (npm package, file inside the package, media type).
VENDORED: dict[str, tuple[str, str, str]] = {
    "react.production.min.js": ("react", "umd/react.production.min.js", JS),
    "react-dom.production.min.js": ("react-dom", "umd/react-dom.production.min.js", JS),
    "graphiql.min.js": ("graphiql", "graphiql.min.js", JS),
    "graphiql.min.css": ("graphiql", "graphiql.min.css", CSS),
}
OWN: dict[str, str] = {"hub-graphiql.js": JS, "hub-graphiql.css": CSS}
log = logging.getLogger("hub.graphiql")
IMMUTABLE = "public, max-age=31536000, immutable"


def vendor(node_modules: Path, dest: Path = VENDOR_DIR) -> dict[str, dict[str, str]]:
    """Copy GraphiQL's files from `node_modules` (installed from package-lock.json) into `dest`,
    with a manifest of each file's package, version and digest."""
    dest.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict[str, str]] = {}
    for name, (package, inner, _media) in VENDORED.items():
        root = node_modules / package
        version = json.loads((root / "package.json").read_text(encoding="utf-8"))["version"]
        shutil.copyfile(root / inner, dest / name)
        manifest[name] = {"package": package, "version": version, "sha384": _sha384(dest / name)}
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _sha384(path: Path) -> str:
    return base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


@dataclass(frozen=True)
class Asset:
    """One file as served: its bytes, media type and Subresource Integrity digest."""

    name: str
    body: bytes
    media_type: str
    integrity: str
    #: A short digest of the content, put in the URL so browsers may cache it forever.
    version: str

    @classmethod
    def read(cls, path: Path, media_type: str) -> Asset:
        body = path.read_bytes()
        integrity = "sha384-" + base64.b64encode(hashlib.sha384(body).digest()).decode()
        return cls(path.name, body, media_type, integrity, hashlib.sha256(body).hexdigest()[:16])

    @property
    def url(self) -> str:
        return f"/graphiql/{self.name}?v={self.version}"

    @cached_property
    def gzipped(self) -> bytes:
        """The content compressed once, when first asked for (GraphiQL's 3.5 MB become 0.75)."""
        return gzip.compress(self.body, compresslevel=6, mtime=0)


class Assets:
    """GraphiQL's files, read once; `missing` names what `make graphiql` has not built."""

    def __init__(self, vendor_dir: Path = VENDOR_DIR, static_dir: Path = STATIC_DIR) -> None:
        self.files: dict[str, Asset] = {}
        self.missing: list[str] = []
        sources = {name: (vendor_dir / name, media) for name, (_, _, media) in VENDORED.items()}
        sources |= {name: (static_dir / name, media) for name, media in OWN.items()}
        for name, (path, media_type) in sources.items():
            if not path.is_file():
                self.missing.append(name)
                continue
            self.files[name] = Asset.read(path, media_type)
        if self.missing:
            log.warning("GraphiQL's files are missing (%s): run `make graphiql`", self.missing)

    async def serve(self, request: Request) -> Response:
        """GET /graphiql/{name}: the file, cached for a year when asked for by its digest."""
        asset = self.files.get(request.path_params["name"])
        if asset is None:
            return Response("not found", status_code=404, media_type="text/plain")
        etag = f'"{asset.version}"'
        current = request.query_params.get("v") == asset.version
        headers = {
            "ETag": etag,
            "Cache-Control": IMMUTABLE if current else "no-cache",
            "X-Content-Type-Options": "nosniff",
        }
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        headers["Vary"] = "Accept-Encoding"
        if "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(asset.gzipped, media_type=asset.media_type, headers=headers)
        return Response(asset.body, media_type=asset.media_type, headers=headers)
