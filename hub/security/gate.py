"""The door of every HTTP request: who is calling (API key), how often, and why (X-Purpose)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from functools import partial

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import HTTPConnection, Request

from hub.config import Settings
from hub.security.errors import SecurityError
from hub.security.keys import authenticate, hash_key
from hub.security.principal import Principal, Role, anonymous
from hub.security.ratelimit import limit_for, rate_limiter

log = logging.getLogger("hub.security")
PURPOSE_HEADER = "x-purpose"
MAX_PURPOSE = 200
#: The most keys a process remembers at once (it forgets them all when full).
MAX_CACHED_KEYS = 10_000
#: Seconds a client is asked to wait before trying again when the database is unavailable.
RETRY_AFTER_S = 30


def _unauthenticated(message: str) -> SecurityError:
    return SecurityError(
        "UNAUTHENTICATED", message, 401, headers={"WWW-Authenticate": 'Bearer realm="hub"'}
    )


def _unavailable(error: Exception) -> SecurityError:
    log.error("the security database is unavailable", exc_info=error)
    return SecurityError(
        "DB_UNAVAILABLE",
        "the hub's database is unavailable; try again",
        503,
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


class Gate:
    """Authenticates requests and applies the rate limits; lives as long as the app."""

    def __init__(
        self, settings: Settings, engine: AsyncEngine, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.limiter = rate_limiter(settings, engine)
        self.clock = clock
        # Valid keys by hash, with when to ask the database again (`key_cache_s`).
        self._known: dict[str, tuple[Principal, float]] = {}
        # Look-ups under way by hash: the requests that come while one is running wait for
        # its answer (when a remembered key expired, every request in flight asked at once,
        # each on a connection of its own, most of them opened for it).
        self._asking: dict[str, asyncio.Future[Principal | None]] = {}

    async def principal(
        self, request: HTTPConnection, authorization: str | None = None
    ) -> Principal:
        """The caller, from `Authorization: Bearer KEY` (the request's header, or `authorization`
        where it travels otherwise: a WebSocket's `connection_init`); UNAUTHENTICATED (401) if not.
        """
        header = request.headers.get("authorization") if authorization is None else authorization
        if header is None:
            if self.settings.anonymous_role is not None:
                return anonymous(Role(self.settings.anonymous_role))
            raise _unauthenticated("send an API key: `Authorization: Bearer KEY`")
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise _unauthenticated("the Authorization header must be `Bearer KEY`")
        principal = await self._authenticate(key.strip())
        if principal is None:
            raise _unauthenticated("the API key is unknown or revoked")
        return principal

    async def _authenticate(self, key: str) -> Principal | None:
        """The key's principal: remembered for `key_cache_s`, else from the database (one
        look-up at a time per key)."""
        digest = hash_key(key)
        known = self._known.get(digest)
        if known is not None and known[1] > self.clock():
            return known[0]
        if self.settings.key_cache_s <= 0:  # each request asks, after it came
            return await self._look_up(key, digest)
        asking = self._asking.get(digest)
        if asking is None:
            asking = asyncio.ensure_future(self._look_up(key, digest))
            self._asking[digest] = asking
            asking.add_done_callback(partial(self._asked, digest))
        # Shielded: a request given up on (its client gone) leaves the look-up to the others.
        return await asyncio.shield(asking)

    def _asked(self, digest: str, done: asyncio.Future[Principal | None]) -> None:
        self._asking.pop(digest, None)
        if not done.cancelled():
            done.exception()  # retrieved here too, should every request have gone

    async def _look_up(self, key: str, digest: str) -> Principal | None:
        now = self.clock()
        try:
            async with self.engine.connect() as connection:
                principal = await authenticate(connection, key)
        except (DBAPIError, OSError) as error:
            raise _unavailable(error) from error
        if principal is None or self.settings.key_cache_s <= 0:
            self._known.pop(digest, None)
            return principal
        if len(self._known) >= MAX_CACHED_KEYS:
            self._known.clear()
        self._known[digest] = (principal, now + self.settings.key_cache_s)
        return principal

    async def admit(self, principal: Principal, request: HTTPConnection) -> None:
        """Count the request against the key's rate limit; RATE_LIMITED (429) over it."""
        bucket = principal.bucket
        if principal.anonymous:
            bucket = f"anonymous:{request.client.host if request.client else '-'}"
        limit = limit_for(self.settings, principal)
        try:
            verdict = await self.limiter.hit(bucket, limit)
        except (DBAPIError, OSError) as error:
            raise _unavailable(error) from error
        if not verdict.allowed:
            raise SecurityError(
                "RATE_LIMITED",
                f"over {limit} requests in {self.settings.rate_limit_window_s} s; slow down",
                429,
                headers={"Retry-After": str(verdict.retry_after)},
            )

    async def authorize(
        self, request: HTTPConnection, authorization: str | None = None
    ) -> Principal:
        """Both: the principal, counted against its limit (an HTTP request or a WebSocket)."""
        principal = await self.principal(request, authorization)
        await self.admit(principal, request)
        return principal


def read_purpose(request: Request) -> str | None:
    """The purpose of the access from `X-Purpose`, checked: printable, at most 200 characters."""
    purpose = request.headers.get(PURPOSE_HEADER, "").strip()
    if not purpose:
        return None
    if len(purpose) > MAX_PURPOSE or not purpose.isprintable():
        raise SecurityError(
            "PURPOSE_INVALID", f"X-Purpose must be printable text of at most {MAX_PURPOSE}", 400
        )
    return purpose
