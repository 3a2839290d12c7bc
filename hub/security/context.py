"""What the security extensions need from a request's context (the resolvers' RequestContext)."""

from __future__ import annotations

from typing import Any, Protocol

from hub.config import Settings
from hub.security.errors import SecurityError
from hub.security.state import RequestSecurity


class SecuredContext(Protocol):
    """A context with the hub's settings and the request's security state."""

    settings: Settings
    security: RequestSecurity


def secured(context: Any) -> SecuredContext:
    """The context, checked: an operation without security state is refused, never waved on."""
    if not isinstance(getattr(context, "security", None), RequestSecurity):
        raise SecurityError("UNAUTHENTICATED", "no principal for this operation", 401)
    if not isinstance(getattr(context, "settings", None), Settings):
        raise SecurityError("UNAUTHENTICATED", "no settings for this operation", 401)
    result: SecuredContext = context
    return result
