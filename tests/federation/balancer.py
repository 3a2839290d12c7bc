"""A round-robin HTTP load balancer that records what it forwards, for the federation tests.

    python -m tests.federation.balancer --port PORT BACKEND_URL [BACKEND_URL ...]

Each request goes to the next backend in turn. `GET /_balancer` reports how many requests each
backend served and the headers of the latest requests, so a test can see what the gateway sent.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
from collections import Counter, deque
from collections.abc import AsyncIterator
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "host", "content-length"}


def create_app(backends: list[str]) -> Starlette:
    """The balancer over `backends` (base URLs)."""
    turn = itertools.cycle(backends)
    served: Counter[str] = Counter()
    seen: deque[dict[str, str]] = deque(maxlen=50)
    client: dict[str, httpx.AsyncClient] = {}

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=30.0) as http:
            client["http"] = http
            yield

    async def forward(request: Request) -> Response:
        backend = next(turn)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        seen.append({k.lower(): v for k, v in headers.items()})
        upstream = await client["http"].request(
            request.method,
            backend + request.url.path,
            params=request.query_params,
            headers=headers,
            content=await request.body(),
        )
        served[backend] += 1
        kept = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP}
        kept.pop("content-encoding", None)
        return Response(upstream.content, upstream.status_code, headers=kept)

    async def report(_request: Request) -> Response:
        body: dict[str, Any] = {"served": dict(served), "headers": list(seen)}
        return JSONResponse(body)

    async def reset(_request: Request) -> Response:
        served.clear()
        seen.clear()
        return JSONResponse({"status": "reset"})

    routes = [
        Route("/_balancer", report, methods=["GET"]),
        Route("/_balancer", reset, methods=["DELETE"]),
        Route("/{path:path}", forward, methods=["GET", "POST"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def main() -> None:
    parser = argparse.ArgumentParser(description="Round-robin load balancer for the tests.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("backends", nargs="+")
    args = parser.parse_args()
    app = create_app([url.rstrip("/") for url in args.backends])
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
