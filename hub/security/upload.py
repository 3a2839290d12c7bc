"""POST /ingest: a force's export uploaded over HTTP and imported by the adapters pipeline.

    POST /ingest?adapter=hr-officers&filename=officers.csv[&force=CODE][&dry_run=true][&strict=true]
    Authorization: Bearer KEY          (an ingest key: its own force only; or a coordinator)
    body: the file's bytes, streamed to a temporary file with a size cap

The answer is the import reports (`{"reports": [...]}`), as `hub ingest --report` writes them:
200 when each file was imported (with or without rejects), and 503 with `Retry-After` and the
reports when the database was lost during the import (a report FAILED with DB_UNAVAILABLE), so
that a partner's system sends the file again later.
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy.exc import DBAPIError
from starlette.requests import Request
from starlette.responses import Response

from hub.config import Settings
from hub.errors import HubError
from hub.security.errors import SecurityError
from hub.security.gate import RETRY_AFTER_S, Gate
from hub.security.policy import require_ingest

log = logging.getLogger("hub.security")
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class UploadParams:
    """What the query string asks for."""

    adapter: str
    filename: str
    force: str | None
    dry_run: bool
    strict: bool


def _flag(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "yes")


def upload_params(request: Request) -> UploadParams:
    """The upload's parameters; the adapter must be a registered one (never a server path)."""
    from hub.adapters import list_adapters

    query = request.query_params
    adapter = query.get("adapter", "")
    if adapter not in {info.name for info in list_adapters()}:
        raise SecurityError("ADAPTER_NOT_FOUND", "name a registered adapter: ?adapter=NAME", 400)
    name = SAFE_NAME.sub("_", Path(query.get("filename") or "upload").name).strip("._")
    return UploadParams(
        adapter=adapter,
        filename=name[:200] or "upload",
        force=query.get("force") or None,
        dry_run=_flag(query.get("dry_run")),
        strict=_flag(query.get("strict")),
    )


async def save_body(request: Request, path: Path, limit: int) -> None:
    """Stream the request body to `path`, refusing it once it passes `limit` bytes."""
    declared = request.headers.get("content-length")
    too_large = SecurityError("UPLOAD_TOO_LARGE", f"the file is over {limit} bytes", 413)
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    size = 0
    with path.open("wb") as file:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large
            file.write(chunk)


class IngestEndpoint:
    """The /ingest endpoint."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def post(self, request: Request) -> Response:
        """Import one uploaded file for the key's force; the reports, or an error with a code."""
        try:
            reports = await self._import(request)
        except SecurityError as error:
            return _json({"errors": [_entry(error)]}, error.status, error.headers)
        except HubError as error:  # the adapter refused the file or its configuration
            return _json({"errors": [_entry(error)]}, 422)
        except (DBAPIError, ConnectionError) as error:  # lost before the import reported it
            log.error("the database is unavailable for an upload", exc_info=error)
            return _unavailable("the hub's database is unavailable; send the file again later")
        lost = [report for report in reports if _lost(report)]
        if lost:
            return _unavailable(lost[0]["error"]["message"], reports)
        return _json({"reports": reports}, 200)

    async def _import(self, request: Request) -> list[dict[str, Any]]:
        from hub.adapters import ingest

        gate: Gate = request.app.state.gate
        principal = await gate.authorize(request)
        params = upload_params(request)
        force = require_ingest(principal, params.force)
        with tempfile.TemporaryDirectory(prefix="hub-upload-") as folder:
            path = Path(folder) / params.filename
            await save_body(request, path, self.settings.max_upload_bytes)
            reports = await ingest(
                request.app.state.engine,
                params.adapter,
                [path],
                force=force,
                dry_run=params.dry_run,
                strict=params.strict,
                actor=f"key:{principal.name}"[:120],
                mapping_force="same",  # never re-home a mapping's force's data (#12)
            )
        return [report.to_dict() for report in reports]


def _lost(report: dict[str, Any]) -> bool:
    """Whether the import of this file failed because the database went away."""
    error = report.get("error") or {}
    return report.get("status") == "FAILED" and error.get("code") == "DB_UNAVAILABLE"


def _unavailable(message: str, reports: list[dict[str, Any]] | None = None) -> Response:
    """503 DB_UNAVAILABLE with Retry-After, and the reports of what was imported before."""
    error = {"message": message, "extensions": {"code": "DB_UNAVAILABLE"}}
    payload: dict[str, Any] = {"errors": [error]}
    if reports is not None:
        payload["reports"] = reports
    return _json(payload, 503, {"Retry-After": str(RETRY_AFTER_S)})


def _entry(error: HubError) -> dict[str, Any]:
    return {"message": error.message, "extensions": error.extensions()}


def _json(payload: dict[str, Any], status: int, headers: dict[str, str] | None = None) -> Response:
    body = orjson.dumps(payload, default=str)
    return Response(body, status_code=status, media_type="application/json", headers=headers)
